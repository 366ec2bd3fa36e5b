import Foundation

extension VigilOperations {
    /// Runs the `compliance-snapshot` job once, now, as the scheduler would (the benchmarks time it).
    package func runComplianceSnapshot(now: Date = Date()) async throws {
        try await ComplianceSnapshotJob(service: app.vigilServices.compliance, repository: ComplianceSnapshotRepository()).run(on: app.db, now: now)
    }
}
