import FluentKit
import Foundation
import SQLKit
import Vapor
import VigilCore
import VigilServer

/// The province `vigil bench compliance` measures: agencies with units, hosts (some without working
/// anti-malware), systems of every security level with scans, findings in every state (some
/// overdue, some allowing intrusion), incidents over the last year, the authorities' warnings with
/// their tasks, plans, drills and focal points. Organisations and users are made as the command
/// line makes them; every other row goes in through SQL, in batches, into the real schema, so that
/// each capability's repository reads it as its own.
package struct ComplianceProvince: Sendable {
    package struct Size: Sendable {
        package var agencies: Int
        package var unitsPerAgency: Int
        package var systemsPerAgency: Int
        package var hosts: Int
        package var findings: Int
        package var incidents: Int

        package init(agencies: Int, unitsPerAgency: Int, systemsPerAgency: Int, hosts: Int, findings: Int, incidents: Int) {
            self.agencies = agencies
            self.unitsPerAgency = unitsPerAgency
            self.systemsPerAgency = systemsPerAgency
            self.hosts = hosts
            self.findings = findings
            self.incidents = incidents
        }
    }

    /// The coordinator at the root and the leader of the first agency: bearer tokens and session cookies.
    package let coordinatorToken: String
    package let coordinatorCookie: String
    package let leaderToken: String
    package let leaderCookie: String
    package let firstAgency: UUID

    /// Warnings issued by the province, each with a task for every agency.
    static let advisories = 20

    package static func seed(_ app: Application, size: Size, now: Date = Date()) async throws -> ComplianceProvince {
        let operations = VigilOperations(attachedTo: app)
        let root = try await Bench.root(app)
        let agencies = try await Bench.agencies(operations, under: root, count: size.agencies)
        var leaves: [UUID] = []
        var units: [[UUID]] = []
        for (index, agency) in agencies.enumerated() {
            leaves.append(agency.id)
            var own: [UUID] = []
            for unit in 0..<size.unitsPerAgency {
                let id = try await operations.createOrganisation(name: "Phòng \(index).\(unit)", parent: agency.id.uuidString.lowercased(),
                                                                 kind: "unit", code: "P\(index)x\(unit)")
                own.append(UUID(uuidString: id)!)
            }
            leaves += own
            units.append(own)
        }
        let password = "measured with care 2026"
        _ = try await operations.createUser(email: "coordinator@vigil.local", organisation: root.uuidString.lowercased(), roles: ["coordinator"],
                                            password: password, displayName: "Điều phối")
        _ = try await operations.createUser(email: "leader@vigil.local", organisation: agencies[0].id.uuidString.lowercased(), roles: ["leader"],
                                            password: password, displayName: "Lãnh đạo")
        let seeder = Seeder(app: app, now: now)
        let reporter = try await seeder.userID("coordinator@vigil.local")
        let hosts = try await seeder.hosts(size.hosts, over: leaves)
        let systems = try await seeder.systems(size.systemsPerAgency, agencies: agencies.map(\.id), units: units)
        try await seeder.scansAndFindings(size.findings, hosts: hosts, leaves: leaves, systems: systems)
        try await seeder.incidents(size.incidents, agencies: agencies, reporter: reporter)
        try await seeder.advisories(Self.advisories, root: root, agencies: agencies.map(\.id))
        try await seeder.plansAndDrills(systems)
        try await seeder.focalPoints(agencies.map(\.id))
        return ComplianceProvince(
            coordinatorToken: try await operations.createToken(email: "coordinator@vigil.local", name: "bench", expiresInDays: nil),
            coordinatorCookie: try await operations.sessionCookie(email: "coordinator@vigil.local"),
            leaderToken: try await operations.createToken(email: "leader@vigil.local", name: "bench", expiresInDays: nil),
            leaderCookie: try await operations.sessionCookie(email: "leader@vigil.local"),
            firstAgency: agencies[0].id)
    }
}

/// Bulk rows, a few hundred per statement and one transaction per statement.
private struct Seeder {
    let app: Application
    let now: Date

    struct System { let id: UUID; let organisation: UUID; let level: Int }

    func days(_ count: Double) -> Date { now.addingTimeInterval(count * 86_400) }

