import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore
import VigilScans

/// Imports a scanner report into an organisation's findings (docs/SCANS.md), in one transaction:
/// a report refused half-way (truncated, corrupt, breaking its format) leaves nothing behind.
///
/// - Hosts are matched to the organisation's inventory by address, else by name; a host the
///   inventory does not know is created with source `scan`, to be reviewed.
/// - The same weakness on the same host (`FindingIdentity`) is one finding across scans: seen
///   again, it is `unchanged` (or `reopened` if it had been fixed); a finding a later scan of the
///   same format no longer sees, on a host that scan covered, is marked `fixed` (verified by scan).
/// - The same weakness twice in one report is merged into one finding (counted).
struct ScanImportService: Sendable {
    struct Outcome: Content, Equatable {
        let scanId: String
        let format: String
        let hosts: Int
        let findings: Int
        let new: Int
        let unchanged: Int
        let fixed: Int
        let reopened: Int
        let cves: Int
        let seconds: Double
        let merged: [String: Int]
        let skipped: [String: Int]
    }

    /// Known-exploited CVEs besides the imported catalogue (tests).
    let intrusion: IntrusionRule

    init(intrusion: IntrusionRule = IntrusionRule()) {
        self.intrusion = intrusion
    }

    func importFile(at path: String, fileName: String, organisationID: UUID, systemID: UUID?, importedBy actor: AuditActor,
                    importedByName: String, on db: any Database, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Outcome {
        let started = Date()
        let format = try ScanReader.detect(path: path)
        let (digest, bytes) = try Self.fileDigest(path)
        let scanID = UUID.timeOrdered(at: started)
        return try await db.write { db in
            let sql = db as! any SQLDatabase
            let scan = ScanRecord()
            scan.id = scanID
            scan.$organisation.id = organisationID
            scan.systemID = systemID
            scan.format = format.rawValue
            scan.fileName = String(fileName.prefix(255))
            scan.fileSHA256 = digest
            scan.fileBytes = bytes
            scan.importedAt = started
            scan.importedBy = importedByName
            (scan.hosts, scan.findings, scan.newCount, scan.unchangedCount, scan.fixedCount, scan.reopenedCount, scan.cves) = (0, 0, 0, 0, 0, 0, 0)
            scan.seconds = 0
            scan.accounting = "{}"
            try await scan.create(on: db)

            var state = try await ImportState(organisationID: organisationID, scanID: scanID, format: format, now: started, on: sql)
            // The known-exploited catalogue in force, read once per import.
            state.intrusion = IntrusionRule(knownExploited: intrusion.knownExploited.union(try await KnownExploitedService().cves(on: db)))
            // The deadlines in force (settings, else the defaults), read once per import.
            state.remediation = try await SettingsStore().remediationPolicy(on: db)
            let (stream, taken) = ScanBatches.read(path: path)
            var summary: ScanSummary?
            for try await batch in stream {
                switch batch {
                case .results(let results):
                    taken()
                    try await write(results, state: &state, on: sql)
                    progress?(state.read)
                case .done(let finished):
                    summary = finished
                }
            }
            guard let summary else { throw ScanReportError("", "the report ended early") }
            let fixed = try await markFixed(state: state, on: sql)
            var merged = summary.merged
            if state.duplicates > 0 { merged["the same weakness twice in one report", default: 0] += state.duplicates }
            let seconds = Date().timeIntervalSince(started)
            scan.hosts = state.coveredHosts.count
            scan.findings = state.seen.count
            scan.newCount = state.new
            scan.unchangedCount = state.unchanged
            scan.fixedCount = fixed
            scan.reopenedCount = state.reopened
            scan.cves = state.cves.count
            scan.seconds = seconds
            scan.accounting = String(decoding: try JSONEncoder().encode(["merged": merged, "skipped": summary.skipped]), as: UTF8.self)
            try await scan.update(on: db)
            var changes = AuditChanges()
            changes.created("file", scan.fileName)
            changes.created("sha256", digest)
            changes.created("findings", String(scan.findings))
            try await AuditLog.append(on: db, actor: actor, organisationID: organisationID, action: "scan.import", objectType: "scan",
                                      objectID: scanID.uuidString.lowercased(), changes: changes, now: Date())
            return Outcome(scanId: scanID.uuidString.lowercased(), format: format.rawValue, hosts: scan.hosts, findings: scan.findings,
                           new: state.new, unchanged: state.unchanged, fixed: fixed, reopened: state.reopened, cves: state.cves.count,
                           seconds: (seconds * 1000).rounded() / 1000, merged: merged, skipped: summary.skipped)
        }
    }

    /// What the import knows as it goes: the organisation's hosts by address and name, what this
    /// scan has seen, and its counts.
    struct ImportState {
        let organisationID: UUID
        let scanID: UUID
        let format: ScanFormat
        let now: Date
        var hostsByAddress: [String: UUID] = [:]
        var hostsByName: [String: UUID] = [:]
        var coveredHosts: Set<UUID> = []
        var seen: Set<String> = []
        var cves: Set<String> = []
        /// Checks by content hash, as this import has found or made them.
        var checks: [String: UUID] = [:]
        var intrusion = IntrusionRule()
        var remediation = RemediationPolicy.standard
        var read = 0
        var new = 0
        var unchanged = 0
        var reopened = 0
        var duplicates = 0

        init(organisationID: UUID, scanID: UUID, format: ScanFormat, now: Date, on sql: any SQLDatabase) async throws {
            self.organisationID = organisationID
            self.scanID = scanID
            self.format = format
            self.now = now
            struct Row: Decodable { let id: UUID; let hostname: String; let addresses: String }
            let rows = try await sql.select().columns("id", "hostname", "addresses").from(HostRecord.schema)
                .where("organisation_id", .equal, SQLBind(organisationID)).all(decoding: Row.self)
            for row in rows {
                for address in row.addresses.split(separator: ",") { hostsByAddress[String(address)] = hostsByAddress[String(address)] ?? row.id }
                let name = row.hostname.lowercased()
                hostsByName[name] = hostsByName[name] ?? row.id
                if let short = name.split(separator: ".").first, short.count < name.count { hostsByName[String(short)] = hostsByName[String(short)] ?? row.id }
            }
        }
    }

    private struct Existing: Decodable {
        let id: UUID
        let identity: String
        let status: String
    }

    /// One batch: hosts resolved (created when unknown), findings inserted or seen again, and
    /// what this scan did to each recorded.
    private func write(_ results: [ScanResult], state: inout ImportState, on sql: any SQLDatabase) async throws {
        state.read += results.count
        var keyed: [(String, UUID, ScanResult)] = []
        var newHosts: [[any SQLExpression]] = []
        for result in results {
            let hostID = resolveHost(result.host, state: &state, newHosts: &newHosts)
            state.coveredHosts.insert(hostID)
            let identity = FindingIdentity.digest(hostID: hostID, result: result)
            guard state.seen.insert(identity).inserted else {
                state.duplicates += 1
                continue
            }
            state.cves.formUnion(result.cves)
            keyed.append((identity, hostID, result))
        }
        if !newHosts.isEmpty {
            var insert = sql.insert(into: HostRecord.schema).columns(
                "id", "organisation_id", "hostname", "addresses", "os_name", "os_version", "role", "owner", "criticality", "source",
                "software_hash", "software", "software_indexed", "av_products", "av_enabled", "av_real_time", "av_detail", "av_shape",
                "created_at", "updated_at")
            for row in newHosts { insert = insert.values(row) }
            try await insert.run()
        }
        guard !keyed.isEmpty else { return }
        let checkIDs = try await checks(for: keyed.map(\.2), state: &state, on: sql)
        let existing = try await sql.select().columns("id", "identity", "status").from(FindingRecord.schema)
            .where("organisation_id", .equal, SQLBind(state.organisationID))
            .where("identity", .in, keyed.map(\.0))
            .all(decoding: Existing.self)
        let known = Dictionary(existing.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        var inserts: [[any SQLExpression]] = []
        var updates: [any SQLExpression] = []
        var sightings: [[any SQLExpression]] = []
        for (position, (identity, hostID, result)) in keyed.enumerated() {
            let cves = result.cves.joined(separator: " ")
            let checkID = checkIDs[position]
            if let found = known[identity] {
                let reopen = found.status == FindingStatus.fixed.rawValue
                if reopen { state.reopened += 1 } else { state.unchanged += 1 }
                updates.append(SQLGroupExpression([
                    SQLBind(found.id), SQLBind(result.title), SQLBind(cves), SQLBind(result.cvssScore), SQLBind(checkID),
                    SQLBind(result.severity.rawValue), SQLBind(result.evidence), SQLBind(state.now), SQLBind(state.scanID), SQLBind(reopen),
                ] as [any SQLExpression]))
                sightings.append([SQLBind(UUID.timeOrdered(at: state.now)), SQLBind(state.scanID), SQLBind(found.id), SQLBind(reopen ? "reopened" : "unchanged")])
            } else {
                state.new += 1
                let id = UUID.timeOrdered(at: state.now)
                let allows = state.intrusion.allowsIntrusion(result)
                inserts.append([
                    SQLBind(id), SQLBind(state.organisationID), SQLBind(hostID), SQLBind(identity), SQLBind(state.format.rawValue),
                    SQLBind(result.port), SQLBind(result.transport), SQLBind(result.title), SQLBind(result.scannerID), SQLBind(cves),
                    SQLBind(result.cvssScore), SQLBind(result.severity.rawValue), SQLBind(checkID),
                    SQLBind(result.evidence), SQLBind(result.component), SQLBind(FindingStatus.open.rawValue),
                    SQLBind(allows), SQLBind(state.remediation.due(severity: result.severity, allowsIntrusion: allows, firstSeen: state.now)),
                    SQLBind(state.now), SQLBind(state.now), SQLBind(state.scanID),
                ])
                sightings.append([SQLBind(UUID.timeOrdered(at: state.now)), SQLBind(state.scanID), SQLBind(id), SQLBind("new")])
            }
        }
        if !inserts.isEmpty {
            var insert = sql.insert(into: FindingRecord.schema).columns(
                "id", "organisation_id", "host_id", "identity", "format", "port", "transport", "title", "scanner_id", "cves", "cvss",
                "severity", "check_id", "evidence", "component", "status", "allows_intrusion", "due_at",
                "first_seen_at", "last_seen_at", "last_scan_id")
            for row in inserts { insert = insert.values(row) }
            try await insert.run()
        }
        if !updates.isEmpty {
            // Seen again: refreshed from this report; a fixed finding that is back is open again.
            try await sql.raw("""
                UPDATE \(ident: FindingRecord.schema) SET title = v.column2, cves = v.column3, cvss = v.column4, check_id = v.column5,
                  severity = v.column6, evidence = v.column7, last_seen_at = v.column8, last_scan_id = v.column9,
                  status = CASE WHEN v.column10 THEN 'open' ELSE \(ident: FindingRecord.schema).status END,
                  fixed_at = CASE WHEN v.column10 THEN NULL ELSE \(ident: FindingRecord.schema).fixed_at END
                FROM (VALUES \(SQLList(updates))) AS v WHERE \(ident: FindingRecord.schema).id = v.column1
                """).run()
        }
        var insert = sql.insert(into: FindingSightingRecord.schema).columns("id", "scan_id", "finding_id", "change")
        for row in sightings { insert = insert.values(row) }
        try await insert.run()
    }

    /// Each result's check: found by the digest of its text among those this import has met,
    /// then in the table, else made.
    private func checks(for results: [ScanResult], state: inout ImportState, on sql: any SQLDatabase) async throws -> [UUID] {
        let hashes = results.map { result in
            Secrets.sha256Hex([state.format.rawValue, result.scannerID, result.title, result.cvssVector ?? "", result.description, result.solution]
                .joined(separator: "\u{1F}"))
        }
        let unknown = Array(Set(hashes.filter { state.checks[$0] == nil }))
        if !unknown.isEmpty {
            struct Row: Decodable { let id: UUID; let content_hash: String }
            for row in try await sql.select().columns("id", "content_hash").from(VulnerabilityCheckRecord.schema)
                .where("content_hash", .in, unknown).all(decoding: Row.self) {
                state.checks[row.content_hash] = row.id
            }
            var insert = sql.insert(into: VulnerabilityCheckRecord.schema).columns(
                "id", "content_hash", "format", "scanner_id", "title", "cvss_vector", "description", "solution", "first_seen_at")
            var missing = false
            for (hash, result) in zip(hashes, results) where state.checks[hash] == nil {
                let id = UUID.timeOrdered(at: state.now)
                state.checks[hash] = id
                missing = true
                insert = insert.values([SQLBind(id), SQLBind(hash), SQLBind(state.format.rawValue), SQLBind(result.scannerID), SQLBind(result.title),
                                        SQLBind(result.cvssVector ?? ""), SQLBind(result.description), SQLBind(result.solution), SQLBind(state.now)])
            }
            if missing { try await insert.run() }
        }
        return hashes.map { state.checks[$0]! }
    }

    /// The inventory's host for a report's host, by address, else by name (also without its
    /// domain); a new host (source `scan`) when there is none.
    private func resolveHost(_ host: ScannedHost, state: inout ImportState, newHosts: inout [[any SQLExpression]]) -> UUID {
        if let address = host.address, let id = state.hostsByAddress[address] { return id }
        if let name = host.hostname?.lowercased() {
            if let id = state.hostsByName[name] { return id }
            if let short = name.split(separator: ".").first, let id = state.hostsByName[String(short)] { return id }
        }
        let id = UUID.timeOrdered(at: state.now)
        let name = host.hostname ?? host.address ?? "?"
        newHosts.append([
            SQLBind(id), SQLBind(state.organisationID), SQLBind(String(name.prefix(253))), SQLBind(host.address ?? ""),
            SQLBind(String((host.os ?? "").prefix(200))), SQLBind(""), SQLBind(HostRole.other.rawValue), SQLBind(""), SQLBind("medium"),
            SQLBind("scan"), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(0), SQLBind(false), SQLBind(false), SQLBind("[]"), SQLBind(""),
            SQLBind(state.now), SQLBind(state.now),
        ])
        if let address = host.address { state.hostsByAddress[address] = id }
        if let hostname = host.hostname?.lowercased() { state.hostsByName[hostname] = id }
        return id
    }

    /// Open findings of the same format on the hosts this scan covered, that it did not see:
    /// fixed, verified by this scan.
    private func markFixed(state: ImportState, on sql: any SQLDatabase) async throws -> Int {
        var fixed = 0
        let hosts = Array(state.coveredHosts)
        for chunk in stride(from: 0, to: hosts.count, by: 500) {
            struct Row: Decodable { let id: UUID }
            let rows = try await sql.update(FindingRecord.schema)
                .set("status", to: SQLBind(FindingStatus.fixed.rawValue))
                .set("fixed_at", to: SQLBind(state.now))
                .where("organisation_id", .equal, SQLBind(state.organisationID))
                .where("format", .equal, SQLBind(state.format.rawValue))
                .where("host_id", .in, Array(hosts[chunk..<min(chunk + 500, hosts.count)]))
                .where("status", .in, [FindingStatus.open.rawValue, FindingStatus.inProgress.rawValue])
                .where("last_scan_id", .notEqual, SQLBind(state.scanID))
                .returning("id")
                .all(decoding: Row.self)
            fixed += rows.count
            for part in stride(from: 0, to: rows.count, by: 1000) {
                var insert = sql.insert(into: FindingSightingRecord.schema).columns("id", "scan_id", "finding_id", "change")
                for row in rows[part..<min(part + 1000, rows.count)] {
                    insert = insert.values([SQLBind(UUID.timeOrdered(at: state.now)), SQLBind(state.scanID), SQLBind(row.id), SQLBind("fixed")])
                }
                try await insert.run()
            }
        }
        return fixed
    }

    /// The file's SHA-256 and size, read in pieces.
    static func fileDigest(_ path: String) throws -> (String, Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScanReportError("", "the file cannot be opened") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return (Secrets.hex(hasher.finalize()), size)
    }
}
