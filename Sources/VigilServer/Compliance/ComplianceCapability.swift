import Vapor

/// Compliance with the directive: the indicators computed from every capability's records (each
/// rule in the core, with its legal source), their thresholds, and the daily snapshots the trend
/// charts read. The pages come with the leader's and the coordinator's views.
struct ComplianceCapability: Capability {
    let service: ComplianceService
    let snapshots: ComplianceSnapshotJob

    init(services: VigilServices) {
        service = services.compliance
        snapshots = ComplianceSnapshotJob(service: services.compliance, repository: ComplianceSnapshotRepository())
    }

    func boot(_ routes: CapabilityRoutes) throws {
        try ComplianceAPIController(service: service).boot(routes: routes.api)
    }

    var jobs: [PeriodicJob] {
        [
            PeriodicJob(name: "compliance-snapshot", interval: 3600, lease: 600) { [snapshots] db, _ in
                try await snapshots.run(on: db)
            },
        ]
    }
}
