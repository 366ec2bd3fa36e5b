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
        app.middleware.use(SecurityHeadersMiddleware(strictTransport: config.secureCookies))
        app.middleware.use(VigilErrorMiddleware())
        app.middleware.use(LanguageMiddleware())

        let services = try VigilServices(config: config, threadPool: app.threadPool, eventLoopGroup: app.eventLoopGroup, localizer: app.localizer)
        app.storage[ServicesKey.self] = services
        let capabilities = capabilities(app, services: services, config: config)
        let routes = routeGroups(app, services: services, config: config)
        for capability in capabilities { try capability.boot(routes) }
        // Uploads may be as large as their routes say (evidence and imports: the upload setting;
        // scanner reports: the scan setting); everything else stays under 1 MB.
        app.middleware.use(BodySizeLimitMiddleware(maxBytes: 1 << 20, routes: app.routes.all))
        app.middleware.use(StaticFilesMiddleware(publicDirectory: resources.appendingPathComponent("Public").path + "/"))
        app.storage[NavigationKey.self] = capabilities.flatMap(\.navigation).sorted { $0.order < $1.order }

        let scheduler = JobScheduler(jobs: capabilities.flatMap(\.jobs), pollInterval: config.jobPollInterval)
        app.storage[SchedulerKey.self] = scheduler
        app.storage[MonitorSchedulerKey.self] = MonitorScheduler(runner: services.monitorRunner, concurrency: config.monitorConcurrency)
        app.storage[MailSenderKey.self] = MailSender(outbox: services.mailOutbox, settings: services.mailSettings, client: services.smtp)
        app.storage[WebhookSenderKey.self] = WebhookSender(store: WebhookDeliveryStore(), client: services.outbound, secrets: services.webhookSecrets)
        app.storage[FederationSenderKey.self] = FederationSender(store: FederationDeliveryStore(), client: services.outbound)
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
            app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: config.postgresConnectionsPerLoop, connectionPoolTimeout: .seconds(30),
                                        sqlLogLevel: .debug), as: .psql)
            VigilMetrics.recordPoolSize(config.postgresConnectionsPerLoop * System.coreCount, database: "postgres")
        }
    }

    /// Every capability, in the order their routes are registered. A new capability adds a line.
    static func capabilities(_ app: Application, services: VigilServices, config: AppConfig) -> [any Capability] {
        [
            AccountsCapability(services: services, config: config),
            OrganisationsCapability(services: services),
            AuditCapability(services: services),
            DashboardCapability(services: services),
            SettingsCapability(services: services),
            NotificationsCapability(services: services),
            IncidentsCapability(services: services, config: config),
            AssetsCapability(services: services, config: config) { [unowned app] in app.db },
            VulnerabilitiesCapability(services: services, config: config),
            MonitoringCapability(services: services, runner: services.monitorRunner, monitors: services.monitors),
            MailCapability(services: services),
            PlansCapability(services: services),
            AwarenessCapability(services: services, localizer: app.localizer),
            ContactsCapability(services: services, contacts: services.contacts),
            DrillsCapability(services: services, config: config),
            ComplianceCapability(services: services),
            PeriodicReportsCapability(services: services, config: config, localizer: app.localizer),
            WebhooksCapability(services: services),
            FederationCapability(services: services),
            HealthCapability(),
            APICapability(),
        ]
    }

    /// The guarded route groups every capability registers in (`CapabilityRoutes`).
    static func routeGroups(_ app: Application, services: VigilServices, config: AppConfig) -> CapabilityRoutes {
        let cookie = SessionCookie(secure: config.secureCookies, maxAge: Int(config.sessionAbsoluteTimeout))
        let browser = app.grouped(SessionAuthenticator(sessions: services.sessions, cookie: cookie))
            .grouped(CSRFMiddleware(secureCookies: config.secureCookies))
        return CapabilityRoutes(
            browser: browser,
            signedIn: browser.grouped(RequireSignedInPage()).grouped(AwarenessInterstitial(notices: AwarenessRepository())),
            api: app.grouped("api", "v1").grouped(BearerAuthenticator(tokens: services.tokens)).grouped(RequireAPIUser())
                .grouped(RequireTokenScope()),
            root: app.routes)
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
            // Each event loop's connection waits for the write lock sleeping, not spinning
            // (`Database.write` says why, and sets it again on the connections opened later).
            for loop in app.eventLoopGroup.makeIterator() {
                if let db = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase {
                    try await db.raw(SQLQueryString(WriteTransaction.sqliteBusyTimeout)).run()
                }
            }
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
        if let monitors = app.storage[MonitorSchedulerKey.self] { app.lifecycle.use(monitors) }
        if let mail = app.storage[MailSenderKey.self] { app.lifecycle.use(mail) }
        if let webhooks = app.storage[WebhookSenderKey.self] { app.lifecycle.use(webhooks) }
        if let federation = app.storage[FederationSenderKey.self] { app.lifecycle.use(federation) }
    }
}

struct ConfigKey: StorageKey { typealias Value = AppConfig }
struct ServicesKey: StorageKey { typealias Value = VigilServices }
struct SchedulerKey: StorageKey { typealias Value = JobScheduler }
struct MonitorSchedulerKey: StorageKey { typealias Value = MonitorScheduler }
struct NavigationKey: StorageKey { typealias Value = [NavigationEntry] }

extension Application {
    var vigilServices: VigilServices { storage[ServicesKey.self]! }
    var vigilConfig: AppConfig { storage[ConfigKey.self]! }
    var jobScheduler: JobScheduler? { storage[SchedulerKey.self] }
    /// Every capability's navigation entries, in order.
    var navigation: [NavigationEntry] { storage[NavigationKey.self] ?? [] }
}
