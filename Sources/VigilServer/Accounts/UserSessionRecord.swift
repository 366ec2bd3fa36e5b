import Fluent
import Foundation

/// A browser session. Kept in the database so that every Vigil process shares it; only the
/// SHA-256 of the cookie value is stored.
final class UserSessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    enum Stage: String, Codable, Sendable {
        /// Password accepted, second factor still due.
        case awaitingSecondFactor = "totp"
        case active
    }

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    // Data
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "csrf_token") var csrfToken: String
    @Enum(key: "stage") var stage: Stage
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "user_agent") var userAgent: String?

    // Relations
    @Parent(key: "user_id") var user: UserRecord

    init() {}

    init(userID: UUID, tokenHash: String, csrfToken: String, stage: Stage, now: Date, expiresAt: Date,
         address: String?, userAgent: String?) {
        self.id = UUID()
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.stage = stage
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
        self.address = address
        self.userAgent = userAgent.map { String($0.prefix(300)) }
    }
}
