import Fluent
import Foundation
import SQLKit
import VigilCore

/// A message to queue: already in its recipient's language.
struct OutgoingMail: Sendable, Equatable {
    let recipient: MailAddress
    let language: String
    let subject: String
    let body: String
}

/// The only code that touches `mail_outbox`. Other capabilities queue messages with `enqueue`,
/// passing their own transaction's `db`, so that a message exists exactly when the change that
/// caused it was committed; `MailSender` sends them afterwards.
struct MailOutbox: Sendable {
    /// Queues messages in the caller's transaction.
    func enqueue(_ mails: [OutgoingMail], on db: any Database, now: Date) async throws {
        guard !mails.isEmpty else { return }
        try await mails.map {
            MailOutboxRecord(recipient: $0.recipient.description, language: $0.language, subject: String($0.subject.prefix(250)),
                             body: $0.body, now: now)
        }.create(on: db)
    }

    /// Claims due messages for this process with a lease and counts the attempt, in one conditional
    /// `UPDATE … RETURNING` (the conditions repeated outside the subquery so that PostgreSQL re-checks
    /// a row another process has just claimed): several processes share the outbox, each message
    /// goes to one of them, and a process that dies loses its claims when the lease runs out.
    func claim(limit: Int, lease: TimeInterval, on db: any Database, now: Date) async throws -> [MailOutboxRecord] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let queued = MailOutboxRecord.Status.queued.rawValue
        return try await sql.raw("""
            UPDATE mail_outbox SET locked_until = \(bind: now.addingTimeInterval(lease)), attempts = attempts + 1
            WHERE id IN (SELECT id FROM mail_outbox WHERE status = \(bind: queued) AND next_attempt_at <= \(bind: now)
                         AND (locked_until IS NULL OR locked_until < \(bind: now)) ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(limit)))
            AND status = \(bind: queued) AND next_attempt_at <= \(bind: now) AND (locked_until IS NULL OR locked_until < \(bind: now))
            RETURNING *
            """).all().map { try $0.decode(fluentModel: MailOutboxRecord.self) }
    }

    /// How long messages stay in the outbox: sent ones a month (their one-time links expire within
    /// days, and the page shows the latest), given-up ones three months, for the administrator to see why.
    static let keepSent: TimeInterval = 30 * 86_400
    static let keepFailed: TimeInterval = 90 * 86_400

    /// Deletes the messages kept long enough; returns how many.
    @discardableResult
    func prune(on db: any Database, now: Date) async throws -> Int {
        let sent = MailOutboxRecord.query(on: db).filter(\.$statusText == MailOutboxRecord.Status.sent.rawValue)
            .filter(\.$sentAt < now.addingTimeInterval(-Self.keepSent))
        let failed = MailOutboxRecord.query(on: db).filter(\.$statusText == MailOutboxRecord.Status.failed.rawValue)
            .filter(\.$queuedAt < now.addingTimeInterval(-Self.keepFailed))
        let count = try await sent.count() + failed.count()
        try await sent.delete()
        try await failed.delete()
        return count
    }

    func markSent(_ id: UUID, on db: any Database, now: Date) async throws {
        try await MailOutboxRecord.query(on: db).filter(\.$id == id)
            .set(\.$statusText, to: MailOutboxRecord.Status.sent.rawValue).set(\.$sentAt, to: now).set(\.$lockedUntil, to: nil)
            .set(\.$lastErrorCode, to: nil).set(\.$lastError, to: nil)
            .update()
    }

    /// Records a failed attempt: tried again later, or given up (`failed`) by the policy.
    func markFailed(_ record: MailOutboxRecord, failure: SMTPClient.Failure, policy: MailRetryPolicy, on db: any Database, now: Date) async throws {
        let decision = policy.afterFailure(attempts: record.attempts, queuedAt: record.queuedAt, now: now)
        var query = MailOutboxRecord.query(on: db).filter(\.$id == (try record.requireID()))
            .set(\.$lockedUntil, to: nil).set(\.$lastErrorCode, to: failure.code).set(\.$lastError, to: String(failure.detail.prefix(500)))
        switch decision {
        case .retry(let at): query = query.set(\.$nextAttemptAt, to: at)
        case .giveUp: query = query.set(\.$statusText, to: MailOutboxRecord.Status.failed.rawValue)
        }
        try await query.update()
    }

    /// Leaves a claimed message for later without counting the attempt (mail was turned off meanwhile).
    func release(_ record: MailOutboxRecord, on db: any Database) async throws {
        try await MailOutboxRecord.query(on: db).filter(\.$id == (try record.requireID()))
            .set(\.$lockedUntil, to: nil).set(\.$attempts, to: max(0, record.attempts - 1)).update()
    }

    /// An administrator's "try again now": a failed or waiting message is queued afresh (a new day
    /// before it is given up). Answers false when there is no such message, or it was sent.
    func retryNow(_ id: UUID, by user: CurrentUser, address: String?, on db: any Database, now: Date) async throws -> Bool {
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            guard let record = try await MailOutboxRecord.find(id, on: db), record.status != .sent else {
                audit.noEntry()
                return false
            }
            let before = record.statusText
            record.statusText = MailOutboxRecord.Status.queued.rawValue
            record.nextAttemptAt = now
            record.queuedAt = now
            record.lockedUntil = nil
            try await record.update(on: db)
            var changes = AuditChanges()
            changes.set("status", from: before, to: record.statusText)
            audit.record(organisationID: nil, action: "mail.retry", objectType: "mail", objectID: id.uuidString.lowercased(), changes: changes)
            return true
        }
    }

    /// The latest messages, newest first, for the outbox page.
    func recent(limit: Int, on db: any Database) async throws -> [MailOutboxRecord] {
        try await MailOutboxRecord.query(on: db).sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// How many messages there are of each status.
    func counts(on db: any Database) async throws -> [MailOutboxRecord.Status: Int] {
        var counts: [MailOutboxRecord.Status: Int] = [:]
        for status in [MailOutboxRecord.Status.queued, .sent, .failed] {
            counts[status] = try await MailOutboxRecord.query(on: db).filter(\.$statusText == status.rawValue).count()
        }
        return counts
    }
}
