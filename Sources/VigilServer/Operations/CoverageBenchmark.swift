import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// `vigil bench coverage`: fills a scratch SQLite database with hosts over a province of agencies
/// and units, then times the coverage API and page and the host list through the whole responder
/// chain, in-process, as a focal point at the root. Not a test: figures go to docs/PERFORMANCE.md.
public enum CoverageBenchmark {
    /// A migrated, booted application on a new SQLite database in `directory` (emptied first), for
    /// the benchmarks that fill one.
    static func scratchApplication(in directory: URL) async throws -> Application {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = AppConfig(dataDirectory: directory, database: .sqlite(path: directory.appendingPathComponent("bench.sqlite").path))
        config.bcryptCost = 4
        let app = try await VigilApplication.make(config: config, environment: .testing)
        app.logger.logLevel = .error
        do {
            _ = try await VigilApplication.prepareDatabase(app)
            try await app.asyncBoot()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    public static func run(hosts: Int, requests: Int, directory: URL, report: @escaping @Sendable (String) -> Void) async throws {
        let app = try await scratchApplication(in: directory)
        do {
            let started = Date()
            let (token, cookie, agency) = try await seed(app, hosts: hosts)
            report("seeded \(hosts) hosts in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            let cases: [(String, String, String?)] = [
                ("GET /api/v1/coverage (the province)", "/api/v1/coverage", nil),
                ("GET /api/v1/coverage?org= (one agency)", "/api/v1/coverage?org=\(agency)", nil),
                ("GET /assets/coverage (the page, the province)", "/assets/coverage", cookie),
                ("GET /api/v1/hosts?status=unprotected (first 50)", "/api/v1/hosts?status=unprotected&limit=50", nil),
                ("health (comparison)", "/healthz", nil),
            ]
            for (name, path, cookie) in cases {
                let timings = try await IncidentBenchmark.measure(app, path: path, token: token, count: requests, cookie: cookie)
                report(String(format: "%@: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests)", name, timings.p50, timings.p95, timings.p99, requests))
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func seed(_ app: Application, hosts: Int) async throws -> (token: String, cookie: String, agency: String) {
        let services = app.vigilServices
        guard let root = try await OrganisationRecord.query(on: app.db).filter(\.$parent.$id == nil).first() else { throw Abort(.internalServerError) }
        var leaves: [OrganisationRecord] = []
        var firstAgency = ""
        for index in 0..<20 {
            let agency = try await services.organisations.create(.init(name: "Sở \(index)", code: "S\(index)", kind: .agency, parentID: root.id),
                                                                 scope: nil, actor: .system, on: app.db)
            if index == 0 { firstAgency = agency.id!.uuidString.lowercased() }
            leaves.append(agency)
            for unit in 0..<4 {
                leaves.append(try await services.organisations.create(.init(name: "Phòng \(index).\(unit)", code: "P\(index)x\(unit)", kind: .unit, parentID: agency.id),
                                                                      scope: nil, actor: .system, on: app.db))
            }
        }
        let focal = try await services.users.create(
            .init(email: "bench@vigil.local", displayName: "Bench", organisationID: try root.requireID(), roles: [.focalPoint], password: "measured with care 2026"),
            scope: nil, actor: .system, on: app.db)
        let userID = try focal.user.requireID()
        let token = try await services.tokens.issue(userID: userID, name: "bench", expiresInDays: nil, on: app.db, now: Date()).token
        let session = try await services.sessions.start(userID: userID, stage: .active, address: nil, userAgent: "bench", on: app.db, now: Date())
        let now = Date()
        let organisationIDs = leaves.compactMap(\.id)
        var made = 0
        while made < hosts {
            let count = min(1000, hosts - made)
            let first = made
            try await app.db.transaction { db in
                var insert = (db as! any SQLDatabase).insert(into: HostRecord.schema).columns(
                    "id", "organisation_id", "machine_id", "hostname", "addresses", "os_name", "os_version", "role", "owner", "criticality",
                    "last_seen_at", "source", "software_hash", "software", "software_indexed", "av_report_at", "av_products", "av_enabled",
                    "av_real_time", "av_signature_at", "av_detail", "av_shape", "created_at", "updated_at")
                for offset in 0..<count {
                    let number = first + offset
                    // Mostly protected; the rest spread over every reason.
                    let kind = number % 20
                    let reported = now.addingTimeInterval(kind == 1 ? -5 * 86_400 : -3600)
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(organisationIDs[number % organisationIDs.count]), SQLBind("bench-\(number)"), SQLBind("ws-\(number)"),
                        SQLBind("10.0.0.1"), SQLBind("Windows 11"), SQLBind(""), SQLBind("workstation"), SQLBind(""), SQLBind("medium"),
                        SQLBind(reported), SQLBind("agent"), SQLBind(""), SQLBind(""), SQLBind(""),
                        kind == 0 ? SQLLiteral.null : SQLBind(reported), SQLBind(kind == 2 ? 0 : 1), SQLBind(kind != 3),
                        SQLBind(kind != 4), SQLBind(now.addingTimeInterval(kind == 5 ? -20 * 86_400 : -86_400)), SQLBind("[]"), SQLBind(""),
                        SQLBind(now), SQLBind(now))
                }
                try await insert.run()
            }
            made += count
        }
        return (token, "\(SessionCookie.name)=\(session.token)", firstAgency)
    }
}
