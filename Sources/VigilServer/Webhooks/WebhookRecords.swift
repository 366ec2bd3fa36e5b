import Fluent
import Foundation
import VigilCore

/// An organisation's subscription: where to send which events, and the secret that signs them.
final class WebhookRecord: Model, @unchecked Sendable {
    static let schema = "webhooks"

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    /// The delivery lease: the process sending this webhook's calls holds it, so that calls go out
    /// in order whatever the number of processes.
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "locked_by") var lockedBy: String?

    // Data
    @Field(key: "url") var url: String
    /// The event names, separated by spaces, in `WebhookEvent.allCases` order.
    @Field(key: "events") var eventNames: String
    /// The secret, sealed with the data folder's `webhooks.key` (AES-GCM): it must sign, so it
    /// cannot be only hashed.
    @Field(key: "sealed_secret") var sealedSecret: String

    // Relations
    @Field(key: "organisation_id") var organisationID: UUID

    init() {}

    var events: [WebhookEvent] { eventNames.split(separator: " ").compactMap { WebhookEvent(rawValue: String($0)) } }
}

/// One event for one webhook: queued in the transaction that made the event, sent in order.
final class WebhookDeliveryRecord: Model, @unchecked Sendable {
    static let schema = "webhook_deliveries"

    enum Status: String, Codable, Sendable, CaseIterable { case pending, delivered, failed }

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "status") var statusText: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// When it was queued, or queued again by hand: the retry policy gives up a day after this.
    @Field(key: "queued_at") var queuedAt: Date
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    @OptionalField(key: "last_status_code") var lastStatusCode: Int?
    /// A failure's code (`timeout`, `refused_address`, `http_status` …) of the last attempt.
    @OptionalField(key: "last_error") var lastError: String?

    // Data
    /// The order of the webhook's calls: the audit entry's sequence number.
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "event_id") var eventID: UUID
    @Field(key: "event") var event: String
    /// The JSON body, made once: every attempt sends and signs the same bytes.
    @Field(key: "body") var body: String

    // Relations
    @Field(key: "webhook_id") var webhookID: UUID

    init() {}

    var status: Status { Status(rawValue: statusText) ?? .pending }
}

/// One try at a delivery: when, what answered, how long it took.
final class WebhookAttemptRecord: Model, @unchecked Sendable {
    static let schema = "webhook_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "delivery_id") var deliveryID: UUID
    @Field(key: "webhook_id") var webhookID: UUID
    @Field(key: "at") var at: Date
    @OptionalField(key: "status_code") var statusCode: Int?
    @OptionalField(key: "error") var error: String?
    /// The start of the answer's body, for the log (at most 200 characters).
    @Field(key: "excerpt") var excerpt: String
    @Field(key: "millis") var millis: Int

    init() {}
}
