import Fluent
import Foundation
import VigilCore

/// Reporting and working incidents, for the pages and the API alike. Each change is saved with its
/// timeline event and its audit entry in one transaction.
struct IncidentService: Sendable {
    let repository: IncidentRepository
    let organisations: OrganisationRepository
    let users: UserRepository
    let notifications: NotificationService
    let playbooks: PlaybookStore
    let reportingRules: ReportingRuleStore
    let severityCriteria: SeverityCriteriaStore
    let timeZone: TimeZone
    let escalations: EscalationService

    struct Report: Sendable {
        var title: String
        var description: String
        var discoveredAt: Date?
        var occurredAt: Date?
        var systemName: String?
        var reporterContact: String?
        /// The reporter's own organisation when nil.
        var organisationID: UUID?
    }

    func report(_ draft: Report, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> IncidentRecord {
        var problems = FieldProblems()
        let title = try problems.check { try InputValidation.name(draft.title, field: "title", maxLength: 200) }
        let description = try problems.check { try InputValidation.text(draft.description, field: "description", maxLength: 20_000) }
        let discoveredAt = draft.discoveredAt ?? now
        // A clock a few minutes fast on the reporter's phone is not a lie; an hour is.
        if discoveredAt > now.addingTimeInterval(300) { problems.add(.invalid("discoveredAt", "validation.date_future")) }
        if discoveredAt < Date(timeIntervalSince1970: 946_684_800) { problems.add(.invalid("discoveredAt", "validation.date_too_old")) }
        if let occurredAt = draft.occurredAt {
            if occurredAt > now.addingTimeInterval(300) { problems.add(.invalid("occurredAt", "validation.date_future")) }
            if occurredAt > discoveredAt { problems.add(.invalid("occurredAt", "validation.occurred_after_discovered")) }
        }
        let systemName = try problems.check { try InputValidation.optionalName(draft.systemName, field: "systemName", maxLength: 200) }
        let contact = try problems.check { try InputValidation.optionalName(draft.reporterContact, field: "reporterContact", maxLength: 200) }
        let organisationID = draft.organisationID ?? user.organisationID
        let organisation = try await organisations.find(organisationID, in: user.scope, on: db)
        if organisation == nil { problems.add(.invalid("organisationId", "validation.organisation_unknown")) }
        try problems.throwIfAny()
        guard let title, let description, let organisation else { throw VigilError.internal }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let year = calendar.component(.year, from: now)
        let repository = self.repository
        let notifications = self.notifications
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let number = try await repository.nextNumber(organisationID: try organisation.requireID(), year: year, on: db)
            let reference = "\(organisation.code)-\(year)-\(String(format: "%04d", number))"
            let incident = IncidentRecord(
                reference: reference, title: title, details: description, discoveredAt: discoveredAt, occurredAt: draft.occurredAt,
                systemName: systemName ?? nil, reporterContact: contact ?? nil, organisationID: try organisation.requireID(), reporterID: user.userID, reportedAt: now)
            incident.reportingRule = try await reportingRules.rule(at: discoveredAt, on: db)
            try await incident.create(on: db)
            let id = try incident.requireID()
            try await IncidentSearchIndex.update(incident, indicators: [], on: db)
            try await escalations.start(incidentID: id, organisation: organisation, on: db, now: now)
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "reported").create(on: db)
            var changes = AuditChanges()
            changes.created("reference", reference)
            changes.created("title", title)
            audit.record(organisationID: organisation.id, action: "incident.report", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: changes)
            let told = try await notifications.notifyRole(.focalPoint, nearest: organisation, messageKey: "notification.incident_reported",
                                                          arguments: [reference, title], link: IncidentsPath.show(.value(id)).path, on: db, now: now)
            // The timeline says who was told, or that nobody could be: no message claims more.
            try await IncidentEventRecord(incidentID: id, at: now, actorID: nil, actorLabel: "Vigil",
                                          kind: told.isEmpty ? "focal_point_missing" : "focal_point_told",
                                          note: told.isEmpty ? nil : told.joined(separator: ", ")).create(on: db)
            incident.focalPointsTold = told
            incident.$organisation.value = organisation
            return incident
        }
    }

    struct ClassifyInput: Sendable {
        var causeGroup: CauseGroup
        var scenario: Scenario
        var subScenario: String? = nil
        var securityLevel: Int?
        var nationalCritical: Bool
        var impacts: Set<SeriousImpact>
        var beyondCapacity: Bool
        var severityInput: SeverityInput
    }

    struct ClassifyOutcome: Sendable {
        let severity: Severity
        let serious: Bool
        let points: Int
        let explanation: [Explanation]
    }

    /// Classifies the incident and judges its severity by the criteria; a received incident moves
    /// to verification, since classifying is part of that step.
    func classify(_ incident: IncidentRecord, _ input: ClassifyInput, by user: CurrentUser, address: String?,
                  on db: any Database, now: Date = Date()) async throws -> ClassifyOutcome {
        do {
            _ = try Classification(causeGroup: input.causeGroup, scenario: input.scenario)
        } catch {
            throw VigilError.invalid("scenario", "validation.scenario_outside_group")
        }
        if let level = input.securityLevel, !(1...5).contains(level) { throw VigilError.invalid("securityLevel", "validation.security_level") }
        if let code = input.subScenario {
            guard let sub = try await SubScenarioRecord.query(on: db).filter(\.$code == code).first(),
                  sub.scenario == input.scenario.rawValue, sub.retiredAt == nil || incident.subScenario == code
            else { throw VigilError.invalid("subScenario", "validation.sub_scenario_outside", [code]) }
        }
        let level = input.securityLevel ?? incident.securityLevel
        let seriousOutcome = SeriousIncidentRule.decision05of2017.evaluate(
            securityLevel: level, nationalCritical: input.nationalCritical, impacts: input.impacts, beyondCapacity: input.beyondCapacity)
        var severityInput = input.severityInput
        severityInput.securityLevel = level ?? severityInput.securityLevel
        // The criteria in force on the day the incident was discovered, as for its reporting clock.
        let criteria = try await severityCriteria.criteria(at: incident.discoveredAt, on: db)
        let assessment = SeverityRule.assess(severityInput, serious: seriousOutcome.serious, criteria: criteria)
        let explanation = assessment.explanation + seriousOutcome.reasons

        var changes = AuditChanges()
        changes.set("cause_group", from: incident.causeGroup, to: input.causeGroup.rawValue)
        changes.set("scenario", from: incident.scenario, to: input.scenario.rawValue)
        if incident.subScenario != input.subScenario { changes.set("sub_scenario", from: incident.subScenario, to: input.subScenario) }
        changes.set("severity", from: incident.severity, to: assessment.severity.rawValue)
        changes.set("serious", from: String(incident.serious), to: String(seriousOutcome.serious))
        incident.causeGroup = input.causeGroup.rawValue
        incident.scenario = input.scenario.rawValue
        incident.securityLevel = level
        incident.severityComputed = assessment.severity.rawValue
        incident.severity = assessment.severity.rawValue
        incident.severityOverrideReason = nil
        incident.serious = seriousOutcome.serious
        incident.beyondCapacity = input.beyondCapacity
        incident.subScenario = input.subScenario
        incident.refreshNotifyBy()
        incident.assessment = Self.encode(explanation)
        let movesToVerifying = incident.status == .received
        if movesToVerifying { incident.status = .verifying }
        let recorded = changes
        if incident.$organisation.value == nil { try await incident.$organisation.load(on: db) }
        let (playbook, _) = try await playbooks.current(for: input.scenario, organisation: incident.organisation, on: db)
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await Self.applyPlaybook(playbook, to: id, on: db, now: now)
            if movesToVerifying {
                try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "status",
                                              from: IncidentStatus.received.rawValue, to: IncidentStatus.verifying.rawValue).create(on: db)
            }
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "classified",
                                          to: assessment.severity.rawValue, note: input.scenario.rawValue).create(on: db)
            audit.record(organisationID: incident.$organisation.id, action: "incident.classify", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: recorded)
        }
        return ClassifyOutcome(severity: assessment.severity, serious: seriousOutcome.serious, points: assessment.points, explanation: explanation)
    }

    /// Turns the scenario's playbook into the incident's tasks. Reclassifying into another scenario
    /// drops the open tasks of the old playbook and keeps the ones already done, as a record.
    static func applyPlaybook(_ playbook: Playbook, to incidentID: UUID, on db: any Database, now: Date) async throws {
        let existing = try await IncidentTaskRecord.query(on: db).filter(\.$incident.$id == incidentID).all()
        if existing.contains(where: { $0.playbookScenario == playbook.scenario.rawValue }) { return }
        for task in existing where task.status == "open" { try await task.delete(on: db) }
        let start = existing.map(\.position).max() ?? 0
        for (index, step) in playbook.steps.enumerated() {
            try await IncidentTaskRecord(incidentID: incidentID, position: start + index + 1, step: step, playbook: playbook, start: now).create(on: db)
        }
    }

    enum TaskStatus: String, CaseIterable { case open, done, skipped }

    func updateTask(_ incident: IncidentRecord, taskID: UUID, status: String, note: String?, by user: CurrentUser,
                    address: String?, on db: any Database, now: Date = Date()) async throws -> IncidentTaskRecord {
        guard let task = try await IncidentTaskRecord.query(on: db).filter(\.$id == taskID)
            .filter(\.$incident.$id == incident.requireID()).first()
        else { throw VigilError.notFound }
        guard let target = TaskStatus(rawValue: status) else { throw VigilError.invalid("status", "validation.unknown_code", [status]) }
        if let note, note.count > 5_000 { throw VigilError.invalid("note", "validation.too_long", ["5000"]) }
        if target == .skipped && (note?.nilIfEmpty == nil) { throw VigilError.invalid("note", "validation.skip_reason") }
        let from = task.status
        task.status = target.rawValue
        task.note = note?.nilIfEmpty ?? task.note
        task.doneAt = target == .open ? nil : now
        task.doneBy = target == .open ? nil : user.displayName
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await task.update(on: db)
            try await IncidentEventRecord(incidentID: try incident.requireID(), at: now, actorID: user.userID, actorLabel: user.displayName,
                                          kind: "task", from: from, to: target.rawValue, note: task.titleVi).create(on: db)
            var changes = AuditChanges()
            changes.set("task", from: from, to: target.rawValue)
            audit.record(organisationID: incident.$organisation.id, action: "incident.task", objectType: "incident",
                         objectID: try incident.requireID().uuidString.lowercased(), changes: changes)
        }
        return task
    }

    /// Assigns the incident to someone who can work it, in the incident's organisation or above it.
    func assign(_ incident: IncidentRecord, to assigneeID: UUID, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        guard let assignee = try await users.withOrganisation(assigneeID, on: db),
              assignee.disabledAt == nil, assignee.roles.contains(where: { $0.permissions.contains(.handleIncidents) }),
              incident.organisation.path.hasPrefix(assignee.organisation.path)
        else { throw VigilError.invalid("assignee", "validation.assignee") }
        let previous = incident.$assignee.id
        incident.$assignee.id = assigneeID
        let notifications = self.notifications
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "assigned",
                                          note: assignee.displayName).create(on: db)
            var changes = AuditChanges()
            changes.set("assignee", from: previous?.uuidString.lowercased(), to: assigneeID.uuidString.lowercased())
            audit.record(organisationID: incident.$organisation.id, action: "incident.assign", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: changes)
            try await notifications.notify(userID: assigneeID, messageKey: "notification.incident_assigned", arguments: [incident.reference, incident.title],
                                           link: IncidentsPath.show(.value(id)).path, on: db, now: now)
        }
    }

    enum EscalationTarget: String { case leader, coordinator }

    /// Escalates to the agency's leaders, or to the provincial coordinator, who from then on sees it.
    func escalate(_ incident: IncidentRecord, to target: EscalationTarget, note: String?, by user: CurrentUser, address: String?,
                  on db: any Database, now: Date = Date()) async throws {
        if let note, note.count > 5_000 { throw VigilError.invalid("note", "validation.too_long", ["5000"]) }
        if target == .coordinator { incident.escalated = true }
        let notifications = self.notifications
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName,
                                          kind: "escalated", to: target.rawValue, note: note?.nilIfEmpty).create(on: db)
            var changes = AuditChanges()
            changes.set("escalated_to", from: nil, to: target.rawValue)
            audit.record(organisationID: incident.$organisation.id, action: "incident.escalate", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: changes)
            let told = try await notifications.notifyRole(target == .leader ? .leader : .coordinator, nearest: incident.organisation,
                                                          messageKey: "notification.incident_escalated", arguments: [incident.reference, incident.title],
                                                          link: IncidentsPath.show(.value(id)).path, on: db, now: now)
            try await IncidentEventRecord(incidentID: id, at: now, actorID: nil, actorLabel: "Vigil",
                                          kind: told.isEmpty ? "escalation_nobody_told" : "escalation_told",
                                          note: told.isEmpty ? nil : told.joined(separator: ", ")).create(on: db)
        }
    }

    /// The focal point's override of the computed severity; both are kept.
    func overrideSeverity(_ incident: IncidentRecord, to severity: Severity, reason: String, by user: CurrentUser, address: String?,
                          on db: any Database, now: Date = Date()) async throws {
        guard incident.severityComputed != nil else { throw VigilError.invalid("severity", "validation.classify_first") }
        let reason = try InputValidation.text(reason, field: "reason", maxLength: 2_000)
        var changes = AuditChanges()
        changes.set("severity", from: incident.severity, to: severity.rawValue)
        incident.severity = severity.rawValue
        incident.severityOverrideReason = reason
        let recorded = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName,
                                          kind: "severity_override", to: severity.rawValue, note: reason).create(on: db)
            audit.record(organisationID: incident.$organisation.id, action: "incident.override_severity", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: recorded)
        }
    }

    /// Records that the legal notification was sent, which stops the clock.
    func recordNotification(_ incident: IncidentRecord, at sentAt: Date, recipients: String, by user: CurrentUser, address: String?,
                            on db: any Database, now: Date = Date()) async throws {
        guard sentAt <= now.addingTimeInterval(300), sentAt >= incident.discoveredAt.addingTimeInterval(-86_400) else {
            throw VigilError.invalid("sentAt", "validation.notified_at")
        }
        let recipients = try InputValidation.text(recipients, field: "recipients", maxLength: 2_000)
        incident.notifiedAt = sentAt
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "notified",
                                          note: recipients).create(on: db)
            var changes = AuditChanges()
            changes.set("notified_at", from: nil, to: ISO8601DateFormatter().string(from: sentAt))
            audit.record(organisationID: incident.$organisation.id, action: "incident.record_notification", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: changes)
        }
    }

    enum Disposition: String, CaseIterable { case open, notIncident = "not_incident", duplicate }

    /// Marks a report as not an incident, or as a duplicate merged into another incident (its
    /// indicators move along), or promotes it back to an open incident.
    func dispose(_ incident: IncidentRecord, as disposition: Disposition, duplicateOf target: IncidentRecord?, note: String?,
                 by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        if disposition != .open && note?.nilIfEmpty == nil { throw VigilError.invalid("note", "validation.disposition_reason") }
        if disposition == .duplicate {
            guard let target, target.id != incident.id, target.disposition == "open" else {
                throw VigilError.invalid("duplicateOf", "validation.duplicate_target")
            }
        }
        let from = incident.disposition
        incident.disposition = disposition.rawValue
        incident.duplicateOf = disposition == .duplicate ? target?.id : nil
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "disposition",
                                          from: from, to: disposition.rawValue, note: note?.nilIfEmpty).create(on: db)
            if disposition == .duplicate, let target, let targetID = target.id {
                let known = Set(try await repository.indicators(of: targetID, on: db).map { "\($0.type)|\($0.value)" })
                for indicator in try await repository.indicators(of: id, on: db) where !known.contains("\(indicator.type)|\(indicator.value)") {
                    if let type = IndicatorType(rawValue: indicator.type) {
                        try await IncidentIndicatorRecord(incidentID: targetID, indicator: Indicator(type: type, value: indicator.value),
                                                          addedBy: indicator.addedBy, at: now).create(on: db)
                    }
                }
                try await IncidentEventRecord(incidentID: targetID, at: now, actorID: user.userID, actorLabel: user.displayName,
                                              kind: "merged", note: incident.reference).create(on: db)
            }
            var changes = AuditChanges()
            changes.set("disposition", from: from, to: disposition.rawValue)
            changes.set("duplicate_of", from: nil, to: target?.reference)
            audit.record(organisationID: incident.$organisation.id, action: "incident.disposition", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: changes)
        }
    }

    func transition(_ incident: IncidentRecord, to target: IncidentStatus, note: String?, lessonsLearned: String?,
                    by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        let lessons = lessonsLearned?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty ?? incident.lessonsLearned
        do {
            try IncidentWorkflow.check(from: incident.status, to: target, note: note, hasReview: lessons != nil)
        } catch {
            let (key, arguments): (String, [String]) = switch error {
            case .sameStatus: ("transition.same_status", [])
            case .skipsSteps(let from, let to): ("transition.skips_steps", [from.rawValue, to.rawValue])
            case .noteRequired: ("transition.note_required", [])
            case .reviewRequired: ("transition.review_required", [])
            case .cannotReturnToReceived: ("transition.cannot_return", [])
            }
            throw VigilError(status: .conflict, code: "invalid_transition", messageKey: key, arguments: arguments)
        }
        if let note, note.count > 5_000 { throw VigilError.invalid("note", "validation.too_long", ["5000"]) }
        let from = incident.status
        incident.status = target
        incident.lessonsLearned = lessons
        incident.closedAt = target == .closed ? now : nil
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "status",
                                          from: from.rawValue, to: target.rawValue, note: note?.nilIfEmpty).create(on: db)
            var changes = AuditChanges()
            changes.set("status", from: from.rawValue, to: target.rawValue)
            audit.record(organisationID: incident.$organisation.id, action: "incident.transition", objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: changes)
        }
    }

    /// Adds indicators, typed or found in pasted text; returns the ones that were new.
    func addIndicators(_ incident: IncidentRecord, _ indicators: [Indicator], by user: CurrentUser, address: String?, on db: any Database,
                       action: String = "incident.add_indicators", now: Date = Date()) async throws -> [Indicator] {
        let id = try incident.requireID()
        let existing = Set(try await repository.indicators(of: id, on: db).map { "\($0.type)|\($0.value)" })
        let fresh = indicators.filter { !existing.contains("\($0.type.rawValue)|\($0.value)") }
        guard !fresh.isEmpty else { return [] }
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            for indicator in fresh {
                try await IncidentIndicatorRecord(incidentID: id, indicator: indicator, addedBy: user.email, at: now).create(on: db)
            }
            try await IncidentSearchIndex.update(incident, on: db)
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "indicator",
                                          note: fresh.map { "\($0.type.rawValue): \($0.value)" }.joined(separator: "\n")).create(on: db)
            var changes = AuditChanges()
            changes.created("indicators", String(fresh.count))
            audit.record(organisationID: incident.$organisation.id, action: action, objectType: "incident",
                         objectID: id.uuidString.lowercased(), changes: changes)
        }
        return fresh
    }

    static func encode(_ explanation: [Explanation]) -> String {
        (try? String(data: JSONEncoder().encode(explanation), encoding: .utf8)) ?? "[]"
    }

    static func decode(_ text: String?) -> [Explanation] {
        guard let data = text?.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([Explanation].self, from: data)) ?? []
    }
}
