import FluentKit
import Foundation
import SQLKit
import Vapor
import VigilServer

/// `vigil bench compliance`: fills a scratch database with a province (`ComplianceProvince`), then
/// times the compliance API and pages through the whole responder chain, in-process, as the
/// coordinator at the root and as an agency's leader, and the nightly snapshot job; `/healthz` and
/// the incident list's first page are the comparisons. Not a test: figures go to docs/PERFORMANCE.md.
public enum ComplianceBenchmark {
    public struct Options: Sendable {
        public var agencies = 50
        public var unitsPerAgency = 4
        public var systemsPerAgency = 20
        public var hosts = 100_000
        public var findings = 1_000_000
        public var incidents = 100_000
        public var requests = 50
        public var directory: URL
        /// A scratch PostgreSQL database (its name must contain "bench": it is wiped); SQLite when nil.
        public var databaseURL: String?
        /// Keep the scratch SQLite folder afterwards, to time single statements against it.
        public var keep = false

        public init(directory: URL, databaseURL: String? = nil) {
            self.directory = directory
            self.databaseURL = databaseURL
        }
    }

    public static func run(_ options: Options, report: @escaping @Sendable (String) -> Void) async throws {
        let app = try await Bench.scratchApplication(in: options.directory, databaseURL: options.databaseURL)
        do {
            report("database: \(options.databaseURL == nil ? "SQLite" : "PostgreSQL")")
            let started = Date()
            let size = ComplianceProvince.Size(agencies: options.agencies, unitsPerAgency: options.unitsPerAgency,
                                               systemsPerAgency: options.systemsPerAgency, hosts: options.hosts, findings: options.findings,
                                               incidents: options.incidents)
            let province = try await ComplianceProvince.seed(app, size: size)
            if options.databaseURL != nil {
                // As `bench incidents`: the statistics autovacuum would gather shortly after a bulk load.
                try await (app.db as! any SQLDatabase).raw("ANALYZE").run()
            }
            report(String(format: "seeded %d agencies (%d units each), %d hosts, %d findings, %d incidents in %.1f s", options.agencies,
                          options.unitsPerAgency, options.hosts, options.findings, options.incidents, Date().timeIntervalSince(started)))
            let agency = province.firstAgency.uuidString.lowercased()
            let coordinator = (token: province.coordinatorToken, cookie: province.coordinatorCookie)
            let leader = (token: province.leaderToken, cookie: province.leaderCookie)
            let cases: [(String, String, (token: String, cookie: String), Bool)] = [
                ("coordinator: GET /api/v1/compliance/organisations", "/api/v1/compliance/organisations", coordinator, false),
                ("coordinator: GET /api/v1/compliance?organisationId=<agency>", "/api/v1/compliance?organisationId=\(agency)", coordinator, false),
                ("leader: GET /api/v1/compliance (own agency)", "/api/v1/compliance", leader, false),
                ("coordinator: GET /compliance/agencies (page)", "/compliance/agencies", coordinator, true),
                ("coordinator: GET /compliance?org=<agency> (page)", "/compliance?org=\(agency)", coordinator, true),
                ("leader: GET /compliance (page)", "/compliance", leader, true),
                ("comparison: GET /api/v1/incidents?limit=50 (first page)", "/api/v1/incidents?limit=50", coordinator, false),
                ("comparison: /healthz", "/healthz", coordinator, false),
            ]
            // The province's view as the coordinator sees it again (above), then as its first view
            // (every organisation counted again: `maxAge` past, or a setting changed), and after a
            // new incident in one agency (that agency alone counted again).
            let operations = VigilOperations(attachedTo: app)
            let incident = #"{"title":"Máy chủ chậm bất thường","description":"Đo hiệu năng","discoveredAt":"2026-11-24T02:00:00Z"}"#
            let changes: [(String, @Sendable () async throws -> Void)] = [
                ("every count afresh", { operations.forgetComplianceCounts() }),
                ("after an incident reported in one agency", {
                    let response = try await Bench.send(app, .POST, "/api/v1/incidents", token: leader.token, body: incident)
                    guard response.status == .created else { throw Abort(.internalServerError, reason: "incident answered \(response.status)") }
                }),
            ]
            let provinceCases = cases.filter { $0.1 == "/api/v1/compliance/organisations" || $0.1 == "/compliance/agencies" }
            let agencyCases = cases.filter { $0.1 == "/compliance" || $0.1 == "/api/v1/compliance" }
            var timed = cases.map { ($0.0, $0.1, $0.2, $0.3, nil as (@Sendable () async throws -> Void)?) }
            for (label, change) in changes {
                for (name, path, user, page) in provinceCases + agencyCases {
                    timed.append(("\(name), \(label)", path, user, page, change))
                }
            }
            for (name, path, user, page, before) in timed {
                let probe = try await Bench.send(app, .GET, path, token: user.token, cookie: page ? user.cookie : nil)
                guard probe.status != .notFound else {
                    report("\(name): 404 (not on this branch)")
                    continue
                }
                let timings = try await Bench.measure(app, path: path, token: user.token, count: options.requests, cookie: page ? user.cookie : nil,
                                                      before: before)
                report(String(format: "%@: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests)", name, timings.p50, timings.p95, timings.p99,
                              options.requests))
            }
            for run in 1...2 {
                let start = Date()
                try await operations.runComplianceSnapshot()
                report(String(format: "snapshot job, run %d: %.1f s", run, Date().timeIntervalSince(start)))
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        if !options.keep { try? FileManager.default.removeItem(at: options.directory) }
    }
}
