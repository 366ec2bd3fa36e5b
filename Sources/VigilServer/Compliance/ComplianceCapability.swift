import Vapor

/// Compliance with the directive: the indicators computed from every capability's records (each
/// rule in the core, with its legal source), their thresholds, and the daily snapshots the trend
/// charts read. The pages: the leader's view of an organisation and the coordinator's of its agencies.
struct ComplianceCapability: Capability {
    let service: ComplianceService
    let snapshots: ComplianceSnapshotJob
    let calendar: ComplianceCalendar

    init(services: VigilServices) {
        service = services.compliance
        snapshots = ComplianceSnapshotJob(service: services.compliance, repository: ComplianceSnapshotRepository())
        calendar = ComplianceCalendar(
            assets: services.assets, scanCadence: services.scanCadence, plans: services.plans, drills: DrillRepository(), monitors: services.monitors,
            advisories: services.advisoryRepository, incidents: services.incidentRepository, periodicReports: PeriodicReportRepository(),
            timeZone: services.compliance.timeZone)
    }

    func boot(_ routes: CapabilityRoutes) throws {
        try ComplianceAPIController(service: service).boot(routes: routes.api)
        try CompliancePageController(service: service, calendar: calendar, snapshots: ComplianceSnapshotRepository()).boot(routes: routes.signedIn)
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 70, path: ComplianceWebPath.agency.path, labelKey: "nav.compliance", visible: { $0.has(.viewCompliance) })]
    }

    var jobs: [PeriodicJob] {
        [
            PeriodicJob(name: "compliance-snapshot", interval: 3600, lease: 600) { [snapshots] db, _ in
                try await snapshots.run(on: db)
            },
        ]
    }
}
