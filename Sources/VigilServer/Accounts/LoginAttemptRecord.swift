import Fluent
import Foundation

/// One login attempt, kept for throttling (shared by every process through the database).
final class LoginAttemptRecord: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "succeeded") var succeeded: Bool

    init() {}

    init(email: String, address: String, succeeded: Bool, at: Date) {
        self.id = UUID()
        self.email = email.lowercased()
        self.address = address
        self.succeeded = succeeded
        self.at = at
    }
}

/// A two-factor recovery code; stored as SHA-256, usable once.
final class RecoveryCodeRecord: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    @Parent(key: "user_id") var user: UserRecord

    init() {}

    init(userID: UUID, codeHash: String) {
        self.id = UUID()
        self.$user.id = userID
        self.codeHash = codeHash
    }
}
