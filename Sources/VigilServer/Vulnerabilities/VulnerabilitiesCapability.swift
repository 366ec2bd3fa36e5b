import Vapor

/// Scanner reports and findings, the scan cadence, remediation, the known-exploited list and the
/// authorities' warnings.
struct VulnerabilitiesCapability: Capability {
    let services: VigilServices
    let config: AppConfig

    func boot(_ routes: CapabilityRoutes) throws {
        let (signedIn, api) = (routes.signedIn, routes.api)
        let organisations = services.organisationRepository
        let scans = ScanController(service: services.scanImport, findings: services.findingRepository, organisations: organisations, assets: services.assets,
                                   uploadLimit: config.scanMaxBytes)
        try scans.bootAPI(routes: api)
        try signedIn.register(collection: VulnerabilityPageController(
            cadence: services.scanCadence, organisations: organisations, findings: services.findingRepository, assets: services.assets,
            scans: scans))
        let knownExploited = KnownExploitedController(service: services.knownExploited, uploadLimit: config.uploadMaxBytes)
        try signedIn.register(collection: knownExploited)
        try knownExploited.bootAPI(routes: api)
        let findings = FindingController(service: services.findings, repository: services.findingRepository, organisations: organisations, assets: services.assets,
                                         incidents: services.incidents)
        try signedIn.register(collection: findings)
        try findings.bootAPI(routes: api)
        try signedIn.register(collection: AdvisoryPageController(service: services.advisories, organisations: organisations,
                                                                 uploadLimit: config.uploadMaxBytes))
        try api.register(collection: AdvisoryAPIController(service: services.advisories, organisations: organisations,
                                                           uploadLimit: config.uploadMaxBytes))
    }

    var jobs: [PeriodicJob] {
        [
            PeriodicJob(name: "scan-reminders", interval: 3600, lease: 600) { [services] db, _ in
                try await services.scanCadence.remind(on: db)
            },
            PeriodicJob(name: "finding-deadlines", interval: 3600, lease: 600) { [services] db, _ in
                try await services.findings.deadlines(on: db)
            },
            PeriodicJob(name: "advisory-match", interval: 900, lease: 900) { [services] db, _ in
                try await services.advisories.housekeeping(on: db)
            },
        ]
    }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(section: .main, order: 40, path: VulnerabilitiesPath.section.path, labelKey: "nav.vulnerabilities",
                            available: { $0.has(.viewVulnerabilities) }),
            NavigationEntry(section: .administration, order: 80, path: VulnerabilitiesPath.knownExploited.path, labelKey: "nav.known_exploited",
                            visible: { $0.has(.manageSettings) }),
        ]
    }
}
