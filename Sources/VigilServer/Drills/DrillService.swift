import Fluent
import Foundation
import VigilCore

/// Drills: planned on an organisation's systems, run as a timeline, their findings turned into
/// tasks (and, when asked, a review of the systems' response plans), and the yearly obligation.
/// Every write is one change with its audit entry; nothing is stored before all input is checked.
struct DrillService: Sendable {
    let repository: DrillRepository
    let organisations: OrganisationRepository
    let users: UserRepository
    let assets: AssetRepository
    let plans: PlanRepository
    let timeZone: TimeZone

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// A drill, if the caller may see its organisation (404 otherwise, whatever the id).
    func find(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> DrillRecord {
        guard let drill = try await repository.find(id, on: db),
              try await organisations.all(in: user.scope, on: db).contains(where: { $0.id == drill.organisationID }) else { throw VigilError.notFound }
        return drill
    }

    func list(for user: CurrentUser, on db: any Database) async throws -> [DrillRecord] {
        try await repository.drills(ofOrganisations: try await organisations.all(in: user.scope, on: db).compactMap(\.id), on: db)
    }

    /// A time as the API and the forms give it: an ISO 8601 date-time, a form's `datetime-local`
    /// value or a day, the last two read in the display time zone. Years outside 2000–2100 are typing mistakes.
    func time(_ raw: String?, field: String) throws -> Date? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        var date = ISO8601.parse(raw)
        if date == nil {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            // Read back and compared, so that an impossible day (31 February) is refused, not rolled over.
            for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] where date == nil {
                formatter.dateFormat = format
                date = formatter.date(from: raw).flatMap { formatter.string(from: $0) == raw ? $0 : nil }
            }
        }
        guard let date, (2000...2100).contains(calendar.component(.year, from: date)) else { throw VigilError.invalid(field, "validation.date") }
        return date
    }

    static func text(_ raw: String?, field: String, limit: Int, required: Bool, problems: inout FieldProblems) -> String {
        let text = (raw ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if required && text.isEmpty { problems.add(.invalid(field, "validation.required")) }
        if text.count > limit { problems.add(.invalid(field, "validation.too_long", [String(limit)])) }
        if text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) && $0 != "\n" && $0 != "\t" }) {
            problems.add(.invalid(field, "validation.control_characters"))
        }
        return text
    }

    static func uuids(_ raw: [String], field: String, problems: inout FieldProblems) -> [UUID] {
        var ids: [UUID] = []
        for value in raw {
            guard let id = UUID(uuidString: value.trimmingCharacters(in: .whitespaces)) else {
                problems.add(.invalid(field, "validation.id"))
                return []
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    // MARK: Planning

    /// What the API and the form give to plan a drill.
    struct Plan: Sendable {
        var title: String?
        var scenario: String?
        var systemIDs: [String]
        var plannedAt: String?
        var organisedBy: String?
        var objectives: String?
        var participantIDs: [String]
    }

    /// Plans a drill. Its organisation is its systems' (one organisation in the caller's scope);
    /// participants are users of the organisations the caller sees (the form offers those: the
    /// organisation, its units, and for a coordinator the agencies below).
    func create(_ plan: Plan, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> DrillRecord {
        var problems = FieldProblems()
        let title = Self.text(plan.title, field: "title", limit: DrillLimits.title, required: true, problems: &problems)
        let objectives = Self.text(plan.objectives, field: "objectives", limit: DrillLimits.text, required: false, problems: &problems)
        let scenario = Scenario(rawValue: plan.scenario ?? "")
        if scenario == nil { problems.add(.invalid("scenario", "drill.error.scenario")) }
        let plannedAt = try problems.check { try time(plan.plannedAt, field: "plannedAt") } ?? nil
        if plannedAt == nil && problems.errors.allSatisfy({ $0.field != "plannedAt" }) { problems.add(.invalid("plannedAt", "validation.required")) }
        let organiser = DrillOrganiser(plan.organisedBy)
        if organiser == nil { problems.add(.invalid("organisedBy", "drill.error.organiser")) }
        let systemIDs = Self.uuids(plan.systemIDs, field: "systemIds", problems: &problems)
        var organisationID: UUID?
        let visible = Set(try await organisations.all(in: user.scope, on: db).compactMap(\.id))
        if systemIDs.isEmpty {
            if problems.errors.allSatisfy({ $0.field != "systemIds" }) { problems.add(.invalid("systemIds", "drill.error.systems_required")) }
        } else if systemIDs.count > DrillLimits.systems {
            problems.add(.invalid("systemIds", "drill.error.too_many", [String(DrillLimits.systems)]))
        } else {
            let found = try await assets.systems(systemIDs, on: db)
            let owners = Set(found.map { $0.$organisation.id })
            if found.count != systemIDs.count || owners.count != 1 || !owners.isSubset(of: visible) {
                problems.add(.invalid("systemIds", "drill.error.systems"))
            } else {
                organisationID = owners.first
            }
        }
        let participantIDs = Self.uuids(plan.participantIDs, field: "participantIds", problems: &problems)
        if let organisationID, !participantIDs.isEmpty {
            let members = Set(try await users.active(inOrganisations: Array(visible), on: db).filter { !$0.isSystem }.compactMap(\.id))
            if participantIDs.count > DrillLimits.participants || !Set(participantIDs).isSubset(of: members) {
                problems.add(.invalid("participantIds", "drill.error.participants"))
            }
        }
        try problems.throwIfAny()
        guard let organisationID, let scenario, let plannedAt, let organiser else { throw VigilError.invalid("systemIds", "drill.error.systems") }

        let drill = DrillRecord()
        drill.id = UUID.timeOrdered(at: now)
        drill.organisationID = organisationID
        (drill.title, drill.scenario, drill.plannedAt, drill.organisedBy, drill.objectives) = (title, scenario.rawValue, plannedAt, organiser.stored, objectives)
        drill.status = DrillStatus.planned.rawValue
        drill.systemIDsJSON = DrillRecord.json(systemIDs)
        drill.participantIDsJSON = DrillRecord.json(participantIDs)
        (drill.createdAt, drill.createdBy, drill.updatedAt) = (now, user.displayName, now)
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await repository.create(drill, on: db)
            var changes = AuditChanges()
            changes.created("title", title)
            changes.created("scenario", scenario.rawValue)
            changes.created("systems", drill.systemIDsJSON)
            audit.record(organisationID: organisationID, action: "drill.create", objectType: "drill",
                         objectID: try drill.requireID().uuidString.lowercased(), changes: changes)
        }
        return drill
    }

    // MARK: Running

    /// Moves a drill to `status`, the next one only (409 otherwise).
    func advance(_ drill: DrillRecord, to status: DrillStatus, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        let old = drill.drillStatus
        guard old.next == status else { throw VigilError.conflict("status", "drill.error.status") }
        drill.status = status.rawValue
        if status == .running { drill.startedAt = now }
        if status == .completed { drill.completedAt = now }
        drill.updatedAt = now
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await repository.update(drill, on: db)
            var changes = AuditChanges()
            changes.set("status", from: old.rawValue, to: status.rawValue)
            audit.record(organisationID: drill.organisationID, action: "drill.status", objectType: "drill",
                         objectID: try drill.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    /// What the API and the form give to record an event.
    struct Event: Sendable {
        var kind: String?
        var at: String?
        var actor: String?
        var text: String?
        var owner: String?
        var dueAt: String?
        var planReview: Bool
    }

    /// Records an event. The first inject or action starts a planned drill. A finding becomes a task
    /// (its owner a user of the drill's organisation) and, with `planReview`, asks for a review of
    /// each of the drill's systems' response plans: all in one change.
    func record(_ input: Event, in drill: DrillRecord, by user: CurrentUser, address: String?, on db: any Database,
                now: Date = Date()) async throws -> DrillEventRecord {
        var problems = FieldProblems()
        let kind = DrillEventKind(rawValue: input.kind ?? "")
        if kind == nil { problems.add(.invalid("kind", "drill.error.kind")) }
        let text = Self.text(input.text, field: "text", limit: DrillLimits.text, required: true, problems: &problems)
        let actor = Self.text(input.actor, field: "actor", limit: DrillLimits.title, required: false, problems: &problems)
        let at = try problems.check { try time(input.at, field: "at") } ?? nil
        let dueAt = try problems.check { try time(input.dueAt, field: "dueAt") } ?? nil
        let ownerText = (input.owner ?? "").trimmingCharacters(in: .whitespaces)
        if kind != .finding {
            if !ownerText.isEmpty { problems.add(.invalid("owner", "drill.error.finding_only")) }
            if dueAt != nil { problems.add(.invalid("dueAt", "drill.error.finding_only")) }
            if input.planReview { problems.add(.invalid("planReview", "drill.error.finding_only")) }
        }
        var members: [UserRecord] = []
        if kind == .finding && !ownerText.isEmpty { members = try await users.active(inOrganisations: [drill.organisationID], on: db) }
        let owner = members.first { !$0.isSystem && $0.id == UUID(uuidString: ownerText) }
        if kind == .finding && !ownerText.isEmpty && owner == nil { problems.add(.invalid("owner", "drill.error.owner")) }
        try problems.throwIfAny()
        guard let kind else { throw VigilError.invalid("kind", "drill.error.kind") }
        guard drill.drillStatus.accepts(kind) else { throw VigilError.conflict("kind", "drill.error.completed") }

        let drillID = try drill.requireID()
        let event = DrillEventRecord()
        event.id = UUID.timeOrdered(at: now)
        (event.drillID, event.kind, event.at, event.text) = (drillID, kind.rawValue, at ?? now, text)
        (event.actor, event.recordedBy, event.recordedAt) = (actor.isEmpty ? user.displayName : actor, user.displayName, now)
        let starts = drill.drillStatus == .planned && (kind == .inject || kind == .action)
        let repository = self.repository, plans = self.plans
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await repository.create(event, on: db)
            var changes = AuditChanges()
            changes.created("kind", kind.rawValue)
            changes.created("text", text)
            if starts {
                (drill.status, drill.startedAt, drill.updatedAt) = (DrillStatus.running.rawValue, now, now)
                try await repository.update(drill, on: db)
                changes.set("status", from: DrillStatus.planned.rawValue, to: DrillStatus.running.rawValue)
            }
            if kind == .finding {
                let task = DrillTaskRecord()
                task.id = UUID.timeOrdered(at: now)
                (task.drillID, task.eventID, task.organisationID, task.text) = (drillID, try event.requireID(), drill.organisationID, text)
                (task.ownerID, task.ownerName, task.dueAt, task.planReview) = (owner?.id, owner?.displayName ?? "", dueAt, input.planReview)
                try await repository.create(task, on: db)
                changes.created("owner", owner?.displayName)
                changes.created("dueAt", dueAt.map { ISO8601DateFormatter().string(from: $0) })
                if input.planReview {
                    for systemID in drill.systemIDs {
                        try await plans.requestReview(systemID: systemID, reason: .drill, note: "\(drill.title): \(text)", on: db, now: now)
                    }
                    changes.created("planReview", "true")
                }
            }
            audit.record(organisationID: drill.organisationID, action: "drill.event", objectType: "drill",
                         objectID: drillID.uuidString.lowercased(), changes: changes)
        }
        return event
    }

    /// Marks a finding's task done.
    func complete(_ task: DrillTaskRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        guard task.doneAt == nil else { return }
        (task.doneAt, task.doneBy) = (now, user.displayName)
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await repository.update(task, on: db)
            var changes = AuditChanges()
            changes.set("done", from: nil, to: "true")
            audit.record(organisationID: task.organisationID, action: "drill.task.done", objectType: "drill_task",
                         objectID: try task.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    // MARK: The obligation

    /// The yearly drill duty of the systems in the caller's scope, level 3 and above, the most urgent first.
    func obligations(for user: CurrentUser, on db: any Database, now: Date = Date()) async throws
        -> [(system: InformationSystemRecord, standing: DrillObligation.Standing)] {
        let ids = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        let systems = try await assets.systemsWithOrganisation(ofOrganisations: ids, on: db)
        let drills = try await repository.drills(ofOrganisations: ids, on: db).map {
            DrillObligation.Drill(systemIDs: $0.systemIDs, status: $0.drillStatus, completedAt: $0.completedAt)
        }
        let byID = Dictionary(uniqueKeysWithValues: systems.compactMap { system in system.id.map { ($0, system) } })
        let standings = DrillObligation.standings(
            systems: systems.compactMap { system in
                system.id.map { DrillObligation.System(id: $0, securityLevel: system.securityLevel, since: system.createdAt ?? now) }
            }, drills: drills, now: now, calendar: calendar)
        return standings.sorted { $0.nextDue < $1.nextDue }.compactMap { standing in
            byID[standing.systemID].map { (system: $0, standing: standing) }
        }
    }
}
