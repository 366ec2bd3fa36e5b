import FluentKit
import Foundation
import SQLKit
import Vapor
import VigilCore
import VigilServer

/// `vigil bench incidents`: fills a scratch database with incidents and indicators, then times the
/// incident list, its filters and text search through the whole responder chain (routing,
/// middleware, token check, SQL, JSON), in-process. Not a test: figures go to docs/PERFORMANCE.md.
public enum IncidentBenchmark {
    public struct Options: Sendable {
        public var incidents: Int
        public var indicatorsPerIncident: Int
        public var requests: Int
        public var directory: URL
        /// A scratch PostgreSQL database (its name must contain "bench": it is wiped); SQLite when nil.
        public var databaseURL: String?

        public init(incidents: Int, indicatorsPerIncident: Int, requests: Int, directory: URL, databaseURL: String? = nil) {
            self.incidents = incidents
            self.indicatorsPerIncident = indicatorsPerIncident
            self.requests = requests
            self.directory = directory
            self.databaseURL = databaseURL
        }
    }

    public static func run(_ options: Options, report: @escaping @Sendable (String) -> Void) async throws {
        try? FileManager.default.removeItem(at: options.directory)
        let database: AppConfig.DatabaseKind
        if let url = options.databaseURL {
            guard url.split(separator: "/").last?.contains("bench") == true else {
                throw Abort(.badRequest, reason: "the benchmark wipes its database: use one whose name contains 'bench'")
            }
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: options.directory.appendingPathComponent("bench.sqlite").path)
        }
        try FileManager.default.createDirectory(at: options.directory, withIntermediateDirectories: true)
        var config = AppConfig(dataDirectory: options.directory, database: database)
        config.bcryptCost = 4
        let app = try await VigilApplication.make(config: config, environment: .testing)
        app.logger.logLevel = .error
        do {
            if options.databaseURL != nil {
                let sql = app.db as! any SQLDatabase
                try await sql.raw("DROP SCHEMA public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
            report("database: \(options.databaseURL == nil ? "SQLite" : "PostgreSQL")")
            _ = try await VigilApplication.prepareDatabase(app)
            try await app.asyncBoot()
            let (token, seconds) = try await seed(app, options)
            if options.databaseURL != nil {
                // PostgreSQL plans by the statistics autovacuum gathers a little after a bulk load;
                // gather them now, as a server in steady state would have them.
                try await (app.db as! any SQLDatabase).raw("ANALYZE").run()
            }
            report("seeded \(options.incidents) incidents and \(options.incidents * options.indicatorsPerIncident) indicators in \(String(format: "%.1f", seconds)) s")
            let cases: [(String, String)] = [
                ("list, first page (50)", "/api/v1/incidents?limit=50"),
                ("list, status filter", "/api/v1/incidents?limit=50&status=containing"),
                ("list, scenario + severity", "/api/v1/incidents?limit=50&scenario=ransomware&severity=high"),
                ("list, overdue", "/api/v1/incidents?limit=50&overdue=true"),
                ("search, title words + number", "/api/v1/incidents?limit=50&q=m%C3%A1y%20ch%E1%BB%A7%2012345"),
                ("search, common words (10% match)", "/api/v1/incidents?limit=50&q=c%E1%BB%95ng%20th%C3%B4ng%20tin"),
                ("search, an indicator (IP)", "/api/v1/incidents?limit=50&q=10.12.34.3"),
                ("search, a prefix, as typed", "/api/v1/incidents?limit=50&q=%C4%91%C6%B0%E1%BB%9Dng%20truy"),
                ("health (comparison)", "/healthz"),
            ]
            for (name, path) in cases {
                let timings = try await Bench.measure(app, path: path, token: token, count: options.requests)
                report(String(format: "%@: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests)",
                              name, timings.p50, timings.p95, timings.p99, options.requests))
            }
            let deep = try await deepPageCursor(app, token: token)
            let timings = try await Bench.measure(app, path: "/api/v1/incidents?limit=50&cursor=\(deep)", token: token, count: options.requests)
            report(String(format: "list, page 100 (cursor): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", timings.p50, timings.p95, timings.p99))
            let create = try await measureCreates(app, token: token, count: min(options.requests, 500))
            report(String(format: "incident creation through the API: %.0f per second (%d in a row)", create, min(options.requests, 500)))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: options.directory)
    }

    private static func deepPageCursor(_ app: Application, token: String) async throws -> String {
        var cursor = ""
        for _ in 0..<99 {
            let response = try await Bench.send(app, .GET, "/api/v1/incidents?limit=50" + (cursor.isEmpty ? "" : "&cursor=\(cursor)"), token: token)
            struct Page: Decodable { let nextCursor: String? }
            cursor = try response.content.decode(Page.self).nextCursor ?? cursor
        }
        return cursor
    }

    private static func measureCreates(_ app: Application, token: String, count: Int) async throws -> Double {
        let body = #"{"title":"Máy chủ chậm bất thường","description":"Đo hiệu năng","discoveredAt":"2026-11-24T02:00:00Z"}"#
        let start = Date()
        for _ in 0..<count {
            let response = try await Bench.send(app, .POST, "/api/v1/incidents", token: token, body: body)
            guard response.status == .created else { throw Abort(.internalServerError, reason: "create answered \(response.status)") }
        }
        return Double(count) / Date().timeIntervalSince(start)
    }

    /// Bulk rows through SQLKit, 500 at a time in one transaction per batch: the model layer would
    /// take far longer for a million rows and measures nothing of interest here.
    private static func seed(_ app: Application, _ options: Options) async throws -> (String, TimeInterval) {
        let started = Date()
        let operations = VigilOperations(attachedTo: app)
        let root = try await Bench.root(app)
        let agencies = try await Bench.agencies(operations, under: root)
        let token = try await Bench.user(operations, root: root, roles: ["focal_point", "responder"])
        guard let reporter = try await (app.db as! any SQLDatabase).raw("SELECT id FROM users WHERE email = 'bench@vigil.local'").first() else {
            throw Abort(.internalServerError)
        }
        let reporterID = try reporter.decode(column: "id", as: UUID.self)
        let sql = app.db as! any SQLDatabase
        let statuses = IncidentStatus.allCases
        let scenarios = Scenario.allCases
        let severities = Severity.allCases
        let words = ["máy chủ", "cổng thông tin", "thư điện tử", "mã độc", "tấn công", "mất điện", "đường truyền", "tài khoản", "dữ liệu", "phần mềm"]
        let now = Date()
        var generator = SystemRandomNumberGenerator()
        let batch = 500
        var made = 0
        while made < options.incidents {
            let count = min(batch, options.incidents - made)
            let first = made
            try await app.db.transaction { db in
                let sql = db as! any SQLDatabase
                var insert = sql.insert(into: "incidents").columns(
                    "id", "organisation_id", "reporter_id", "reference", "reported_ms", "title", "description", "discovered_at", "status",
                    "scenario", "cause_group", "severity", "serious", "beyond_capacity", "escalated", "disposition", "created_at", "updated_at",
                    "notify_by")
                var indicatorRows: [[any SQLExpression]] = []
                var documents: [(UUID, String)] = []
                for offset in 0..<count {
                    let number = first + offset
                    let agency = agencies[number % agencies.count]
                    let id = UUID()
                    let scenario = scenarios[number % scenarios.count]
                    let reported = now.addingTimeInterval(-Double(options.incidents - number) * 60)
                    insert = insert.values(
                        SQLBind(id), SQLBind(agency.id), SQLBind(reporterID), SQLBind("\(agency.code)-BENCH-\(String(format: "%07d", number))"),
                        SQLBind(Int64(reported.timeIntervalSince1970 * 1000)),
                        SQLBind("Sự cố \(words[number % words.count]) \(number)"), SQLBind("Mô tả sự cố số \(number) về \(words[(number / 7) % words.count])."),
                        SQLBind(reported.addingTimeInterval(-3600)), SQLBind(statuses[number % statuses.count].rawValue),
                        SQLBind(scenario.rawValue), SQLBind(scenario.causeGroup.rawValue), SQLBind(severities[number % severities.count].rawValue),
                        SQLBind(number % 97 == 0), SQLBind(false), SQLBind(false), SQLBind("open"), SQLBind(reported), SQLBind(reported),
                        SQLBind(reported.addingTimeInterval(-3600 + (number % 97 == 0 ? 86_400 : 5 * 86_400))))
                    var values: [String] = []
                    for index in 0..<options.indicatorsPerIncident {
                        let value = "10.\(number % 250).\((number / 250) % 250).\(index + 1)"
                        values.append(value)
                        indicatorRows.append([SQLBind(UUID()), SQLBind(id), SQLBind("ipv4"), SQLBind(value), SQLBind(reported), SQLBind("bench")])
                    }
                    documents.append((id, IncidentSearchIndex.body(
                        reference: "\(agency.code)-BENCH-\(String(format: "%07d", number))", title: "Sự cố \(words[number % words.count]) \(number)",
                        details: "Mô tả sự cố số \(number) về \(words[(number / 7) % words.count]).", systemName: nil, indicators: values)))
                }
                try await insert.run()
                try await IncidentSearchIndex.write(documents, on: db)
                for chunk in stride(from: 0, to: indicatorRows.count, by: batch) {
                    var rows = sql.insert(into: "incident_indicators").columns("id", "incident_id", "type", "value", "added_at", "added_by")
                    for row in indicatorRows[chunk..<min(chunk + batch, indicatorRows.count)] { rows = rows.values(row) }
                    try await rows.run()
                }
            }
            made += count
            _ = generator.next()
        }
        _ = sql
        return (token, Date().timeIntervalSince(started))
    }
}
