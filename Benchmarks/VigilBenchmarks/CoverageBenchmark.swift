import FluentKit
import Foundation
import SQLKit
import Vapor
import VigilCore
import VigilServer

/// `vigil bench coverage`: fills a scratch SQLite database with hosts over a province of agencies
/// and units, then times the coverage API and page and the host list through the whole responder
/// chain, in-process, as a focal point at the root. Not a test: figures go to docs/PERFORMANCE.md.
public enum CoverageBenchmark {
    public static func run(hosts: Int, requests: Int, directory: URL, report: @escaping @Sendable (String) -> Void) async throws {
        let app = try await Bench.scratchApplication(in: directory)
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
                let timings = try await Bench.measure(app, path: path, token: token, count: requests, cookie: cookie)
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
        let operations = VigilOperations(attachedTo: app)
        let root = try await Bench.root(app)
        var leaves: [UUID] = []
        var firstAgency = ""
        for (index, agency) in try await Bench.agencies(operations, under: root).enumerated() {
            if index == 0 { firstAgency = agency.id.uuidString.lowercased() }
            leaves.append(agency.id)
            for unit in 0..<4 {
                let id = try await operations.createOrganisation(name: "Phòng \(index).\(unit)", parent: agency.id.uuidString.lowercased(),
                                                                 kind: "unit", code: "P\(index)x\(unit)")
                leaves.append(UUID(uuidString: id)!)
            }
        }
        let token = try await Bench.user(operations, root: root, roles: ["focal_point"])
        let cookie = try await operations.sessionCookie(email: "bench@vigil.local")
        let now = Date()
        let organisationIDs = leaves
        var made = 0
        while made < hosts {
            let count = min(1000, hosts - made)
            let first = made
            try await app.db.transaction { db in
                var insert = (db as! any SQLDatabase).insert(into: "hosts").columns(
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
        return (token, cookie, firstAgency)
    }
}
