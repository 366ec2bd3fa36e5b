import Vapor
import VigilCore

/// A user as the JSON API shows it.
struct UserDTO: Content {
    struct Organisation: Content {
        let id: String
        let name: String
        let kind: OrganisationKind
    }

    let id: String
    let email: String
    let displayName: String
    let organisation: Organisation
    var roles: [Role]
    /// On `/api/v1/me` called with a scoped token: its scopes (left out otherwise).
    var scopes: [String]?
    let twoFactorEnabled: Bool
    let disabled: Bool
    let createdAt: Date?

    init(_ user: UserRecord, organisation: OrganisationRecord) throws {
        self.id = try user.requireID().uuidString.lowercased()
        self.email = user.email
        self.displayName = user.displayName
        self.organisation = Organisation(id: try organisation.requireID().uuidString.lowercased(), name: organisation.name, kind: organisation.kind)
        self.roles = user.roles
        self.twoFactorEnabled = user.totpEnabled
        self.disabled = user.disabledAt != nil
        self.createdAt = user.createdAt
    }
}

struct CreateUserRequest: Content {
    var email: String
    var displayName: String?
    var organisationId: UUID?
    var roles: [String]
}

/// The answer to creating a user: the one-time password is shown here once.
struct CreatedUserDTO: Content {
    let user: UserDTO
    let oneTimePassword: String?
}
