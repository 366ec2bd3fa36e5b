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
    let audit: AuditRepository
    let settings: ComplianceSettings
    let timeZone: TimeZone
    let cache: ComplianceCountsCache

    /// How current the counts must be: `.now` counts every record afresh (the daily snapshot, the
    /// periodic reports); `.recent` takes kept counts that no change has touched since and that
    /// are at most `ComplianceCountsCache.maxAge` old (the pages and the API, which say when).
    enum Freshness: Sendable {
        case now
        case recent
    }

    /// One organisation's indicators: its own records and those of the organisations below it.
    struct Report: Sendable {
        let organisation: OrganisationRecord
        /// When the oldest of the counts behind it were computed.
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

    /// The indicators of each organisation, in the order given, from one set of recent counts.
    func reports(for roots: [OrganisationRecord], user: CurrentUser, on db: any Database, now: Date = Date()) async throws -> [Report] {
        guard !roots.isEmpty else { return [] }
        let visible = user.scope.includesSubtree ? try await organisations.all(in: user.scope, on: db) : roots
        let rootPaths = Set(roots.map(\.path))
        let below = visible.filter { OrganisationTree.ancestorPaths(ofPath: $0.path).contains(where: rootPaths.contains) }
        return try await reports(for: roots, within: below, on: db, now: now, freshness: .recent)
    }

    /// The indicators of each root over the organisations of `within` below it (none outside is read).
    func reports(for roots: [OrganisationRecord], within: [OrganisationRecord], on db: any Database, now: Date,
                 freshness: Freshness = .now) async throws -> [Report] {
        let own = try await ownCounts(within, on: db, now: now, freshness: freshness)
        let focal = try await contacts.status(of: roots, on: db, now: now)
        let thresholds = try await settings.thresholds(on: db)
        // Each organisation's counts go to every root on its path, rather than each root testing
        // every organisation (50 agencies × 250 organisations).
        var sums = [ComplianceCounts](repeating: ComplianceCounts(), count: roots.count)
        let rootIndex = Dictionary(roots.enumerated().map { ($1.path, [$0]) }) { $0 + $1 }
        for organisation in within {
            guard let id = organisation.id, let counts = own.counts[id] else { continue }
            for ancestor in OrganisationTree.ancestorPaths(ofPath: organisation.path) {
                for index in rootIndex[ancestor] ?? [] { sums[index] = sums[index] + counts }
            }
        }
        return zip(roots.indices, zip(roots, focal)).map { index, pair in
            let (root, status) = pair
            let counts = sums[index]
            return Report(organisation: root, computedAt: own.computedAt, counts: counts,
                          indicators: counts.indicators(focalPointProblems: status.problems.map(\.rawValue), thresholds: thresholds))
        }
    }

    /// Each organisation's own counts (not those below it) and when the oldest were computed: the
    /// kept ones still true (`freshness` `.recent`), the others counted now and kept.
    func ownCounts(_ organisations: [OrganisationRecord], on db: any Database, now: Date,
                   freshness: Freshness) async throws -> (counts: [UUID: ComplianceCounts], computedAt: Date) {
        guard freshness == .recent else { return (try await countOwn(organisations, on: db, now: now), now) }
        let ids = organisations.compactMap(\.id)
        let mark = try await changeMark(on: db)
        var kept = cache.entries(for: ids, now: now)
        if kept.values.contains(where: { $0.mark != mark }) {
            kept = try await unchanged(kept, organisations: organisations, mark: mark, on: db)
        }
        var counts = kept.mapValues(\.counts)
        let missing = organisations.filter { $0.id.map { kept[$0] == nil } ?? false }
        if !missing.isEmpty {
            var computed = try await countOwn(missing, on: db, now: now)
            for id in missing.compactMap(\.id) where computed[id] == nil { computed[id] = ComplianceCounts() }
            cache.store(computed, computedAt: now, mark: mark)
            counts.merge(computed) { _, new in new }
        }
        // Kept counts are never from after `now`, so the oldest of them, else now.
        return (counts, kept.values.map(\.computedAt).min() ?? now)
    }

    /// Where the records stand: the audit trail's head and the newest change of a host's protection.
    private func changeMark(on db: any Database) async throws -> ComplianceCountsCache.Mark {
        async let audited = audit.headSequence(on: db)
        async let hostState = assets.latestStateChange(on: db)
        return ComplianceCountsCache.Mark(audit: try await audited, hostState: try await hostState)
    }

    /// The kept counts no change since their mark has touched (none when too much has changed).
    private func unchanged(_ kept: [UUID: ComplianceCountsCache.Entry], organisations: [OrganisationRecord], mark: ComplianceCountsCache.Mark,
                           on db: any Database) async throws -> [UUID: ComplianceCountsCache.Entry] {
        let limit = ComplianceCountsCache.changeLimit
        var changes: [ComplianceCountsCache.Change] = []
        let marks = kept.values.map(\.mark)
        if marks.contains(where: { $0.audit != mark.audit }) {
            let audited = try await audit.changes(after: marks.map(\.audit).min() ?? 0, limit: limit + 1, on: db)
            guard audited.count <= limit else { return [:] }
            // An organisation that is not an id (none should be) counts as every organisation.
            changes += audited.map { .audited(sequence: $0.sequence, organisation: $0.organisation.flatMap(UUID.init(uuidString:))) }
        }
        if marks.contains(where: { $0.hostState != mark.hostState }) {
            let oldest = marks.reduce(marks.first?.hostState) { oldest, next in
                guard let oldest, let state = next.hostState else { return nil }
                return ComplianceCountsCache.isAfter(oldest, state) ? state : oldest
            }
            let states = try await assets.stateChanges(after: oldest, limit: limit + 1, on: db)
            guard states.count <= limit else { return [:] }
            changes += states.map { .hostState(id: $0.id, organisation: $0.organisation) }
        }
        let paths = Dictionary(organisations.compactMap { organisation in organisation.id.map { ($0, organisation.path) } }) { first, _ in first }
        let surviving = ComplianceCountsCache.surviving(kept, paths: paths, after: changes)
        cache.confirm(surviving, as: mark)
        return surviving
    }

    /// Each organisation's own counts, a few statements for all of them. The statements are
    /// independent reads, so they run side by side on connections of their own (PostgreSQL): at
    /// a province's scale (100,000 hosts, a million findings) each takes tens of milliseconds.
    func countOwn(_ organisations: [OrganisationRecord], on db: any Database, now: Date) async throws -> [UUID: ComplianceCounts] {
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
