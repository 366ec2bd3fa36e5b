import Fluent
import Foundation

/// A personal API token. The token is shown once; only its SHA-256 is stored.
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

    // Relations
    @Parent(key: "user_id") var user: UserRecord

    init() {}

    init(userID: UUID, name: String, tokenHash: String, prefix: String, expiresAt: Date?) {
        self.id = UUID()
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.expiresAt = expiresAt
    }

    func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}
