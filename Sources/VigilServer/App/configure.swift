import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import SQLKit
import Vapor

/// Builds Vigil's application: database, migrations, views, middleware, routes, jobs.
/// `configure` only collects; each capability registers its own routes.
public enum VigilApplication {
    /// Makes and configures an application. The caller shuts it down (`asyncShutdown`).
    public static func make(config: AppConfig, environment: Environment) async throws -> Application {
        let app = try await Application.make(environment)
        do {
            try await configure(app, config: config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    static func configure(_ app: Application, config: AppConfig) async throws {
        app.storage[ConfigKey.self] = config
        try configureDatabase(app, config: config)
        app.migrations.add(VigilMigrations.all)

        let resources = try resourceDirectory()
        app.localizer = try Localizer.load(from: resources.appendingPathComponent("Localization"))
        app.displayFormat = DisplayFormat(timeZone: config.timeZone)
        let views = resources.appendingPathComponent("Views").path + "/"
        app.views.use(.leaf)
        app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: views, viewDirectory: views))
        app.leaf.cache.isEnabled = true
        app.leaf.tags["t"] = TranslateTag()

        app.routes.defaultMaxBodySize = "1mb"
        ContentConfiguration.global.use(decoder: JSONDecoder.vigil, for: .json)
        ContentConfiguration.global.use(encoder: JSONEncoder.vigil, for: .json)
        app.http.server.configuration.hostname = config.hostname
        app.http.server.configuration.port = config.port
        app.http.server.configuration.serverName = nil

        app.middleware = Middlewares()
        app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
        app.middleware.use(SecurityHeadersMiddleware())
        app.middleware.use(VigilErrorMiddleware())
        app.middleware.use(LanguageMiddleware())
        // Evidence uploads may be as large as the evidence limit allows (plus the form around them);
        // everything else stays under 1 MB.
        app.middleware.use(BodySizeLimitMiddleware(maxBytes: 1 << 20, uploadMaxBytes: config.uploadMaxBytes, scanMaxBytes: config.scanMaxBytes))
        app.middleware.use(StaticFilesMiddleware(publicDirectory: resources.appendingPathComponent("Public").path + "/"))

        let services = VigilServices(config: config, threadPool: app.threadPool, localizer: app.localizer)
        app.storage[ServicesKey.self] = services
        try registerRoutes(app, services: services, config: config)

        let scheduler = JobScheduler(jobs: housekeepingJobs(services), pollInterval: config.jobPollInterval)
        app.storage[SchedulerKey.self] = scheduler
    }

    private static func configureDatabase(_ app: Application, config: AppConfig) throws {
        switch config.database {
        case .sqlite(let path):
            // SQLiteNIO runs each statement on a thread of this pool and waits for a locked
            // database in a busy handler that spins on its thread. With only one thread per core,
            // connections spinning for the write lock could take every thread and starve the
            // connection that holds the lock of the thread it needs to commit (seen as a hang
            // under concurrent check-ins). More threads than connections prevent that.
            app.threadPool = NIOThreadPool(numberOfThreads: max(8, System.coreCount * 4))
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
            VigilMetrics.recordPoolSize(System.coreCount, database: "sqlite")
        case .postgres(let url):
            var postgres = try SQLPostgresConfiguration(url: url)
            postgres.searchPath = nil
            // A burst of writes queues on the audit chain's head row; on a busy 2-core server the
            // default 10 s wait for a free connection was seen to run out (a test of 20 concurrent
            // changes while a build ran). Waiting longer beats failing the request.
            app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30),
                                        sqlLogLevel: .debug), as: .psql)
            VigilMetrics.recordPoolSize(4 * System.coreCount, database: "postgres")
        }
    }

    static func registerRoutes(_ app: Application, services: VigilServices, config: AppConfig) throws {
        let cookie = SessionCookie(secure: config.secureCookies, maxAge: Int(config.sessionAbsoluteTimeout))
        let browser = app.grouped(SessionAuthenticator(sessions: services.sessions, cookie: cookie))
            .grouped(CSRFMiddleware(secureCookies: config.secureCookies))
        try browser.register(collection: AuthController(
            users: services.userRepository, sessions: services.sessions, cookie: cookie, hasher: services.hasher,
            throttle: services.throttle, twoFactor: services.twoFactor))
        try browser.register(collection: LanguageController(users: services.users, userRepository: services.userRepository))

        let signedIn = browser.grouped(RequireSignedInPage())
        let organisations = OrganisationController(repository: services.organisationRepository, service: services.organisations)
        let users = UserController(repository: services.userRepository, organisations: services.organisationRepository, service: services.users)
        let audit = AuditController(repository: services.audit, organisations: services.organisationRepository)
        try signedIn.register(collection: DashboardController(organisations: services.organisationRepository))
        try signedIn.register(collection: AccountController(
            users: services.users, userRepository: services.userRepository, twoFactor: services.twoFactor, tokens: services.tokens))
        try signedIn.register(collection: organisations)
        try signedIn.register(collection: users)
        try signedIn.register(collection: audit)
        try signedIn.register(collection: SettingsController(settings: services.settings, findings: services.findings))
        try signedIn.register(collection: IncidentCriteriaController(
            reportingRules: services.incidents.reportingRules, severityCriteria: services.incidents.severityCriteria))
        try signedIn.register(collection: IncidentPageController(
            repository: services.incidentRepository, service: services.incidents, evidence: services.evidence, reports: services.reports,
            uploadLimit: config.uploadMaxBytes))
        try signedIn.register(collection: IncidentActionsController(repository: services.incidentRepository, service: services.incidents, isAPI: false))
        try signedIn.register(collection: NotificationController(service: services.notifications))
        try signedIn.register(collection: EvidenceController(
            repository: services.incidentRepository, service: services.evidence, uploadLimit: config.uploadMaxBytes, isAPI: false))
        try signedIn.register(collection: ReportController(repository: services.incidentRepository, service: services.reports, isAPI: false))
        try signedIn.register(collection: ReportTemplateController(service: services.reports))
        let playbooks = PlaybookController(store: services.incidents.playbooks, organisations: services.organisationRepository)
        try signedIn.register(collection: playbooks)
        let taxonomy = TaxonomyController(store: SubScenarioStore())
        try signedIn.register(collection: taxonomy)
        try signedIn.register(collection: ReportingBodyController(store: services.reports.bodies))
        let coverage = CoverageController(service: services.coverage, repository: services.coverage.repository)
        try signedIn.register(collection: coverage)
        let systems = SystemController(service: SystemService(organisations: services.organisationRepository),
                                       organisations: services.organisationRepository)
        try signedIn.register(collection: systems)
        let suppliers = SupplierController(service: services.suppliers)
        try signedIn.register(collection: suppliers)
        let scanController = ScanController(service: ScanImportService(), organisations: services.organisationRepository, uploadLimit: config.scanMaxBytes)
        try signedIn.register(collection: VulnerabilityPageController(cadence: services.scanCadence, organisations: services.organisationRepository,
                                                                      scans: scanController))
        let knownExploited = KnownExploitedController(service: KnownExploitedService(), uploadLimit: config.uploadMaxBytes)
        try signedIn.register(collection: knownExploited)
        let findingController = FindingController(service: services.findings, organisations: services.organisationRepository,
                                                  incidents: services.incidents)
        try signedIn.register(collection: findingController)
        try signedIn.register(collection: AdvisoryPageController(service: services.advisories, uploadLimit: config.uploadMaxBytes))
        let hostImport = CSVImportController(importer: HostImport(), uploadLimit: config.uploadMaxBytes,
                                             pagePath: ["assets", "import"], listPath: "/assets/hosts")
        try signedIn.register(collection: hostImport)
        let systemImport = CSVImportController(importer: SystemImport(service: SystemService(organisations: services.organisationRepository)),
                                               uploadLimit: config.uploadMaxBytes, pagePath: ["assets", "systems", "import"], listPath: "/assets/systems")
        try signedIn.register(collection: systemImport)
        let hosts = HostController(repository: HostRepository(), organisations: services.organisationRepository, settings: services.settings)
        try signedIn.register(collection: hosts)
        try signedIn.register(collection: HostFormController(
            service: HostService(organisations: services.organisationRepository), repository: HostRepository(),
            organisations: services.organisationRepository))
        try signedIn.register(collection: EnrolmentController(store: services.enrolmentTokens, organisations: services.organisationRepository))

        let api = app.grouped("api", "v1").grouped(BearerAuthenticator(tokens: services.tokens)).grouped(RequireAPIUser())
        try users.bootAPI(routes: api)
        try organisations.bootAPI(routes: api)
        try audit.bootAPI(routes: api)
        try api.register(collection: TokenAPIController(tokens: services.tokens))
        try api.register(collection: IncidentAPIController(repository: services.incidentRepository, service: services.incidents))
        try api.register(collection: IncidentActionsController(repository: services.incidentRepository, service: services.incidents, isAPI: true))
        try api.register(collection: EvidenceController(
            repository: services.incidentRepository, service: services.evidence, uploadLimit: config.uploadMaxBytes, isAPI: true))
        try api.register(collection: ReportController(repository: services.incidentRepository, service: services.reports, isAPI: true))
        try playbooks.bootAPI(routes: api)
        try taxonomy.bootAPI(routes: api)
        try coverage.bootAPI(routes: api)
        try hosts.bootAPI(routes: api)
        try hostImport.bootAPI(routes: api)
        try systemImport.bootAPI(routes: api)
        try scanController.bootAPI(routes: api)
        try findingController.bootAPI(routes: api)
        try knownExploited.bootAPI(routes: api)
        try api.register(collection: AdvisoryAPIController(service: services.advisories, uploadLimit: config.uploadMaxBytes))
        try systems.bootAPI(routes: api)
        try suppliers.bootAPI(routes: api)

        // Agents authenticate with enrolment tokens, not user tokens: outside the API group.
        let writer = CheckInWriter(settings: services.settings) { [unowned app] in app.db }
        try app.register(collection: CheckInController(tokens: services.enrolmentTokens, writer: writer))

        try app.register(collection: HealthController(registry: VigilMetrics.registry, startedAt: Date()))
    }

    static func housekeepingJobs(_ services: VigilServices) -> [PeriodicJob] {
        [
            PeriodicJob(name: "software-index", interval: 60, lease: 300) { db, _ in
                while try await SoftwareIndex().run(on: db) > 0 {}
            },
            PeriodicJob(name: "supplier-reminders", interval: 3600, lease: 600) { db, _ in
                try await services.suppliers.remind(on: db)
            },
            PeriodicJob(name: "scan-reminders", interval: 3600, lease: 600) { db, _ in
                try await services.scanCadence.remind(on: db)
            },
            PeriodicJob(name: "finding-deadlines", interval: 3600, lease: 600) { db, _ in
                try await services.findings.deadlines(on: db)
            },
            PeriodicJob(name: "advisory-match", interval: 900, lease: 900) { db, _ in
                try await services.advisories.housekeeping(on: db)
            },
            PeriodicJob(name: "coverage-snapshot", interval: 3600, lease: 600) { db, _ in
                try await services.coverage.snapshot(on: db)
            },
            PeriodicJob(name: "purge-expired-sessions", interval: 3600, lease: 600) { db, _ in
                let now = Date()
                try await services.sessions.purgeExpired(on: db, now: now)
                try await services.throttle.purge(before: now.addingTimeInterval(-86_400), on: db)
            },
        ]
    }

    /// The folder of templates, static files and localization tables shipped with the module.
    static func resourceDirectory() throws -> URL {
        guard let url = Bundle.module.resourceURL else {
            throw Abort(.internalServerError, reason: "Vigil's resource bundle is missing")
        }
        return url
    }

    /// On SQLite, switches the database to write-ahead logging (readers never wait for the writer;
    /// the mode stays with the file), then migrates it. `serve` and every command line use it, so
    /// a data folder behaves the same whichever made it.
    static func migrate(_ app: Application) async throws {
        if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        try await app.autoMigrate()
    }

    /// Migrates the database (`migrate`), then makes the first administrator if there is nobody yet.
    public static func prepareDatabase(_ app: Application) async throws -> (email: String, password: String)? {
        try await migrate(app)
        let services = app.vigilServices
        guard let admin = try await Bootstrap.ensureAdministrator(users: services.users, organisations: services.organisations, on: app.db) else {
            return nil
        }
        return (admin.email, admin.password)
    }

    /// `vigil serve`: holds the data folder's shared lock, migrates, makes the first administrator
    /// (printing the one-time password), starts the jobs and serves until stopped.
    public static func serve(config: AppConfig) async throws {
        let lock = config.isSQLite ? try DataFolderLock(dataDirectory: config.dataDirectory, mode: .shared) : nil
        var environment = Environment.production
        environment.arguments = ["vigil"]
        let app = try await make(config: config, environment: environment)
        do {
            if let admin = try await prepareDatabase(app) {
                let text = """
                    First start: created the administrator \(admin.email)
                    One-time password: \(admin.password)
                    (sign in at http://\(config.hostname):\(config.port)/login and choose a new password)

                    """
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            startJobs(app)
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        withExtendedLifetime(lock) {}
    }

    /// Starts the background jobs; called by `serve` only, so that commands and tests stay quiet.
    public static func startJobs(_ app: Application) {
        if let scheduler = app.storage[SchedulerKey.self] { app.lifecycle.use(scheduler) }
    }
}

struct ConfigKey: StorageKey { typealias Value = AppConfig }
struct ServicesKey: StorageKey { typealias Value = VigilServices }
struct SchedulerKey: StorageKey { typealias Value = JobScheduler }

extension Application {
    var vigilServices: VigilServices { storage[ServicesKey.self]! }
    var vigilConfig: AppConfig { storage[ConfigKey.self]! }
    var jobScheduler: JobScheduler? { storage[SchedulerKey.self] }
}
