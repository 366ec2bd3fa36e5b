import Fluent
import Foundation
import VigilCore

/// The compliance indicators of an organisation and those below it, computed from the records of
/// every capability through its own repository or service: each counts its records per
/// organisation in one statement (`GROUP BY organisation_id`), so a province of fifty agencies is
/// a dozen statements, not a dozen per agency. The core (`ComplianceCounts`) turns the counts
/// into indicators.
struct ComplianceService: Sendable {
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let coverage: CoverageService
    let scanCadence: ScanCadenceService
    let findings: FindingRepository
    let advisories: AdvisoryRepository
    let incidents: IncidentRepository
    let plans: PlanService
    let drills: DrillRepository
    let contacts: ContactRepository
    let settings: ComplianceSettings
    let timeZone: TimeZone

    /// One organisation's indicators: its own records and those of the organisations below it.
    struct Report: Sendable {
        let organisation: OrganisationRecord
        let computedAt: Date
        let counts: ComplianceCounts
        let indicators: [ComplianceIndicator]

        /// The worst status among its indicators.
        var worst: IndicatorStatus { indicators.map(\.status).max() ?? .ok }

        /// "Worst first": the most failing indicators, then warnings, then by name.
        static func worstFirst(_ left: Report, _ right: Report) -> Bool {
            (-ComplianceWork.weight(left.indicators), left.organisation.name) < (-ComplianceWork.weight(right.indicators), right.organisation.name)
        }
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The organisation asked for (else the caller's own), if it is in the caller's scope (404 otherwise).
    func organisation(_ id: UUID?, for user: CurrentUser, on db: any Database) async throws -> OrganisationRecord {
        guard let found = try await organisations.find(id ?? user.organisationID, in: user.scope, on: db) else { throw VigilError.notFound }
        return found
    }

    /// The organisations directly under the caller's (the agencies under a province), by path.
    func agencies(for user: CurrentUser, on db: any Database) async throws -> [OrganisationRecord] {
        try await organisations.children(of: user.organisationID, on: db).filter { user.scope.contains(path: $0.path) }
            .sorted { $0.path < $1.path }
    }

    /// The indicators of `organisation` over its subtree within the caller's scope (itself alone for
    /// a caller who does not see subtrees).
    func report(for organisation: OrganisationRecord, user: CurrentUser, on db: any Database, now: Date = Date()) async throws -> Report {
        try await reports(for: [organisation], user: user, on: db, now: now)[0]
    }

    /// The indicators of each organisation, in the order given, from one set of counts.
    func reports(for roots: [OrganisationRecord], user: CurrentUser, on db: any Database, now: Date = Date()) async throws -> [Report] {
        guard !roots.isEmpty else { return [] }
        let visible = user.scope.includesSubtree ? try await organisations.all(in: user.scope, on: db) : roots
        let below = visible.filter { organisation in roots.contains { organisation.path.hasPrefix($0.path) } }
        return try await reports(for: roots, within: below, on: db, now: now)
    }

    /// The indicators of each root over the organisations of `within` below it (none outside is read).
    func reports(for roots: [OrganisationRecord], within: [OrganisationRecord], on db: any Database, now: Date) async throws -> [Report] {
        let own = try await ownCounts(within, on: db, now: now)
        let focal = try await contacts.status(of: roots, on: db, now: now)
        let thresholds = try await settings.thresholds(on: db)
        return zip(roots, focal).map { root, status in
            let counts = within.filter { $0.path.hasPrefix(root.path) }.reduce(ComplianceCounts()) { $0 + (own[$1.id!] ?? ComplianceCounts()) }
            return Report(organisation: root, computedAt: now, counts: counts,
                          indicators: counts.indicators(focalPointProblems: status.problems.map(\.rawValue), thresholds: thresholds))
        }
    }

    /// Each organisation's own counts (not those below it), a few statements for all of them. The
    /// statements are independent reads, so they run side by side on connections of their own: at
    /// a province's scale (100,000 hosts, a million findings) each takes tens of milliseconds.
    func ownCounts(_ organisations: [OrganisationRecord], on db: any Database, now: Date) async throws -> [UUID: ComplianceCounts] {
        let ids = organisations.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let policy = try await coverage.settings.protectionPolicy(on: db)
        let since = ComplianceRules.incidentWindowStart(now: now, calendar: calendar)
        async let hostCounts = coverage.repository.protectedCounts(organisations: ids, policy: policy, now: now, on: db)
        async let scanCounts = findings.scanCounts(organisations: ids, on: db)
        async let overdueCounts = findings.overdueCounts(organisations: ids, now: now, on: db)
        async let taskCounts = advisories.taskCounts(organisations: ids, today: ISODay.string(now, in: timeZone), on: db)
        async let notificationCounts = incidents.notificationCounts(organisations: ids, since: since, now: now, on: db)
        var counts: [UUID: ComplianceCounts] = [:]
        try await countSystems(organisations, into: &counts, on: db, now: now)
        for (id, hosts) in try await hostCounts {
            counts[id, default: .init()].hosts = hosts.total
            counts[id, default: .init()].protectedHosts = hosts.protected
        }
        for (id, scans) in try await scanCounts { counts[id, default: .init()].scans = scans }
        for (id, overdue) in try await overdueCounts {
            counts[id, default: .init()].immediateFindingsOverdue = overdue.immediate
            counts[id, default: .init()].otherFindingsOverdue = overdue.other
        }
        for (id, tasks) in try await taskCounts {
            counts[id, default: .init()].advisoryTasks = tasks.tasks
            counts[id, default: .init()].advisoriesOverdue = tasks.overdue
        }
        for (id, notified) in try await notificationCounts {
            counts[id, default: .init()].incidentsDue = notified.due
            counts[id, default: .init()].incidentsOnTime = notified.onTime
        }
        return counts
    }

    /// The per-system indicators (scan freshness, plans, drills), counted per system's organisation.
    private func countSystems(_ organisations: [OrganisationRecord], into counts: inout [UUID: ComplianceCounts], on db: any Database,
                              now: Date) async throws {
        let ids = organisations.compactMap(\.id)
        let systems = try await assets.systemFacts(ofOrganisations: ids, on: db)
        guard !systems.isEmpty else { return }
        let byID = Dictionary(organisations.compactMap { organisation in organisation.id.map { ($0, organisation) } }) { first, _ in first }
        let lastScans = try await scanCadence.lastScans(of: systems.map(\.id), on: db)
        let current = try await plans.systemsWithCurrentPlans(
            Dictionary(uniqueKeysWithValues: systems.compactMap { system in byID[system.organisationID].map { (system.id, $0) } }), on: db, now: now)
        let completed = try await drills.drills(ofOrganisations: ids, on: db).map {
            DrillObligation.Drill(systemIDs: $0.systemIDs, status: $0.drillStatus, completedAt: $0.completedAt)
        }
        let standings = DrillObligation.standings(
            systems: systems.map { DrillObligation.System(id: $0.id, securityLevel: $0.securityLevel, since: $0.createdAt ?? now) },
            drills: completed, now: now, calendar: calendar)
        let drilled = Dictionary(uniqueKeysWithValues: standings.map { ($0.systemID, !$0.overdue) })
        for system in systems {
            let id = system.id
            let organisation = system.organisationID
            counts[organisation, default: .init()].systems += 1
            if ComplianceRules.isScanFresh(lastScan: lastScans[id], intervalMonths: system.scanIntervalMonths, now: now, calendar: calendar) {
                counts[organisation, default: .init()].freshSystems += 1
            }
            if current.contains(id) { counts[organisation, default: .init()].currentPlans += 1 }
            if let done = drilled[id] {
                counts[organisation, default: .init()].drillSystems += 1
                if done { counts[organisation, default: .init()].drilledSystems += 1 }
            }
        }
    }
}
