import Foundation

extension VigilOperations {
    /// Runs the `compliance-snapshot` job once, now, as the scheduler would (the benchmarks time it).
    package func runComplianceSnapshot(now: Date = Date()) async throws {
        try await ComplianceSnapshotJob(service: app.vigilServices.compliance, repository: ComplianceSnapshotRepository()).run(on: app.db, now: now)
    }

    /// Forgets the compliance counts kept between requests, so that the next view counts every
    /// record again (the benchmarks time both).
    package func forgetComplianceCounts() {
        app.vigilServices.compliance.cache.removeAll()
    }
}
