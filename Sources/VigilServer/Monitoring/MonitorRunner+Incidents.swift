import Fluent
import Foundation
import VigilCore

/// What a confirmed problem does: an incident reported by Vigil itself, one per ongoing problem.
extension MonitorRunner {
    /// Vigil as the reporter in an organisation: a user marked as the system, disabled (it never
    /// signs in), in no list; shown by its name, "Vigil", in the timeline, the audit trail and the reports.
    func systemUser(for organisation: OrganisationRecord, on db: any Database, now: Date) async throws -> CurrentUser {
        let user = try await users.systemUser(in: organisation, on: db, now: now)
        return try CurrentUser(user: user, organisation: organisation, channel: .apiToken(id: UUID()), requireTOTPForAll: false)
    }

    /// The incident, its timeline and its evidence are one change: all stored, or none.
    func openOrContinueIncident(_ monitor: MonitorRecord, status: MonitorStatus, result: MonitorProbe.Result, on db: any Database, now: Date) async throws {
        try await db.change(by: .system, at: now) { db, audit in
            let incidentID = try await openOrContinue(monitor, status: status, result: result, on: db, now: now)
            var changes = AuditChanges()
            changes.created("incident", incidentID.uuidString.lowercased())
            audit.record(organisationID: monitor.$organisation.id, action: "monitor.\(status.rawValue)", objectType: "monitor",
                         objectID: try monitor.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    /// Returns the incident's id.
    private func openOrContinue(_ monitor: MonitorRecord, status: MonitorStatus, result: MonitorProbe.Result, on db: any Database, now: Date) async throws -> UUID {
        let detail = checkText(result.outcome, verdict: result.verdict, UILanguage.default)
        // One ongoing problem is one incident: while the last one is open, it gets the news.
        if let id = monitor.incidentID, let open = try await incidents.repository.record(id, on: db), open.status != .closed, open.disposition == "open" {
            try await note(monitor, kind: status == .defaced ? "monitor_defaced" : "monitor_down", detail: detail, on: db, now: now)
            return id
        }
        let organisation = try await monitor.$organisation.get(on: db)
        let vigil = try await systemUser(for: organisation, on: db, now: now)
        let language = UILanguage.default
        let system = try await monitor.systemID.asyncMap { try await assets.system($0, on: db) } ?? nil
        let key = status == .defaced ? "monitor.incident.defaced" : (monitor.monitorKind == .tls ? "monitor.incident.certificate" : "monitor.incident.down")
        let title = localizer.text(key + ".title", language, [monitor.name])
        let description = localizer.text(key + ".description", language, [monitor.name, monitor.target, detail])
        let incident = try await incidents.report(
            .init(title: String(title.prefix(200)), description: description, discoveredAt: now, occurredAt: nil,
                  systemName: system?.name, reporterContact: nil, organisationID: organisation.id),
            by: vigil, address: nil, on: db, now: now)
        if status == .defaced {
            // The scenario is known; the focal point still judges the severity.
            incident.causeGroup = CauseGroup.cyberAttack.rawValue
            incident.scenario = Scenario.defacement.rawValue
            try await incident.save(on: db)
        }
        monitor.incidentID = try incident.requireID()
        try await monitor.save(on: db)
        try await IncidentEventRecord(incidentID: try incident.requireID(), at: now, actorID: nil, actorLabel: "Vigil",
                                      kind: status == .defaced ? "monitor_defaced" : "monitor_down", note: detail).create(on: db)
        var uploads: [EvidenceService.Upload] = []
        if let page = result.page, !page.isEmpty {
            uploads.append(.init(filename: "trang-\(Self.stamp(now)).html", declaredType: "text/html", data: page))
        }
        if status == .defaced, let snapshot = result.snapshot, let baseline = try await activeBaseline(of: try monitor.requireID(), on: db)?.pageSnapshot {
            uploads.append(.init(filename: "khac-biet-\(Self.stamp(now)).txt", declaredType: "text/plain",
                                 data: Data(diffReport(baseline: baseline, page: snapshot, verdict: result.verdict, monitor: monitor, at: now).utf8)))
        }
        if !uploads.isEmpty {
            _ = try await evidence.add(uploads, description: localizer.text("monitor.evidence.description", language, [monitor.name]),
                                       to: incident, by: vigil, address: nil, on: db, now: now)
        }
        return try incident.requireID()
    }

    /// What a check found, in words: "Không tải được trang: quá thời gian chờ", the reasons of a defacement.
    func checkText(_ outcome: CheckOutcome, verdict: DefacementVerdict?, _ language: UILanguage) -> String {
        guard let code = outcome.code else { return "" }
        if code == "defaced", let verdict {
            return localizer.text("monitor.check.defaced", language) + ": "
                + verdict.reasons.prefix(4).map { localizer.text("monitor.reason.\($0.code)", language) + " (" + $0.detail.prefix(120) + ")" }.joined(separator: "; ")
        }
        return localizer.text("monitor.check.\(code)", language, [outcome.detail])
    }

    /// A line on the timeline of the monitor's incident, if it has one.
    func note(_ monitor: MonitorRecord, kind: String, detail: String, on db: any Database, now: Date) async throws {
        guard let id = monitor.incidentID, try await incidents.repository.record(id, on: db) != nil else { return }
        try await IncidentEventRecord(incidentID: id, at: now, actorID: nil, actorLabel: "Vigil", kind: kind, note: detail.isEmpty ? nil : detail).create(on: db)
    }

    /// A certificate about to expire, or not from a known authority: the focal point is told (no incident).
    func warn(_ monitor: MonitorRecord, outcome: CheckOutcome, on db: any Database, now: Date) async throws {
        let organisation = try await monitor.$organisation.get(on: db)
        _ = try await notifications.notifyRole(.focalPoint, nearest: organisation, messageKey: outcome.code == "certificate_untrusted" ? "notification.monitor_certificate_untrusted" : "notification.monitor_certificate",
                                               arguments: [monitor.name, outcome.detail], link: MonitoringPath.monitor(.value(try monitor.requireID())).path,
                                               on: db, now: now)
    }

    /// The readable difference kept as evidence: the reasons, then the visible text's changes.
    func diffReport(baseline: PageSnapshot, page: PageSnapshot, verdict: DefacementVerdict?, monitor: MonitorRecord, at now: Date) -> String {
        let language = UILanguage.default
        var lines = [localizer.text("monitor.evidence.heading", language, [monitor.name, monitor.target, ISO8601DateFormatter().string(from: now)]), ""]
        if let verdict {
            lines.append(localizer.text("monitor.evidence.score", language, [String(format: "%.2f", verdict.score)]))
            for reason in verdict.reasons {
                lines.append("- " + localizer.text("monitor.reason.\(reason.code)", language) + ": " + reason.detail)
            }
            lines.append("")
        }
        lines.append(localizer.text("monitor.evidence.text_changes", language))
        let changes = DefacementCheck.textDiff(baseline: baseline, page: page)
        lines.append(contentsOf: changes.isEmpty ? [localizer.text("monitor.evidence.no_text_changes", language)] : changes)
        return lines.joined(separator: "\n") + "\n"
    }

    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}
