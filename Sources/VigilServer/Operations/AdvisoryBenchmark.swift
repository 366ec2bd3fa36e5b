import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

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
        let app = try await CoverageBenchmark.scratchApplication(in: directory)
        do {
            let started = Date()
            let (user, token, rows) = try await seed(app, hosts: hosts, packagesPerHost: packagesPerHost)
            report("seeded \(hosts) hosts with \(rows) installed packages in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            var draft = AdvisoryDraft()
            draft.reference = "BENCH/NCSC"
            draft.issuer = "NCSC"
            draft.issuedOn = "2026-11-01"
            draft.deadline = "2026-11-30"
            draft.title = "Apache, OpenSSH, sudo"
            draft.cves = "CVE-2023-45802 CVE-2024-6387 CVE-2021-3156"
            draft.products = AdvisoryDraft.products(fromLines: """
                Apache | HTTP Server | >=2.4.0 <2.4.58
                OpenBSD | OpenSSH | >=8.5p1 <9.8p1
                | sudo | >=1.8.2 <1.9.5p2
                """)
            let root = try await OrganisationRecord.find(user.organisationID, on: app.db)!
            let service = app.vigilServices.advisories
            var clock = Date()
            let record = try await service.create(draft, organisation: root, by: user, address: nil, on: app.db)
            let first = Date().timeIntervalSince(clock)
            let tasks = try await AdvisoryTaskRecord.query(on: app.db).filter(\.$advisoryID == record.requireID()).all()
            let affected = tasks.reduce(0) { $0 + $1.affectedHosts }
            report(String(format: "recording the warning (its first matching, %d tasks, %d affected hosts): %.2f s", tasks.count, affected, first))
            clock = Date()
            let outcome = try await service.matching.run(record, on: app.db)
            report(String(format: "matching again (nothing changed, %d hits): %.2f s", outcome.matches, Date().timeIntervalSince(clock)))
            let timings = try await IncidentBenchmark.measure(app, path: "/api/v1/advisories/\(record.id!.uuidString.lowercased())", token: token,
                                                              count: requests)
            report(String(format: "GET /api/v1/advisories/{id} (every task's hosts): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests)",
                          timings.p50, timings.p95, timings.p99, requests))
            let health = try await IncidentBenchmark.measure(app, path: "/healthz", token: token, count: requests)
            report(String(format: "health (comparison): p50 %.1f ms, p95 %.1f ms", health.p50, health.p95))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func seed(_ app: Application, hosts: Int, packagesPerHost: Int) async throws -> (CurrentUser, String, Int) {
        let services = app.vigilServices
        guard let root = try await OrganisationRecord.query(on: app.db).filter(\.$parent.$id == nil).first() else { throw Abort(.internalServerError) }
        var made = [UUID]()
        for index in 0..<20 {
            let agency = try await services.organisations.create(.init(name: "Sở \(index)", code: "S\(index)", kind: .agency, parentID: root.id),
                                                                 scope: nil, actor: .system, on: app.db)
            made.append(try agency.requireID())
        }
        let agencies = made
        let created = try await services.users.create(
            .init(email: "bench@vigil.local", displayName: "Bench", organisationID: try root.requireID(), roles: [.coordinator],
                  password: "measured with care 2026"), scope: nil, actor: .system, on: app.db)
        let userRecord = created.user
        let token = try await services.tokens.issue(userID: try userRecord.requireID(), name: "bench", expiresInDays: nil, on: app.db, now: Date()).token
        let user = try CurrentUser(user: userRecord, organisation: root, channel: .apiToken(id: UUID()), requireTOTPForAll: false)
        let now = Date()
        var rows = 0
        var done = 0
        while done < hosts {
            let count = min(500, hosts - done)
            let first = done
            let inserted = try await app.db.transaction { db -> Int in
                let sql = db as! any SQLDatabase
                var insert = sql.insert(into: HostRecord.schema).columns(
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
                    var packages = sql.insert(into: HostSoftwareRecord.schema).columns("id", "host_id", "name", "vendor", "version")
                    for row in software[chunk..<min(chunk + 2000, software.count)] { packages = packages.values(row) }
                    try await packages.run()
                }
                return software.count
            }
            rows += inserted
            done += count
        }
        return (user, token, rows)
    }
}
