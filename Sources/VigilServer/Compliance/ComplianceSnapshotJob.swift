import Fluent
import Foundation
import VigilCore

/// The `compliance-snapshot` job: today's indicators of every organisation (each over its
/// subtree), written in one transaction per tree. It runs hourly, and a run replaces the same
/// day's rows, so the day's last run stands and running it twice leaves one row per code.
struct ComplianceSnapshotJob: Sendable {
    let service: ComplianceService
    let repository: ComplianceSnapshotRepository

    func run(on db: any Database, now: Date = Date()) async throws {
        let today = ISODay.string(now, in: service.timeZone)
        for root in try await service.organisations.roots(on: db) {
            // Each tree's counts are read once; every organisation in it is then a sum of them.
            let tree = try await service.organisations.subtree(ofPath: root.path, on: db).sorted { $0.path < $1.path }
            let reports = try await service.reports(for: tree, within: tree, on: db, now: now)
            let rows = reports.flatMap { report in
                report.indicators.map { (snapshot: IndicatorSnapshot(organisationID: report.organisation.id!, day: today, indicator: $0), reason: $0.reason) }
            }
            let repository = self.repository
            try await db.write { db in try await repository.save(rows, on: db) }
        }
    }
}
