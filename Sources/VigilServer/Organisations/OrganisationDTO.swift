import Vapor
import VigilCore

/// An organisation as the JSON API shows it.
struct OrganisationDTO: Content {
    /// Ids are lower-case UUIDs everywhere: in JSON, in links and on the command line.
    let id: String
    let name: String
    let code: String
    let kind: OrganisationKind
    let parentId: String?
    let createdAt: Date?

    init(_ record: OrganisationRecord) throws {
        self.id = try record.requireID().uuidString.lowercased()
        self.name = record.name
        self.code = record.code
        self.kind = record.kind
        self.parentId = record.$parent.id?.uuidString.lowercased()
        self.createdAt = record.createdAt
    }
}

/// An organisation named inside another record's JSON: its id and name.
struct OrganisationRef: Content {
    let id: String
    let name: String
}

struct CreateOrganisationRequest: Content {
    var name: String
    var code: String?
    var kind: String?
    var parentId: UUID?
}
