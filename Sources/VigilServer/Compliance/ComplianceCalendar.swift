import Fluent
import Foundation
import VigilCore

/// The obligations calendar of an organisation and those below it: each dated duty read from the
/// capability that owns it, through its repository or service, then ordered by the core
/// (`ObligationCalendar`). Nothing here decides a due date the owning rule does not: scans by
/// `ScanCadence` (capped at the legal six months, as the indicator is), drills by
/// `DrillObligation`, plans by the review cycle, notifications by the deadline the incident copied
/// from its reporting rule.
struct ComplianceCalendar: Sendable {
    let assets: AssetRepository
    let scanCadence: ScanCadenceService
    let plans: PlanService
    let drills: DrillRepository
    let monitors: MonitorService
    let advisories: AdvisoryRepository
    let incidents: IncidentRepository
    let periodicReports: PeriodicReportRepository
    let timeZone: TimeZone

    /// Entries read per kind: enough for a page that shows the soonest few dozen.
    static let perKind = 200

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    func obligations(of organisations: [OrganisationRecord], on db: any Database, now: Date) async throws -> [Obligation] {
        let ids = organisations.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let horizon = now.addingTimeInterval(Double(ObligationCalendar.horizonDays) * 86_400)
        var items: [Obligation] = []
        let systems = try await assets.systemsWithOrganisation(ofOrganisations: ids, on: db)
        let lastScans = try await scanCadence.lastScans(of: systems.compactMap(\.id), on: db)
        for system in systems {
            guard let id = system.id else { continue }
            let interval = min(system.scanIntervalMonths, ComplianceRules.maxScanIntervalMonths)
            // Never scanned: due since the system was recorded.
            let due = ScanCadence.nextDue(lastScan: lastScans[id], intervalMonths: interval, calendar: calendar) ?? system.createdAt ?? now
            items.append(Obligation(kind: .scan, subject: system.name, due: due, organisationID: system.$organisation.id, recordID: id))
        }
        items += try await planReviews(systems, on: db, now: now)
        items += try await drillsDue(systems, ids: ids, on: db, now: now)
        items += try await monitors.certificateExpiries(organisations: ids, until: horizon, limit: Self.perKind, on: db).map {
            Obligation(kind: .certificate, subject: $0.name, due: $0.expiresAt, organisationID: $0.organisationID, recordID: $0.monitorID)
        }
        items += try await advisories.openTasks(organisations: ids, limit: Self.perKind, on: db).compactMap { task in
            endOfDay(task.deadline).map {
                Obligation(kind: .advisory, subject: task.reference, due: $0, organisationID: task.organisationID, recordID: task.advisoryID)
            }
        }
        items += try await incidents.pendingNotifications(organisations: ids, limit: Self.perKind, on: db).map {
            Obligation(kind: .notification, subject: $0.reference, due: $0.notifyBy, organisationID: $0.organisationID, recordID: $0.incidentID)
        }
        items += try await periodicReportsDue(organisations, on: db, now: now)
        return items
    }

    /// The six-month and annual reports an agency or a province owes (a unit reports through its
    /// agency) that are not issued yet, from this year's and next year's deadlines.
    private func periodicReportsDue(_ organisations: [OrganisationRecord], on db: any Database, now: Date) async throws -> [Obligation] {
        let reporting = organisations.filter { $0.kind != .unit }
        guard !reporting.isEmpty else { return [] }
        let year = calendar.component(.year, from: now)
        var items: [Obligation] = []
        for deadline in PeriodicReportSchedule.deadlines(year: year) + PeriodicReportSchedule.deadlines(year: year + 1) {
            guard let due = endOfDay(deadline.dueOn.description), due >= now else { continue }
            let issued = try await periodicReports.issuedOrganisations(kind: deadline.kind, year: deadline.year, on: db)
            for organisation in reporting where !issued.contains(organisation.id!) {
                items.append(Obligation(kind: .periodicReport, subject: String(deadline.year), due: due, organisationID: organisation.id!,
                                        code: deadline.kind.rawValue))
            }
        }
        return items
    }

    /// A plan in force is next reviewed at the next cycle's start; a system without one (never
    /// approved, or due for review now) needs it now.
    private func planReviews(_ systems: [InformationSystemRecord], on db: any Database, now: Date) async throws -> [Obligation] {
        guard !systems.isEmpty else { return [] }
        let current = try await plans.systemsWithCurrentPlans(systems, on: db, now: now)
        let cycle = try await plans.settings.cycle(on: db)
        let next = calendar.date(byAdding: .year, value: 1, to: cycle.lastStart(before: now, calendar: calendar)) ?? now
        return systems.compactMap { system in
            guard let id = system.id else { return nil }
            return Obligation(kind: .planReview, subject: system.name, due: current.contains(id) ? next : now.addingTimeInterval(-1),
                              organisationID: system.$organisation.id, recordID: id)
        }
    }

    private func drillsDue(_ systems: [InformationSystemRecord], ids: [UUID], on db: any Database, now: Date) async throws -> [Obligation] {
        guard !systems.isEmpty else { return [] }
        let held = try await drills.drills(ofOrganisations: ids, on: db).map {
            DrillObligation.Drill(systemIDs: $0.systemIDs, status: $0.drillStatus, completedAt: $0.completedAt)
        }
        let byID = Dictionary(uniqueKeysWithValues: systems.compactMap { system in system.id.map { ($0, system) } })
        let standings = DrillObligation.standings(
            systems: systems.compactMap { system in system.id.map { DrillObligation.System(id: $0, securityLevel: system.securityLevel, since: system.createdAt ?? now) } },
            drills: held, now: now, calendar: calendar)
        return standings.compactMap { standing in
            byID[standing.systemID].map {
                Obligation(kind: .drill, subject: $0.name, due: standing.nextDue, organisationID: $0.$organisation.id, recordID: standing.systemID)
            }
        }
    }

    /// The last moment of a yyyy-MM-dd day in the display time zone (a deadline day is met until it ends).
    func endOfDay(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return calendar.date(byAdding: .day, value: 1, to: start)?.addingTimeInterval(-1)
    }
}
