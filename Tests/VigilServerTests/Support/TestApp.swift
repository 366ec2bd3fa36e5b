import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The database the suites run on: a temporary SQLite file, or a fresh PostgreSQL database per
/// test when `VIGIL_TEST_POSTGRES_URL` names a server (its user must be allowed to create
/// databases). CI runs every suite once on each.
enum TestDatabase {
    static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isPostgres: Bool { postgresAdminURL != nil }

    /// Runs one statement on the server's maintenance database.
    static func administer(_ statement: String) async throws {
        guard let url = postgresAdminURL else { return }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
        do {
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func url(replacingDatabaseIn url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}

/// Builds the real application on a fresh database, migrates it, runs `body`, and always cleans up.
func withVigilApp(
    configure: (inout AppConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var postgresName: String?
    let database: AppConfig.DatabaseKind
    if let admin = TestDatabase.postgresAdminURL {
        let name = "vigil_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await TestDatabase.administer("CREATE DATABASE \(name)")
        postgresName = name
        database = .postgres(url: TestDatabase.url(replacingDatabaseIn: admin, with: name))
    } else {
        database = .sqlite(path: directory.appendingPathComponent("vigil.sqlite").path)
    }
    var config = AppConfig(dataDirectory: directory, database: database)
    config.bcryptCost = 4
    // Every suite runs side by side, each on its own database: two connections per event loop
    // keep the total within the test server's max_connections on machines with many cores.
    config.postgresConnectionsPerLoop = 2
    configure(&config)
    let app = try await VigilApplication.make(config: config, environment: .testing)
    app.logger.logLevel = .error
    do {
        _ = try await VigilApplication.prepareDatabase(app)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? await cleanUp(directory: directory, postgresName: postgresName)
        throw error
    }
    try await app.asyncShutdown()
    try await cleanUp(directory: directory, postgresName: postgresName)
}

private func cleanUp(directory: URL, postgresName: String?) async throws {
    try? FileManager.default.removeItem(at: directory)
    if let postgresName { try await TestDatabase.administer("DROP DATABASE IF EXISTS \(postgresName) WITH (FORCE)") }
}
