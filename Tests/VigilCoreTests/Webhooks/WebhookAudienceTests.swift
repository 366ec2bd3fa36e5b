import Foundation
import Testing
import VigilCore

@Suite("Webhooks: whose webhooks hear an event")
struct WebhookAudienceTests {
    let province = UUID(), agency = UUID(), unit = UUID(), team = UUID()

    /// A team inside a unit of an agency of the province, nearest first.
    var chain: [(id: UUID, kind: OrganisationKind)] { [(team, .unit), (unit, .unit), (agency, .agency), (province, .province)] }

    @Test("a unit's events reach the units and the agency above it, never the province")
    func ownAgency() {
        #expect(WebhookAudience.above(chain, reach: .ownAgency) == [team, unit, agency])
        #expect(WebhookAudience.above(Array(chain.dropFirst(2)), reach: .ownAgency) == [agency])
        #expect(WebhookAudience.above([(province, .province)], reach: .ownAgency) == [province])
    }

    @Test("an escalation reaches everyone above; a warning's audience below is the server's subtree")
    func reaches() {
        #expect(WebhookAudience.above(chain, reach: .allAbove) == [team, unit, agency, province])
        #expect(WebhookAudience.above(chain, reach: .allBelow) == [team])
        #expect(WebhookAudience.above([], reach: .allAbove).isEmpty)
        #expect(WebhookAudience.reach(of: .incidentEscalated) == .allAbove)
        #expect(WebhookAudience.reach(of: .advisoryIssued) == .allBelow)
        for event in WebhookEvent.allCases where event != .incidentEscalated && event != .advisoryIssued {
            #expect(WebhookAudience.reach(of: event) == .ownAgency)
        }
    }

    @Test("a path's ancestry, nearest first")
    func ancestry() {
        let path = "/\(province.uuidString.lowercased())/\(agency.uuidString.lowercased())/\(unit.uuidString.lowercased())/"
        #expect(OrganisationTree.ancestry(ofPath: path) == [unit, agency, province])
    }
}
