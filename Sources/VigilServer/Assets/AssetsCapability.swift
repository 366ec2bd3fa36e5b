import Fluent
import Vapor

/// Information systems and hosts (forms, CSV, agents' check-ins), anti-malware coverage, and
/// suppliers with their contracts.
struct AssetsCapability: Capability {
    let services: VigilServices
    let config: AppConfig
    /// The application's database, for the check-in writer's batches (read when a batch runs).
    let database: @Sendable () -> any Database

    func boot(_ routes: CapabilityRoutes) throws {
        let (signedIn, api) = (routes.signedIn, routes.api)
        let organisations = services.organisationRepository
        let coverage = CoverageController(service: services.coverage, repository: services.coverage.repository)
        try signedIn.register(collection: coverage)
        try coverage.bootAPI(routes: api)
        let systems = SystemController(service: services.systems, organisations: organisations, assets: services.assets, plans: services.plans)
        try signedIn.register(collection: systems)
        try systems.bootAPI(routes: api)
        let suppliers = SupplierController(service: services.suppliers, organisations: organisations, assets: services.assets,
                                           incidentRepository: services.incidentRepository)
        try signedIn.register(collection: suppliers)
        try suppliers.bootAPI(routes: api)
        let hostImport = CSVImportController(
            importer: HostImport(organisations: organisations), uploadLimit: config.uploadMaxBytes,
            paths: CSVImportPaths(page: AssetsPath.hostImport, apply: AssetsPath.hostImportApply, export: AssetsPath.export(kind: HostImport.kind),
                                  list: AssetsPath.hosts, api: AssetsAPIPath.importCSV(kind: HostImport.kind)))
        try signedIn.register(collection: hostImport)
        try hostImport.bootAPI(routes: api)
        let systemImport = CSVImportController(
            importer: SystemImport(service: services.systems, organisations: organisations), uploadLimit: config.uploadMaxBytes,
            paths: CSVImportPaths(page: AssetsPath.systemImport, apply: AssetsPath.systemImportApply,
                                  export: AssetsPath.export(kind: SystemImport.kind), list: AssetsPath.systems,
                                  api: AssetsAPIPath.importCSV(kind: SystemImport.kind)))
        try signedIn.register(collection: systemImport)
        try systemImport.bootAPI(routes: api)
        let hosts = HostController(repository: services.hostRepository, organisations: organisations, settings: services.settings,
                                   assets: services.assets, advisories: services.advisoryRepository)
        try signedIn.register(collection: hosts)
        try hosts.bootAPI(routes: api)
        let hostForm = HostFormController(service: services.hosts, repository: services.hostRepository, organisations: organisations,
                                          assets: services.assets, settings: services.settings)
        try signedIn.register(collection: hostForm)
        try hostForm.bootAPI(routes: api)
        try signedIn.register(collection: EnrolmentController(store: services.enrolmentTokens, organisations: organisations, assets: services.assets))
        // Agents authenticate with enrolment tokens, not user tokens: outside the API group.
        let writer = CheckInWriter(settings: services.settings, database: database)
        try routes.root.register(collection: CheckInController(tokens: services.enrolmentTokens, writer: writer))
    }

    var jobs: [PeriodicJob] {
        [
            PeriodicJob(name: "software-index", interval: 60, lease: 300) { db, _ in
                while try await SoftwareIndex().run(on: db) > 0 {}
            },
            PeriodicJob(name: "supplier-reminders", interval: 3600, lease: 600) { [services] db, _ in
                try await services.suppliers.remind(on: db)
            },
            PeriodicJob(name: "coverage-snapshot", interval: 3600, lease: 600) { [services] db, _ in
                try await services.coverage.snapshot(on: db)
            },
        ]
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 30, path: AssetsPath.section.path, labelKey: "nav.assets", visible: { $0.has(.viewAssets) })]
    }
}
