import Fluent
import Foundation
import VigilCore

/// An API token: a person's, or an organisation's integration token (for a SIEM or a ticket
/// system), which acts through a user of its own that never signs in. The token is shown once;
/// only its SHA-256 is stored.
final class ApiTokenRecord: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    // Managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    // Data
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, so that a user can tell their tokens apart.
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "expires_at") var expiresAt: Date?
    /// `TokenScopes.serialized`; nil for a personal token that reaches what its holder's roles do.
    @OptionalField(key: "scopes") var scopesText: String?
    /// Who made an integration token (a name, or the command line).
    @OptionalField(key: "created_by") var createdBy: String?

    // Relations
    /// The holder: the person, or the integration token's own user (`UserRecord.isSystem`).
    @Parent(key: "user_id") var user: UserRecord
    /// Set for an organisation's integration token.
    @OptionalParent(key: "organisation_id") var organisation: OrganisationRecord?

    init() {}

    init(userID: UUID, name: String, tokenHash: String, prefix: String, expiresAt: Date?, scopes: TokenScopes?,
         organisationID: UUID? = nil, createdBy: String? = nil) {
        self.id = UUID()
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.expiresAt = expiresAt
        self.scopesText = scopes?.serialized
        self.$organisation.id = organisationID
        self.createdBy = createdBy
    }

    var scopes: TokenScopes? { scopesText.map(TokenScopes.init(stored:)) }
    var isIntegration: Bool { $organisation.id != nil }

    func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}
