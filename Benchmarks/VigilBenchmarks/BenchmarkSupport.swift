import Foundation
import SQLKit
import Vapor
import VigilServer

/// What the benchmarks share: a scratch application, requests through its responder, timings.
/// The benchmarks reach Vigil as its command line does (`VigilOperations`), through its HTTP
/// routes, and through SQL for bulk rows; they are a target of their own, outside the server.
enum Bench {
    struct Timings { let p50: Double; let p95: Double; let p99: Double }

    /// A migrated, booted application on a new SQLite database in `directory` (emptied first), or
    /// on the PostgreSQL database at `databaseURL`, wiped first (its name must contain "bench").
    static func scratchApplication(in directory: URL, databaseURL: String? = nil) async throws -> Application {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database: AppConfig.DatabaseKind
        if let databaseURL {
            guard databaseURL.split(separator: "/").last?.contains("bench") == true else {
                throw Abort(.badRequest, reason: "the benchmark wipes its database: use one whose name contains 'bench'")
            }
            database = .postgres(url: databaseURL)
        } else {
            database = .sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
        }
        var config = AppConfig(dataDirectory: directory, database: database)
        config.bcryptCost = 4
        let app = try await VigilApplication.make(config: config, environment: .testing)
        app.logger.logLevel = .error
        do {
            if databaseURL != nil {
                let sql = app.db as! any SQLDatabase
                try await sql.raw("DROP SCHEMA public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
            _ = try await VigilApplication.prepareDatabase(app)
            try await app.asyncBoot()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// One request through the application's responder, as the HTTP server would hand it over.
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, body: String? = nil,
                     cookie: String? = nil) async throws -> Response {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) } else { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if body != nil { headers.contentType = .json }
        let request = Request(application: app, method: method, url: URI(string: path), headers: headers,
                              collectedBody: body.map { ByteBuffer(string: $0) }, remoteAddress: nil, logger: app.logger, on: app.eventLoopGroup.next())
        return try await app.responder.current.respond(to: request).get()
    }

    /// - Parameter before: run before each request, outside its time.
    static func measure(_ app: Application, path: String, token: String, count: Int, cookie: String? = nil,
                        before: (() async throws -> Void)? = nil) async throws -> Timings {
        var samples: [Double] = []
        for index in 0..<(count + 5) {
            try await before?()
            let start = DispatchTime.now().uptimeNanoseconds
            let response = try await send(app, .GET, path, token: token, cookie: cookie)
            guard response.status == .ok else { throw Abort(.internalServerError, reason: "\(path) answered \(response.status)") }
            if index >= 5 { samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        samples.sort()
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        return Timings(p50: percentile(0.5), p95: percentile(0.95), p99: percentile(0.99))
    }

    /// The root organisation the first start made.
    static func root(_ app: Application) async throws -> UUID {
        guard let row = try await (app.db as! any SQLDatabase).raw("SELECT id FROM organisations WHERE parent_id IS NULL").first() else {
            throw Abort(.internalServerError, reason: "no root organisation")
        }
        return try row.decode(column: "id", as: UUID.self)
    }

    /// Twenty agencies under the root (`Sở 0` … `Sở 19`, codes `S0` …), made as `vigil org create` makes them.
    static func agencies(_ operations: VigilOperations, under root: UUID, count: Int = 20) async throws -> [(id: UUID, code: String)] {
        var made: [(UUID, String)] = []
        for index in 0..<count {
            let id = try await operations.createOrganisation(name: "Sở \(index)", parent: root.uuidString.lowercased(), kind: "agency",
                                                             code: "S\(index)")
            made.append((UUID(uuidString: id)!, "S\(index)"))
        }
        return made
    }

    /// A user of the root with these roles and a personal API token.
    static func user(_ operations: VigilOperations, root: UUID, roles: [String]) async throws -> String {
        _ = try await operations.createUser(email: "bench@vigil.local", organisation: root.uuidString.lowercased(), roles: roles,
                                            password: "measured with care 2026", displayName: "Bench")
        return try await operations.createToken(email: "bench@vigil.local", name: "bench", expiresInDays: nil)
    }
}
