import Fluent
import Foundation
import SQLKit
import VigilCore

/// The sender's bookkeeping: which peers a process sends to now, each peer's next message, and
/// what each attempt got. Nobody's change, so no audit entry (the message's row is the log).
struct FederationDeliveryStore: Sendable {
    /// Claims live peers whose oldest pending message is due, with a lease (as
    /// `WebhookDeliveryStore.claim`): only the holder sends a peer's messages, in order.
    func claim(limit: Int, lease: TimeInterval, by owner: String, now: Date, on db: any Database) async throws -> [FederationPeerRecord] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let pending = FederationOutboundRecord.Status.pending.rawValue
        return try await sql.raw("""
            UPDATE federation_peers SET locked_until = \(bind: now.addingTimeInterval(lease)), locked_by = \(bind: owner)
            WHERE id IN (SELECT m.peer_id FROM federation_outbound m WHERE m.status = \(bind: pending) AND m.next_attempt_at <= \(bind: now)
                         AND NOT EXISTS (SELECT 1 FROM federation_outbound e WHERE e.peer_id = m.peer_id AND e.status = \(bind: pending)
                                         AND e.queued_at < m.queued_at)
                         ORDER BY m.next_attempt_at LIMIT \(unsafeRaw: String(limit)))
            AND retired_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now))
            RETURNING *
            """).all().map { try $0.decode(fluentModel: FederationPeerRecord.self) }
    }

    /// The peer's oldest pending message, if it is due.
    func head(of peerID: UUID, now: Date, on db: any Database) async throws -> FederationOutboundRecord? {
        let head = try await FederationOutboundRecord.query(on: db).filter(\.$peerID == peerID)
            .filter(\.$statusText == FederationOutboundRecord.Status.pending.rawValue).sort(\.$queuedAt).sort(\.$id).first()
        guard let head, head.nextAttemptAt <= now else { return nil }
        return head
    }

    func release(_ peerID: UUID, by owner: String, on db: any Database) async throws {
        try await FederationPeerRecord.query(on: db).filter(\.$id == peerID).filter(\.$lockedBy == owner)
            .set(\.$lockedUntil, to: nil).set(\.$lockedBy, to: nil).update()
    }

    /// What an attempt got: the peer's signed receipt, or why not.
    struct Result: Sendable {
        var receipt: FederationReceipt?
        var receiptBody: String?
        var receiptSignature: String?
        /// nil when the receipt came back signed.
        var error: String?
    }

    /// Moves the message on: received (with the receipt), due again, or given up after a day.
    func record(_ message: FederationOutboundRecord, _ result: Result, policy: MailRetryPolicy, now: Date, on db: any Database) async throws {
        let attempts = message.attempts + 1
        let id = try message.requireID()
        try await db.write { db in
            var update = FederationOutboundRecord.query(on: db).filter(\.$id == id).set(\.$attempts, to: attempts).set(\.$lastError, to: result.error)
            if let receipt = result.receipt {
                update = update.set(\.$statusText, to: FederationOutboundRecord.Status.received.rawValue).set(\.$receivedAt, to: receipt.receivedAt)
                    .set(\.$receipt, to: result.receiptBody).set(\.$receiptSignature, to: result.receiptSignature)
            } else {
                switch policy.afterFailure(attempts: attempts, queuedAt: message.queuedAt, now: now) {
                case .retry(let at): update = update.set(\.$nextAttemptAt, to: at)
                case .giveUp: update = update.set(\.$statusText, to: FederationOutboundRecord.Status.failed.rawValue)
                }
            }
            try await update.update()
        }
    }
}
