import Fluent
import Foundation
import SQLKit
import VigilCore

/// Fires the escalation steps that fall due: each is claimed by one process with a lease (one
/// conditional `UPDATE … RETURNING`, as the mail outbox does), then, in one transaction, either
/// stops the incident's chain because somebody took it up, or tells the step's contact (in-app
/// when they are a user, and by e-mail through `NotificationService`; by e-mail alone otherwise)
/// and writes the incident's timeline. A process that dies mid-step loses its claim when the
/// lease runs out and another fires it.
struct EscalationRunner: Sendable {
    let incidents: IncidentRepository
    let notifications: NotificationService

    static let lease: TimeInterval = 120

    struct Outcome: Sendable, Equatable {
        var sent = 0
        var stopped = 0
        var skipped = 0
    }

    @discardableResult
    func runDue(on db: any Database, now: Date = Date(), limit: Int = 100) async throws -> Outcome {
        var outcome = Outcome()
        for id in try await claim(limit: limit, on: db, now: now) {
            switch try await fire(id, on: db, now: now) {
            case .sent?: outcome.sent += 1
            case .stopped?: outcome.stopped += 1
            case .skipped?: outcome.skipped += 1
            case .pending?, nil: break
            }
        }
        return outcome
    }

    private func claim(limit: Int, on db: any Database, now: Date) async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let pending = EscalationRunRecord.Status.pending.rawValue
        return try await sql.raw("""
            UPDATE escalation_runs SET locked_until = \(bind: now.addingTimeInterval(Self.lease))
            WHERE id IN (SELECT id FROM escalation_runs WHERE status = \(bind: pending) AND due_at <= \(bind: now)
                         AND (locked_until IS NULL OR locked_until < \(bind: now)) ORDER BY due_at LIMIT \(unsafeRaw: String(limit)))
            AND status = \(bind: pending) AND due_at <= \(bind: now) AND (locked_until IS NULL OR locked_until < \(bind: now))
            RETURNING id
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// One claimed step, in one transaction. Bookkeeping (nobody did it), so plain `write`.
    private func fire(_ id: UUID, on db: any Database, now: Date) async throws -> EscalationRunRecord.Status? {
        let incidents = self.incidents, notifications = self.notifications
        return try await db.write { db -> EscalationRunRecord.Status? in
            guard let run = try await EscalationRunRecord.find(id, on: db), run.status == EscalationRunRecord.Status.pending.rawValue else { return nil }
            guard let incident = try await incidents.record(run.incidentID, on: db), incident.status != .closed,
                  !EscalationChain.isAcknowledged(status: incident.status, assigned: incident.$assignee.id != nil, disposition: incident.disposition)
            else {
                // Taken up (or gone): this step and every later one stop.
                try await EscalationRunRecord.query(on: db).filter(\.$incidentID == run.incidentID)
                    .filter(\.$status == EscalationRunRecord.Status.pending.rawValue)
                    .set(\.$status, to: EscalationRunRecord.Status.stopped.rawValue).set(\.$doneAt, to: now).set(\.$note, to: "acknowledged")
                    .set(\.$lockedUntil, to: nil).update()
                return .stopped
            }
            let contact = try await run.contactID.asyncMap { try await ContactRecord.find($0, on: db) } ?? nil
            let minutes = max(0, Int(now.timeIntervalSince1970 - Double(incident.reportedMillis) / 1000) / 60)
            let arguments = [incident.reference, incident.title, String(minutes), String(run.position)]
            let link = IncidentsPath.show(.value(run.incidentID)).path
            var status = EscalationRunRecord.Status.skipped
            if let contact, let userID = contact.userID {
                try await notifications.notify(userID: userID, messageKey: "notification.escalation_step", arguments: arguments, link: link, on: db, now: now)
                status = .sent
            } else if let contact, let email = contact.email, let linking = try await notifications.mail.linking(on: db) {
                let language = contact.languages.split(separator: ",").first.map(String.init) ?? UILanguage.default.rawValue
                try await notifications.mail.queue(to: [MailNotifier.Recipient(email: email, language: language)], messageKey: "notification.escalation_step",
                                                   arguments: arguments, link: link, linking: linking, on: db, now: now)
                status = .sent
            }
            run.status = status.rawValue
            run.doneAt = now
            run.lockedUntil = nil
            run.note = contact.map { status == .sent ? $0.name : "no_channel:\($0.name)" } ?? "contact_removed"
            try await run.save(on: db)
            try await IncidentEventRecord(incidentID: run.incidentID, at: now, actorID: nil, actorLabel: "Vigil",
                                          kind: status == .sent ? "escalation_step" : "escalation_step_unsent",
                                          note: "\(run.position). \(contact?.name ?? "—")").create(on: db)
            return status
        }
    }
}
