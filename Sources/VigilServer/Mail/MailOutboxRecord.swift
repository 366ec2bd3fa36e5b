import Fluent
import Foundation

/// A message in the outbox: written in the transaction of the change that causes it, sent by
/// `MailSender` afterwards, tried again with backoff (`MailRetryPolicy`) until sent or given up.
final class MailOutboxRecord: Model, @unchecked Sendable {
    static let schema = "mail_outbox"

    enum Status: String, Codable, Sendable { case queued, sent, failed }

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "status") var statusText: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// When the message was queued, or queued again by an administrator: the retry policy gives up
    /// a day after this.
    @Field(key: "queued_at") var queuedAt: Date
    /// The sender's lease: another process leaves the message alone until then.
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    /// `SMTPClient.Failure.code` of the last attempt, and its detail.
    @OptionalField(key: "last_error_code") var lastErrorCode: String?
    @OptionalField(key: "last_error") var lastError: String?

    // Data
    @Field(key: "recipient") var recipient: String
    /// The recipient's language (`vi`, `en`): the subject and body are already in it.
    @Field(key: "language") var language: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String

    init() {}

    init(recipient: String, language: String, subject: String, body: String, now: Date) {
        self.id = UUID.timeOrdered(at: now)
        self.createdAt = now
        self.statusText = Status.queued.rawValue
        self.attempts = 0
        self.nextAttemptAt = now
        self.queuedAt = now
        self.recipient = recipient
        self.language = language
        self.subject = subject
        self.body = body
    }

    var status: Status { Status(rawValue: statusText) ?? .queued }
}
