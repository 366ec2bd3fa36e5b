import FluentKit
import Foundation
import SQLKit
import Vapor
import VigilCore
import VigilServer

/// `vigil bench advisories`: fills a scratch SQLite database with hosts over a province of agencies,
/// each host with its installed packages (some of them a warned product, in affected and fixed
/// versions, and look-alikes), then times recording a province-wide warning (its first matching),
/// matching it again, and the warning's JSON with every task's hosts. Not a test: figures go to
/// docs/PERFORMANCE.md.
public enum AdvisoryBenchmark {
    static let ordinary = ["bash", "coreutils", "systemd", "python3", "perl", "vim", "curl", "libxml2", "tzdata", "rsyslog", "cron", "nginx",
                           "postgresql-15", "libc6", "gzip", "tar", "sed", "grep", "findutils", "login", "passwd", "procps", "iproute2",
                           "openssh-client", "openssl", "libssl3", "ca-certificates", "gnupg", "apt", "dpkg", "util-linux", "mount",
                           "libsystemd0", "libudev1", "zlib1g", "libzstd1", "liblzma5", "libbz2-1.0", "libpcre2-8-0", "libselinux1",
                           "apache2-utils", "apache2-data", "python3-openssl", "libapache2-mod-php8.2", "tomcat9", "firefox-esr"]
    static let warned: [(String, [String])] = [
        ("apache2", ["2.4.57-2", "2.4.62-1~deb12u1"]), ("apache2-bin", ["2.4.57-2", "2.4.62-1~deb12u1"]),
        ("openssh-server", ["1:9.2p1-2+deb12u2", "1:9.8p1-3"]), ("sudo", ["1.9.13p3-1+deb12u1", "1.9.5p1-1"]),
    ]

    public static func run(hosts: Int, packagesPerHost: Int, requests: Int, directory: URL,
                           report: @escaping @Sendable (String) -> Void) async throws {
        let app = try await Bench.scratchApplication(in: directory)
        do {
            let started = Date()
            let (token, rows) = try await seed(app, hosts: hosts, packagesPerHost: packagesPerHost)
            report("seeded \(hosts) hosts with \(rows) installed packages in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            // Recorded through the API, as the coordinator records it; the answer comes after the first matching.
            let warning = #"""
                {"reference": "BENCH/NCSC", "issuer": "NCSC", "issuedOn": "2026-11-01", "deadline": "2026-11-30",
                 "title": "Apache, OpenSSH, sudo", "cves": ["CVE-2023-45802", "CVE-2024-6387", "CVE-2021-3156"],
                 "products": [{"vendor": "Apache", "product": "HTTP Server", "versions": ">=2.4.0 <2.4.58"},
                              {"vendor": "OpenBSD", "product": "OpenSSH", "versions": ">=8.5p1 <9.8p1"},
                              {"vendor": "", "product": "sudo", "versions": ">=1.8.2 <1.9.5p2"}]}
                """#
            var clock = Date()
            let created = try await Bench.send(app, .POST, "/api/v1/advisories", token: token, body: warning)
            let first = Date().timeIntervalSince(clock)
            guard created.status == .created else { throw Abort(.internalServerError, reason: "recording answered \(created.status): \(created.body.string ?? "")") }
            struct Recorded: Decodable { struct Task: Decodable { let affectedHosts: Int }; let id: String; let tasks: [Task] }
            let record = try JSONDecoder().decode(Recorded.self, from: Data((created.body.string ?? "").utf8))
            let affected = record.tasks.reduce(0) { $0 + $1.affectedHosts }
            report(String(format: "recording the warning (its first matching, %d tasks, %d affected hosts): %.2f s", record.tasks.count, affected, first))
            clock = Date()
            let again = try await Bench.send(app, .POST, "/api/v1/advisories/\(record.id)/match", token: token)
            struct Matched: Decodable { let matches: Int }
            let outcome = try JSONDecoder().decode(Matched.self, from: Data((again.body.string ?? "").utf8))
            report(String(format: "matching again (nothing changed, %d hits): %.2f s", outcome.matches, Date().timeIntervalSince(clock)))
            let timings = try await Bench.measure(app, path: "/api/v1/advisories/\(record.id)", token: token, count: requests)
            report(String(format: "GET /api/v1/advisories/{id} (every task's hosts): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests)",
                          timings.p50, timings.p95, timings.p99, requests))
            let health = try await Bench.measure(app, path: "/healthz", token: token, count: requests)
            report(String(format: "health (comparison): p50 %.1f ms, p95 %.1f ms", health.p50, health.p95))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func seed(_ app: Application, hosts: Int, packagesPerHost: Int) async throws -> (String, Int) {
        let operations = VigilOperations(attachedTo: app)
        let root = try await Bench.root(app)
        let agencies = try await Bench.agencies(operations, under: root).map(\.id)
        let token = try await Bench.user(operations, root: root, roles: ["coordinator"])
        let now = Date()
        var rows = 0
        var done = 0
        while done < hosts {
            let count = min(500, hosts - done)
            let first = done
            let inserted = try await app.db.transaction { db -> Int in
                let sql = db as! any SQLDatabase
                var insert = sql.insert(into: "hosts").columns(
                    "id", "organisation_id", "machine_id", "hostname", "addresses", "os_name", "os_version", "role", "owner", "criticality",
                    "last_seen_at", "source", "software_hash", "software", "software_indexed", "av_report_at", "av_products", "av_enabled",
                    "av_real_time", "av_signature_at", "av_detail", "av_shape", "created_at", "updated_at")
                var software: [[any SQLExpression]] = []
                for offset in 0..<count {
                    let number = first + offset
                    let id = UUID()
                    insert = insert.values(
                        SQLBind(id), SQLBind(agencies[number % agencies.count]), SQLBind("bench-\(number)"), SQLBind("srv-\(number)"),
                        SQLBind("10.0.0.1"), SQLBind("Debian GNU/Linux"), SQLBind("12"), SQLBind("server"), SQLBind(""), SQLBind("medium"),
                        SQLBind(now), SQLBind("agent"), SQLBind("x"), SQLBind(""), SQLBind("x"), SQLBind(now), SQLBind(1), SQLBind(true),
                        SQLBind(true), SQLBind(now), SQLBind("[]"), SQLBind(""), SQLBind(now), SQLBind(now))
                    for package in 0..<packagesPerHost {
                        let (name, version): (String, String)
                        if package < warned.count, (number + package) % 3 == 0 {
                            let entry = warned[package]
                            (name, version) = (entry.0, entry.1[(number / 3) % entry.1.count])
                        } else {
                            (name, version) = (ordinary[(number + package) % ordinary.count] + (package >= ordinary.count ? "-extra\(package)" : ""), "1.\(package).\(number % 7)")
                        }
                        software.append([SQLBind(UUID()), SQLBind(id), SQLBind(name), SQLBind(""), SQLBind(version)])
                    }
                }
                try await insert.run()
                for chunk in stride(from: 0, to: software.count, by: 2000) {
                    var packages = sql.insert(into: "host_software").columns("id", "host_id", "name", "vendor", "version")
                    for row in software[chunk..<min(chunk + 2000, software.count)] { packages = packages.values(row) }
                    try await packages.run()
                }
                return software.count
            }
            rows += inserted
            done += count
        }
        return (token, rows)
    }
}
