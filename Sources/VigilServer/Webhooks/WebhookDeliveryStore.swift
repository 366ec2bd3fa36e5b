import Fluent
import Foundation
import SQLKit
import VigilCore

/// The sender's bookkeeping: which webhooks a process sends now, each webhook's next call, and
/// what each attempt got. Nobody's change, so no audit entry (the attempts are the log).
struct WebhookDeliveryStore: Sendable {
    /// Claims webhooks whose head (oldest pending call) is due, for this process, with a lease: one
    /// conditional `UPDATE … RETURNING`, the lease condition repeated outside the subquery so that
    /// PostgreSQL re-checks a row another process has just claimed. Only the holder sends a
    /// webhook's calls, one after the other: they arrive in order however many processes run.
    func claim(limit: Int, lease: TimeInterval, by owner: String, now: Date, on db: any Database) async throws -> [WebhookRecord] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let pending = WebhookDeliveryRecord.Status.pending.rawValue
        return try await sql.raw("""
            UPDATE webhooks SET locked_until = \(bind: now.addingTimeInterval(lease)), locked_by = \(bind: owner)
            WHERE id IN (SELECT d.webhook_id FROM webhook_deliveries d WHERE d.status = \(bind: pending) AND d.next_attempt_at <= \(bind: now)
                         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.status = \(bind: pending)
                                         AND e.sequence < d.sequence)
                         ORDER BY d.next_attempt_at LIMIT \(unsafeRaw: String(limit)))
            AND (locked_until IS NULL OR locked_until < \(bind: now))
            RETURNING *
            """).all().map { try $0.decode(fluentModel: WebhookRecord.self) }
    }

    /// The webhook's oldest pending call, if it is due.
    func head(of webhookID: UUID, now: Date, on db: any Database) async throws -> WebhookDeliveryRecord? {
        let head = try await WebhookDeliveryRecord.query(on: db).filter(\.$webhookID == webhookID)
            .filter(\.$statusText == WebhookDeliveryRecord.Status.pending.rawValue).sort(\.$sequence).first()
        guard let head, head.nextAttemptAt <= now else { return nil }
        return head
    }

    func release(_ webhookID: UUID, by owner: String, on db: any Database) async throws {
        try await WebhookRecord.query(on: db).filter(\.$id == webhookID).filter(\.$lockedBy == owner)
            .set(\.$lockedUntil, to: nil).set(\.$lockedBy, to: nil).update()
    }

    /// What an attempt got.
    struct Result: Sendable {
        var statusCode: Int?
        /// nil when the receiver answered 2xx.
        var error: String?
        var excerpt: String
        var millis: Int
        var delivered: Bool { error == nil }
    }

    /// Logs the attempt and moves the call on: delivered, due again (`MailRetryPolicy.webhooks`) or
    /// given up; one transaction.
    func record(_ delivery: WebhookDeliveryRecord, _ result: Result, policy: MailRetryPolicy, now: Date, on db: any Database) async throws {
        let attempts = delivery.attempts + 1
        try await db.write { db in
            let attempt = WebhookAttemptRecord()
            attempt.id = UUID.timeOrdered(at: now)
            attempt.deliveryID = try delivery.requireID()
            attempt.webhookID = delivery.webhookID
            attempt.at = now
            attempt.statusCode = result.statusCode
            attempt.error = result.error
            attempt.excerpt = result.excerpt
            attempt.millis = result.millis
            try await attempt.create(on: db)
            var update = WebhookDeliveryRecord.query(on: db).filter(\.$id == (try delivery.requireID()))
                .set(\.$attempts, to: attempts).set(\.$lastStatusCode, to: result.statusCode).set(\.$lastError, to: result.error)
            if result.delivered {
                update = update.set(\.$statusText, to: WebhookDeliveryRecord.Status.delivered.rawValue).set(\.$deliveredAt, to: now)
            } else {
                switch policy.afterFailure(attempts: attempts, queuedAt: delivery.queuedAt, now: now) {
                case .retry(let at): update = update.set(\.$nextAttemptAt, to: at)
                case .giveUp: update = update.set(\.$statusText, to: WebhookDeliveryRecord.Status.failed.rawValue)
                }
            }
            try await update.update()
        }
    }

    /// How long calls stay in the log: delivered ones a month, given-up ones three months (for the
    /// focal point to see why, and send again).
    static let keepDelivered: TimeInterval = 30 * 86_400
    static let keepFailed: TimeInterval = 90 * 86_400

    /// Deletes the calls kept long enough, with their attempts; returns how many calls.
    @discardableResult
    func prune(now: Date, on db: any Database) async throws -> Int {
        let delivered = WebhookDeliveryRecord.Status.delivered.rawValue
        let failed = WebhookDeliveryRecord.Status.failed.rawValue
        let old = SQLQueryString("""
            SELECT id FROM webhook_deliveries WHERE (status = \(bind: delivered) AND delivered_at < \(bind: now.addingTimeInterval(-Self.keepDelivered))) \
            OR (status = \(bind: failed) AND queued_at < \(bind: now.addingTimeInterval(-Self.keepFailed)))
            """)
        return try await db.write { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            let ids = try await sql.raw(old).all().map { try $0.decode(column: "id", as: UUID.self) }
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                try await WebhookAttemptRecord.query(on: db).filter(\.$deliveryID ~~ chunk).delete()
                try await WebhookDeliveryRecord.query(on: db).filter(\.$id ~~ chunk).delete()
            }
            return ids.count
        }
    }
}