    /// A yyyy-MM-dd day (UTC: the warnings' deadlines are days ten away from today either way).
    func day(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    func userID(_ email: String) async throws -> UUID {
        guard let row = try await (app.db as! any SQLDatabase).raw("SELECT id FROM users WHERE email = \(bind: email)").first() else {
            throw Abort(.internalServerError, reason: "no user \(email)")
        }
        return try row.decode(column: "id", as: UUID.self)
    }

    /// Inserts `count` rows made by `row`, in statements of at most 500 rows and 30,000 values.
    func insert(into table: String, columns: [String], count: Int, row: (Int) -> [any SQLExpression]) async throws {
        let batch = min(500, 30_000 / columns.count)
        for first in stride(from: 0, to: count, by: batch) {
            let rows = (first..<min(first + batch, count)).map(row)
            try await app.db.transaction { db in
                var insert = (db as! any SQLDatabase).insert(into: table).columns(columns)
                for values in rows { insert = insert.values(values) }
                try await insert.run()
            }
        }
    }

    /// One host in twenty for each way of not being protected (as `bench coverage`), the rest protected.
    func hosts(_ count: Int, over leaves: [UUID]) async throws -> [(id: UUID, organisation: UUID)] {
        let made = (0..<count).map { (id: UUID(), organisation: leaves[$0 % leaves.count]) }
        try await insert(into: "hosts", columns: [
            "id", "organisation_id", "machine_id", "hostname", "addresses", "os_name", "os_version", "role", "owner", "criticality",
            "last_seen_at", "source", "software_hash", "software", "software_indexed", "av_report_at", "av_products", "av_enabled",
            "av_real_time", "av_signature_at", "av_detail", "av_shape", "created_at", "updated_at",
        ], count: count) { number in
            let kind = number % 20
            let reported = kind == 1 ? days(-5) : now.addingTimeInterval(-3600)
            return [
                SQLBind(made[number].id), SQLBind(made[number].organisation), SQLBind("bench-\(number)"), SQLBind("ws-\(number)"),
                SQLBind("10.0.0.1"), SQLBind("Windows 11"), SQLBind(""), SQLBind(number % 10 == 0 ? "server" : "workstation"), SQLBind(""),
                SQLBind("medium"), SQLBind(reported), SQLBind("agent"), SQLBind(""), SQLBind(""), SQLBind(""),
                kind == 0 ? SQLLiteral.null : SQLBind(reported), SQLBind(kind == 2 ? 0 : 1), SQLBind(kind != 3), SQLBind(kind != 4),
                SQLBind(kind == 5 ? days(-20) : days(-1)), SQLBind("[]"), SQLBind(""), SQLBind(now), SQLBind(now),
            ]
        }
        return made
    }

    /// Systems of levels 1 to 5, in each agency and its units, registered two years ago.
    func systems(_ perAgency: Int, agencies: [UUID], units: [[UUID]]) async throws -> [System] {
        var made: [System] = []
        for (index, agency) in agencies.enumerated() {
            let places = [agency] + units[index]
            for number in 0..<perAgency {
                made.append(System(id: UUID(), organisation: places[number % places.count], level: 1 + number % 5))
            }
        }
        try await insert(into: "information_systems", columns: [
            "id", "organisation_id", "name", "purpose", "security_level", "national_critical", "hosting", "public_urls", "responsible",
            "created_at", "updated_at", "scan_interval_months",
        ], count: made.count) { number in
            let system = made[number]
            return [SQLBind(system.id), SQLBind(system.organisation), SQLBind("Hệ thống \(number)"), SQLBind("Đo hiệu năng"),
                    SQLBind(system.level), SQLBind(false), SQLBind("on_premises"), SQLBind(""), SQLBind(""), SQLBind(days(-730)),
                    SQLBind(days(-730)), SQLBind(6)]
        }
        return made
    }

    /// Four scans a year for three systems in four (the last one more than six months ago for one
    /// in five of those), none for the rest; then the findings, ten per host on average, in every
    /// state: one in ten allows intrusion, and a third of those open are past their deadline.
    func scansAndFindings(_ count: Int, hosts: [(id: UUID, organisation: UUID)], leaves: [UUID], systems: [System]) async throws {
        let scanned = systems.enumerated().filter { $0.offset % 4 != 3 }.map(\.element)
        var scans: [(id: UUID, organisation: UUID, system: UUID, at: Date)] = []
        for (index, system) in scanned.enumerated() {
            let newest = index % 5 == 0 ? -200.0 : -30.0
            for quarter in 0..<4 { scans.append((UUID(), system.organisation, system.id, days(newest - Double(quarter) * 91))) }
        }
        try await insert(into: "scans", columns: [
            "id", "organisation_id", "system_id", "format", "file_name", "file_sha256", "file_bytes", "imported_at", "imported_by", "hosts",
            "findings", "new_count", "unchanged_count", "fixed_count", "reopened_count", "cves", "seconds", "accounting",
        ], count: scans.count) { number in
            let scan = scans[number]
            return [SQLBind(scan.id), SQLBind(scan.organisation), SQLBind(scan.system), SQLBind("openvas"), SQLBind("scan-\(number).xml"),
                    SQLBind(String(repeating: "0", count: 64)), SQLBind(1000), SQLBind(scan.at), SQLBind("bench"), SQLBind(10), SQLBind(100),
                    SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(1.0), SQLBind("{}")]
        }
        let checks = (0..<100).map { _ in UUID() }
        try await insert(into: "vulnerability_checks", columns: [
            "id", "content_hash", "format", "scanner_id", "title", "cvss_vector", "description", "solution", "first_seen_at",
        ], count: checks.count) { number in
            [SQLBind(checks[number]), SQLBind("bench-check-\(number)"), SQLBind("openvas"), SQLBind("1.3.6.1.4.1.25623.1.0.\(number)"),
             SQLBind("Lỗ hổng \(number)"), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(days(-400))]
        }
        let lastScan = scans.first?.id ?? UUID()
        let statuses = ["open", "in_progress", "fixed", "open", "risk_accepted", "open", "false_positive", "fixed", "in_progress", "fixed"]
        try await insert(into: "findings", columns: [
            "id", "organisation_id", "host_id", "identity", "format", "port", "transport", "title", "scanner_id", "cves", "cvss", "severity",
            "check_id", "evidence", "component", "status", "allows_intrusion", "due_at", "first_seen_at", "last_seen_at", "last_scan_id",
        ], count: count) { number in
            let host = hosts[number % hosts.count]
            let status = statuses[number % statuses.count]
            let overdue = (number / statuses.count) % 3 == 0
            return [SQLBind(UUID()), SQLBind(host.organisation), SQLBind(host.id), SQLBind("bench-\(number)"), SQLBind("openvas"),
                    SQLBind(443), SQLBind("tcp"), SQLBind("Lỗ hổng \(number % 100)"), SQLBind("1.3.6.1.4.1.25623.1.0.\(number % 100)"),
                    SQLBind("[]"), SQLBind(7.5), SQLBind(number % 7 == 0 ? "critical" : "high"), SQLBind(checks[number % checks.count]),
                    SQLBind(""), SQLBind(""), SQLBind(status), SQLBind(number % 10 == 0), SQLBind(days(overdue ? -10 : 20)),
                    SQLBind(days(-60)), SQLBind(days(-30)), SQLBind(lastScan)]
        }
    }

    /// Incidents over the last year in every state; most notified on time, some late, some still waiting.
    func incidents(_ count: Int, agencies: [(id: UUID, code: String)], reporter: UUID) async throws {
        let statuses = IncidentStatus.allCases, scenarios = Scenario.allCases, severities = Severity.allCases
        try await insert(into: "incidents", columns: [
            "id", "organisation_id", "reporter_id", "reference", "reported_ms", "title", "description", "discovered_at", "status",
            "scenario", "cause_group", "severity", "serious", "beyond_capacity", "escalated", "disposition", "created_at", "updated_at",
            "notify_by", "notified_at",
        ], count: count) { number in
            let agency = agencies[number % agencies.count]
            let scenario = scenarios[number % scenarios.count]
            let reported = now.addingTimeInterval(-Double(count - number) * 360 * 86_400 / Double(max(count, 1)))
            let notifyBy = reported.addingTimeInterval(5 * 86_400)
            let notified: any SQLExpression = switch number % 10 {
            case 0: SQLLiteral.null
            case 1: SQLBind(notifyBy.addingTimeInterval(86_400))
            default: SQLBind(reported.addingTimeInterval(86_400))
            }
            return [SQLBind(UUID()), SQLBind(agency.id), SQLBind(reporter), SQLBind("\(agency.code)-BENCH-\(String(format: "%07d", number))"),
                    SQLBind(Int64(reported.timeIntervalSince1970 * 1000)), SQLBind("Sự cố \(number)"), SQLBind("Mô tả sự cố số \(number)."),
                    SQLBind(reported.addingTimeInterval(-3600)), SQLBind(statuses[number % statuses.count].rawValue), SQLBind(scenario.rawValue),
                    SQLBind(scenario.causeGroup.rawValue), SQLBind(severities[number % severities.count].rawValue), SQLBind(false),
                    SQLBind(false), SQLBind(number % 10 == 0), SQLBind(number % 50 == 0 ? "not_incident" : "open"), SQLBind(reported), SQLBind(reported),
                    SQLBind(notifyBy), notified]
        }
    }

    /// Warnings of the province, each with a task for every agency; half of them past their deadline.
    func advisories(_ count: Int, root: UUID, agencies: [UUID]) async throws {
        let rootPath = try await (app.db as! any SQLDatabase).raw("SELECT path FROM organisations WHERE id = \(bind: root)").first()?
            .decode(column: "path", as: String.self) ?? "/"
        let ids = (0..<count).map { _ in UUID() }
        try await insert(into: "advisories", columns: [
            "id", "created_at", "created_by", "updated_at", "reference", "issuer", "issued_on", "title", "cves", "products", "action",
            "deadline", "organisation_id", "organisation_path",
        ], count: count) { number in
            [SQLBind(ids[number]), SQLBind(days(-60)), SQLBind("bench"), SQLBind(days(-60)), SQLBind("CB-\(number)/BENCH"),
             SQLBind("Cục An toàn thông tin"), SQLBind(day(days(-60))), SQLBind("Cảnh báo \(number)"), SQLBind("[]"),
             SQLBind("[]"), SQLBind("Cập nhật bản vá"), SQLBind(day(days(number % 2 == 0 ? -10 : 10))), SQLBind(root),
             SQLBind(rootPath)]
        }
        let statuses = AdvisoryTaskStatus.allCases
        try await insert(into: "advisory_tasks", columns: [
            "id", "advisory_id", "organisation_id", "status", "affected_hosts", "note", "created_at", "escalated",
        ], count: count * agencies.count) { number in
            [SQLBind(UUID()), SQLBind(ids[number / agencies.count]), SQLBind(agencies[number % agencies.count]),
             SQLBind(statuses[number % statuses.count].rawValue), SQLBind(number % 5), SQLBind(""), SQLBind(days(-60)), SQLBind(false)]
        }
    }

    /// An approved plan for two systems in three (most in this review cycle); a live drill in the last year over most level-3+ systems.
    func plansAndDrills(_ systems: [System]) async throws {
        let planned = systems.enumerated().filter { $0.offset % 3 != 2 }.map(\.element)
        try await insert(into: "response_plans", columns: [
            "id", "organisation_id", "system_id", "version", "status", "content", "created_at", "created_by", "updated_at", "approved_at",
            "approved_by",
        ], count: planned.count) { number in
            let system = planned[number]
            let content = PlanContent(systemID: system.id.uuidString.lowercased(), version: 1, sections: [], playbooks: [:])
            let json = String(decoding: (try? JSONEncoder().encode(content)) ?? Data("{}".utf8), as: UTF8.self)
            // Three in four approved in this review cycle (its month is November by default), the rest over a year ago.
            let approved = number % 4 == 3 ? days(-400) : days(-1)
            return [SQLBind(UUID()), SQLBind(system.organisation), SQLBind(system.id), SQLBind(1), SQLBind("approved"), SQLBind(json),
                    SQLBind(approved.addingTimeInterval(-86_400)), SQLBind("bench"), SQLBind(approved), SQLBind(approved), SQLBind("bench")]
        }
        let drilled = Dictionary(grouping: systems.filter { $0.level >= 3 }.enumerated().filter { $0.offset % 4 != 0 }.map(\.element),
                                 by: \.organisation).map { ($0.key, $0.value.map(\.id)) }
        try await insert(into: "drills", columns: [
            "id", "organisation_id", "title", "scenario", "planned_at", "organised_by", "objectives", "status", "started_at", "completed_at",
            "system_ids", "participant_ids", "created_at", "created_by", "updated_at",
        ], count: drilled.count) { number in
            let (organisation, ids) = drilled[number]
            let json = String(decoding: (try? JSONEncoder().encode(ids.map { $0.uuidString.lowercased() })) ?? Data("[]".utf8), as: UTF8.self)
            return [SQLBind(UUID()), SQLBind(organisation), SQLBind("Diễn tập \(number)"), SQLBind("ransomware"), SQLBind(days(-120)),
                    SQLBind("Sở"), SQLBind(""), SQLBind("completed"), SQLBind(days(-120)), SQLBind(days(-119)), SQLBind(json), SQLBind("[]"),
                    SQLBind(days(-150)), SQLBind("bench"), SQLBind(days(-119))]
        }
    }

    /// A focal point and a deputy, confirmed, for every agency but one in five (no deputy there).
    func focalPoints(_ agencies: [UUID]) async throws {
        let named = agencies.enumerated().flatMap { index, agency in
            index % 5 == 0 ? [(agency, "focal_point")] : [(agency, "focal_point"), (agency, "deputy_focal_point")]
        }
        try await insert(into: "contacts", columns: [
            "id", "organisation_id", "name", "role", "phone", "other_phones", "email", "availability", "languages", "confirmed_at",
            "created_at", "updated_at",
        ], count: named.count) { number in
            [SQLBind(UUID()), SQLBind(named[number].0), SQLBind("Đầu mối \(number)"), SQLBind(named[number].1), SQLBind("0912345678"),
             SQLBind(""), SQLBind("dau-moi-\(number)@vigil.local"), SQLBind("office_hours"), SQLBind("vi"), SQLBind(days(-10)),
             SQLBind(days(-200)), SQLBind(days(-10))]
        }
    }
}
