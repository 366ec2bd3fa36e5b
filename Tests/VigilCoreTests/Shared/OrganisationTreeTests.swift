import Foundation
import Testing
import VigilCore

@Suite("Organisation tree paths")
struct OrganisationTreeTests {
    @Test("a path's ancestors: their paths root first, their ids from the organisation up")
    func ancestors() {
        let (root, agency, unit) = (UUID(), UUID(), UUID())
        let rootPath = OrganisationTree.path(forID: root.uuidString.lowercased(), parentPath: nil)
        let agencyPath = OrganisationTree.path(forID: agency.uuidString.lowercased(), parentPath: rootPath)
        let unitPath = OrganisationTree.path(forID: unit.uuidString.lowercased(), parentPath: agencyPath)
        #expect(OrganisationTree.ancestorPaths(ofPath: unitPath) == [rootPath, agencyPath, unitPath])
        #expect(OrganisationTree.ancestorPaths(ofPath: rootPath) == [rootPath])
        #expect(OrganisationTree.ancestorPaths(ofPath: "/").isEmpty)
        #expect(OrganisationTree.ancestry(ofPath: unitPath) == [unit, agency, root])
    }
}
