import Fluent
import Foundation
import VigilCore

/// Gathers a periodic report's figures from the other capabilities, each through its repository
/// or service, for the organisation's whole subtree: incidents (`IncidentRepository`), scanner
/// reports (`FindingRepository`), drills (`DrillRepository`), and the compliance indicators at the
/// period's end (`ComplianceService`, or the snapshot of the period's last day).
struct PeriodicFiguresSource: Sendable {
    let organisations: OrganisationRepository
    let incidents: IncidentRepository
    let findings: FindingRepository
    let drills: DrillRepository
    let compliance: ComplianceService
    let snapshots: ComplianceSnapshotRepository
    let timeZone: TimeZone

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    func content(for organisation: OrganisationRecord, deadline: PeriodicDeadline, on db: any Database, now: Date) async throws -> PeriodicReportContent {
        let calendar = calendar
        let start = deadline.periodStart.start(in: calendar)
        let until = min(deadline.periodEnd.adding(days: 1).start(in: calendar), now)
        let subtree = try await organisations.subtree(ofPath: organisation.path, on: db)
        let ids = subtree.compactMap(\.id)
        let tallies = try await incidents.periodTallies(organisations: ids, from: start, until: until, on: db)
        let handled = try await incidents.handledCounts(organisations: ids, from: start, until: until, on: db)
        let scans = try await findings.scanTallies(organisations: ids, from: start, until: until, on: db)
        var drillsHeld: [UUID: Int] = [:]
        for drill in try await drills.drills(ofOrganisations: ids, on: db) where drill.drillStatus == .completed {
            if let completed = drill.completedAt, completed >= start, completed < until { drillsHeld[drill.organisationID, default: 0] += 1 }
        }
        let own = Dictionary(uniqueKeysWithValues: ids.map { id in
            (id, PeriodicFigures.aggregate(incidents: tallies[id] ?? [], handled: handled[id] ?? 0, drills: drillsHeld[id] ?? 0,
                                           scans: scans[id] ?? ScanTally()))
        })
        func total(_ organisations: [OrganisationRecord]) -> PeriodicFigures {
            organisations.reduce(PeriodicFigures()) { $0 + (own[$1.id!] ?? PeriodicFigures()) }
        }
        // The roll-up: the agencies directly below (a province's), each over its own subtree.
        let agencies = subtree.filter { $0.$parent.id == organisation.id && $0.kind == .agency }.sorted { $0.name < $1.name }
        let members = agencies.map { agency in
            PeriodicReportContent.Member(organisationID: agency.id!, name: agency.name,
                                         figures: total(subtree.filter { $0.path.hasPrefix(agency.path) }))
        }
        let outside = subtree.filter { record in !agencies.contains { record.path.hasPrefix($0.path) } }
        let (indicators, source, day) = try await indicators(for: organisation, within: subtree, deadline: deadline, on: db, now: now)
        return PeriodicReportContent(figures: total(subtree), members: members, own: members.isEmpty ? nil : total(outside),
                                     indicators: indicators, indicatorSource: source, indicatorDay: day, countedUntil: until, generatedAt: now)
    }

    /// The indicators at the period's end: computed now while the period runs (or ends today);
    /// afterwards the snapshot of its last day, else computed now and said so.
    private func indicators(for organisation: OrganisationRecord, within subtree: [OrganisationRecord], deadline: PeriodicDeadline,
                            on db: any Database, now: Date) async throws -> ([ComplianceIndicator], PeriodicReportContent.IndicatorSource, String) {
        let today = CalendarDay(now, calendar: calendar)
        if PeriodicReportSchedule.hasEnded(deadline, today: today) {
            let id = try organisation.requireID()
            let lastDay = deadline.periodEnd.description
            let kept = try await snapshots.history(organisations: [id], since: lastDay, on: db)[id] ?? [:]
            let rows = IndicatorCode.allCases.compactMap { code in kept[code]?.first { $0.day == lastDay } }
            if !rows.isEmpty {
                return (rows.map {
                    ComplianceIndicator(code: $0.code, status: $0.status, value: $0.value, target: ComplianceRules.rule($0.code).target,
                                        numerator: $0.numerator, denominator: $0.denominator, reason: nil)
                }, .snapshot, lastDay)
            }
            let computed = try await compliance.reports(for: [organisation], within: subtree, on: db, now: now)[0]
            return (computed.indicators, .computedLate, today.description)
        }
        let computed = try await compliance.reports(for: [organisation], within: subtree, on: db, now: now)[0]
        return (computed.indicators, .computed, today.description)
    }
}
