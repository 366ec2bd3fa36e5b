import Fluent
import Foundation
import VigilCore

/// The remediation workflow (`FindingTransition`): people move findings between open, in
/// progress, fixed by hand, risk accepted and false positive, each change recorded and audited;
/// the `finding-deadlines` job reopens expired acceptances and escalates overdue findings to the
/// leader of their organisation, once each.
struct FindingService: Sendable {
    let notifications: NotificationService
    let organisations: OrganisationRepository

    /// A finding within the caller's organisations.
    func find(_ id: UUID, scope: [UUID], on db: any Database) async throws -> FindingRecord {
        guard let finding = try await FindingRecord.query(on: db).filter(\.$id == id).filter(\.$organisationID ~~ scope).first() else {
            throw VigilError.notFound
        }
        return finding
    }

    func change(_ finding: FindingRecord, to status: FindingStatus, note: String, acceptedUntil: Date?, by user: CurrentUser,
                address: String?, on db: any Database, now: Date = Date()) async throws {
        let from = FindingStatus(rawValue: finding.status) ?? .open
        let transition: FindingTransition
        do {
            transition = try FindingTransition(from: from, to: status, note: note, acceptedUntil: acceptedUntil, now: now)
        } catch {
            let field = error == .untilRequired || error == .untilOutOfRange ? "until" : (error == .sameStatus ? "status" : "note")
            throw VigilError.invalid(field, error.rawValue)
        }
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            finding.status = transition.to.rawValue
            finding.acceptedUntil = transition.acceptedUntil
            finding.fixedAt = transition.to == .fixed ? now : nil
            try await finding.update(on: db)
            let event = FindingEventRecord()
            event.id = UUID.timeOrdered(at: now)
            event.findingID = try finding.requireID()
            event.at = now
            event.actor = user.displayName
            event.fromStatus = from.rawValue
            event.toStatus = transition.to.rawValue
            event.note = transition.note
            try await event.create(on: db)
            var changes = AuditChanges()
            changes.set("status", from: from.rawValue, to: transition.to.rawValue)
            if !transition.note.isEmpty { changes.created("note", transition.note) }
            if let until = transition.acceptedUntil { changes.created("accepted_until", ISODay.string(until)) }
            audit.record(organisationID: finding.organisationID, action: "finding.status", objectType: "finding",
                         objectID: try finding.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    func events(of finding: FindingRecord, on db: any Database) async throws -> [FindingEventRecord] {
        try await FindingEventRecord.query(on: db).filter(\.$findingID == finding.requireID()).sort(\.$at, .descending).all()
    }

    /// Expired acceptances reopen; overdue open findings go to the leader, once each.
    func deadlines(on db: any Database, now: Date = Date()) async throws {
        let expired = try await FindingRecord.query(on: db).filter(\.$status == FindingStatus.riskAccepted.rawValue)
            .filter(\.$acceptedUntil <= now).all()
        for finding in expired {
            try await db.write { db in
                finding.status = FindingStatus.open.rawValue
                finding.acceptedUntil = nil
                try await finding.update(on: db)
                let event = FindingEventRecord()
                event.id = UUID.timeOrdered(at: now)
                event.findingID = try finding.requireID()
                event.at = now
                event.actor = "Vigil"
                event.fromStatus = FindingStatus.riskAccepted.rawValue
                event.toStatus = FindingStatus.open.rawValue
                event.note = "acceptance expired"
                try await event.create(on: db)
            }
        }
        let overdue = try await FindingRecord.query(on: db).filter(\.$status ~~ [FindingStatus.open.rawValue, FindingStatus.inProgress.rawValue])
            .filter(\.$dueAt < now).filter(\.$escalatedAt == nil).all()
        let byOrganisation = Dictionary(grouping: overdue, by: \.organisationID)
        for (organisationID, findings) in byOrganisation {
            guard let organisation = try await organisations.find(organisationID, on: db) else { continue }
            // Each finding's passing its deadline is in the audit trail (and so announced as the
            // `finding.overdue` webhook event), once: the escalation mark keeps it from coming again.
            try await db.change(by: .system, at: now) { db, audit in
                try await FindingRecord.query(on: db).filter(\.$id ~~ findings.compactMap(\.id)).set(\.$escalatedAt, to: now).update()
                try await notifications.notifyRole(.leader, nearest: organisation, messageKey: "notification.findings_overdue",
                                                   arguments: [String(findings.count)], link: VulnerabilitiesPath.findings.link(query: ["status": "open"]),
                                                   on: db, now: now)
                for finding in findings {
                    var changes = AuditChanges()
                    changes.created("dueAt", finding.dueAt.map { ISO8601DateFormatter().string(from: $0) })
                    audit.record(organisationID: organisationID, action: "finding.overdue", objectType: "finding",
                                 objectID: try finding.requireID().uuidString.lowercased(), changes: changes)
                }
            }
        }
    }

    /// After the deadlines change: the open findings of the changed severities get their
    /// deadline from the new number of days, counted from their first sighting as before (those
    /// that allow intrusion stay due at once). Returns how many changed.
    @discardableResult
    func applyDeadlines(_ policy: RemediationPolicy, to severities: [FindingSeverity], on db: any Database) async throws -> Int {
        guard !severities.isEmpty else { return 0 }
        let findings = try await FindingRecord.query(on: db).filter(\.$severity ~~ severities.map(\.rawValue))
            .filter(\.$allowsIntrusion == false).filter(\.$status ~~ [FindingStatus.open.rawValue, FindingStatus.inProgress.rawValue]).all()
        for finding in findings {
            let severity = FindingSeverity(rawValue: finding.severity) ?? .info
            finding.dueAt = policy.due(severity: severity, allowsIntrusion: false, firstSeen: finding.firstSeenAt)
            try await finding.update(on: db)
        }
        return findings.count
    }
}
