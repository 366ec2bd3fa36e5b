import Fluent
import Foundation
import VigilCore

/// Reporting and working incidents, for the pages and the API alike. Each change is saved with its
/// timeline event and its audit entry in one transaction.
struct IncidentService: Sendable {
    let repository: IncidentRepository
    let organisations: OrganisationRepository
    let notifications: NotificationService
    let timeZone: TimeZone

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
        return try await db.write { db in
            let number = try await repository.nextNumber(organisationID: try organisation.requireID(), year: year, on: db)
            let reference = "\(organisation.code)-\(year)-\(String(format: "%04d", number))"
            let incident = IncidentRecord(
                reference: reference, title: title, details: description, discoveredAt: discoveredAt, occurredAt: draft.occurredAt,
                systemName: systemName ?? nil, reporterContact: contact ?? nil, organisationID: try organisation.requireID(), reporterID: user.userID, reportedAt: now)
            try await incident.create(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "reported").create(on: db)
            var changes = AuditChanges()
            changes.created("reference", reference)
            changes.created("title", title)
            try await AuditLog.append(on: db, actor: .user(user, address: address), organisationID: organisation.id, action: "incident.report",
                                      objectType: "incident", objectID: id.uuidString.lowercased(), changes: changes, now: now)
            try await notifications.notifyRole(.focalPoint, nearest: organisation, messageKey: "notification.incident_reported",
                                               arguments: [reference, title], link: "/incidents/\(id.uuidString.lowercased())", on: db, now: now)
            incident.$organisation.value = organisation
            return incident
        }
    }

    struct ClassifyInput: Sendable {
        var causeGroup: CauseGroup
        var scenario: Scenario
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
        let level = input.securityLevel ?? incident.securityLevel
        let seriousOutcome = SeriousIncidentRule.decision05of2017.evaluate(
            securityLevel: level, nationalCritical: input.nationalCritical, impacts: input.impacts, beyondCapacity: input.beyondCapacity)
        var severityInput = input.severityInput
        severityInput.securityLevel = level ?? severityInput.securityLevel
        let assessment = SeverityRule.assess(severityInput, serious: seriousOutcome.serious)
        let explanation = assessment.explanation + seriousOutcome.reasons

        var changes = AuditChanges()
        changes.set("cause_group", from: incident.causeGroup, to: input.causeGroup.rawValue)
        changes.set("scenario", from: incident.scenario, to: input.scenario.rawValue)
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
        incident.assessment = Self.encode(explanation)
        let movesToVerifying = incident.status == .received
        if movesToVerifying { incident.status = .verifying }
        let recorded = changes
        try await db.write { db in
            try await incident.update(on: db)
            let id = try incident.requireID()
            if movesToVerifying {
                try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "status",
                                              from: IncidentStatus.received.rawValue, to: IncidentStatus.verifying.rawValue).create(on: db)
            }
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "classified",
                                          to: assessment.severity.rawValue, note: input.scenario.rawValue).create(on: db)
            try await AuditLog.append(on: db, actor: .user(user, address: address), organisationID: incident.$organisation.id,
                                      action: "incident.classify", objectType: "incident", objectID: id.uuidString.lowercased(), changes: recorded, now: now)
        }
        return ClassifyOutcome(severity: assessment.severity, serious: seriousOutcome.serious, points: assessment.points, explanation: explanation)
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
        try await db.write { db in
            try await incident.update(on: db)
            let id = try incident.requireID()
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "status",
                                          from: from.rawValue, to: target.rawValue, note: note?.nilIfEmpty).create(on: db)
            var changes = AuditChanges()
            changes.set("status", from: from.rawValue, to: target.rawValue)
            try await AuditLog.append(on: db, actor: .user(user, address: address), organisationID: incident.$organisation.id,
                                      action: "incident.transition", objectType: "incident", objectID: id.uuidString.lowercased(), changes: changes, now: now)
        }
    }

    func comment(_ incident: IncidentRecord, text: String, by user: CurrentUser, on db: any Database, now: Date = Date()) async throws {
        let text = try InputValidation.text(text, field: "comment", maxLength: 10_000)
        try await IncidentEventRecord(incidentID: try incident.requireID(), at: now, actorID: user.userID, actorLabel: user.displayName,
                                      kind: "comment", note: text).create(on: db)
    }

    /// Adds indicators, typed or found in pasted text; returns the ones that were new.
    func addIndicators(_ incident: IncidentRecord, _ indicators: [Indicator], by user: CurrentUser, address: String?,
                       on db: any Database, now: Date = Date()) async throws -> [Indicator] {
        let id = try incident.requireID()
        let existing = Set(try await repository.indicators(of: id, on: db).map { "\($0.type)|\($0.value)" })
        let fresh = indicators.filter { !existing.contains("\($0.type.rawValue)|\($0.value)") }
        guard !fresh.isEmpty else { return [] }
        try await db.write { db in
            for indicator in fresh {
                try await IncidentIndicatorRecord(incidentID: id, indicator: indicator, addedBy: user.email, at: now).create(on: db)
            }
            try await IncidentEventRecord(incidentID: id, at: now, actorID: user.userID, actorLabel: user.displayName, kind: "indicator",
                                          note: fresh.map { "\($0.type.rawValue): \($0.value)" }.joined(separator: "\n")).create(on: db)
            var changes = AuditChanges()
            changes.created("indicators", String(fresh.count))
            try await AuditLog.append(on: db, actor: .user(user, address: address), organisationID: incident.$organisation.id,
                                      action: "incident.add_indicators", objectType: "incident", objectID: id.uuidString.lowercased(), changes: changes, now: now)
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

extension String {
    var nilIfEmpty: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
