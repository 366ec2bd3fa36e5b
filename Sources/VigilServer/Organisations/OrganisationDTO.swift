import Vapor
import VigilCore

/// An organisation as the JSON API shows it.
struct OrganisationDTO: Content {
    let id: UUID
    let name: String
    let code: String
    let kind: OrganisationKind
    let parentId: UUID?
    let createdAt: Date?

    init(_ record: OrganisationRecord) throws {
        self.id = try record.requireID()
        self.name = record.name
        self.code = record.code
        self.kind = record.kind
        self.parentId = record.$parent.id
        self.createdAt = record.createdAt
    }
}

struct CreateOrganisationRequest: Content {
    var name: String
    var code: String?
    var kind: String?
    var parentId: UUID?
}
