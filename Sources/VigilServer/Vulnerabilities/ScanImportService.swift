import Crypto
import Fluent
import FluentSQLiteDriver
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
        // The file's digest on a thread of its own, while the import reads and writes.
        let digesting = Self.fileDigestAside(path)
        let scanID = UUID.timeOrdered(at: started)
        return try await db.write { db in
            try await Self.withImportCache(on: db) {
                try await self.importReport(at: path, format: format, fileName: fileName, digesting: digesting, scanID: scanID,
                                            started: started, organisationID: organisationID, systemID: systemID, importedBy: actor,
                                            importedByName: importedByName, on: db, progress: progress)
            }
        }
    }

    /// On SQLite, a 16 MB page cache for the import's connection (SQLite's default is 2 MB), given
    /// back after: a large report's index pages otherwise spill to the WAL in the middle of the
    /// transaction and are read back (measured in docs/PERFORMANCE.md: about 0.4 s of 3.8 s on
    /// 100 MB, for some 15 MB more memory).
    static func withImportCache<T: Sendable>(on db: any Database, _ work: () async throws -> T) async throws -> T {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return try await work() }
        let before = try await sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self) ?? -2000
        let restore = SQLQueryString("PRAGMA cache_size = \(unsafeRaw: String(before))")
        try await sql.raw("PRAGMA cache_size = -16384").run()
        do {
            let result = try await work()
            try await sql.raw(restore).run()
            return result
        } catch {
            try? await sql.raw(restore).run()
            throw error
        }
    }

    /// The import itself, inside the transaction.
    private func importReport(at path: String, format: ScanFormat, fileName: String, digesting: Task<(String, Int), any Error>, scanID: UUID, started: Date,
                              organisationID: UUID, systemID: UUID?, importedBy actor: AuditActor, importedByName: String, on db: any Database,
                              progress: (@Sendable (Int) -> Void)?) async throws -> Outcome {
        let sql = db as! any SQLDatabase
        let scan = ScanRecord()
        scan.id = scanID
        scan.$organisation.id = organisationID
        scan.systemID = systemID
        scan.format = format.rawValue
        scan.fileName = String(fileName.prefix(255))
        // Known at the end (`digesting`).
        scan.fileSHA256 = ""
        scan.fileBytes = 0
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
        let fixed = try await markFixed(state: &state, on: sql)
        var merged = summary.merged
        if state.duplicates > 0 { merged["the same weakness twice in one report", default: 0] += state.duplicates }
        let (digest, bytes) = try await digesting.value
        scan.fileSHA256 = digest
        scan.fileBytes = bytes
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
        /// The checks' text this import has met, by scanner id, with its content hash: a result
        /// whose text is the same, byte for byte, is not hashed again.
        var checkTexts: [String: [CheckText]] = [:]
        /// Hosts' ids as `FindingIdentity` writes them (lower-case text, and without dashes for the
        /// key's start), made once per host.
        var hostTexts: [UUID: (text: String, prefix: String)] = [:]
        /// Whether a check's words (title, description) allow intrusion, by check.
        var intrusionWords: [UUID: Bool] = [:]
        /// How values are bound on this database.
        var values: BoundValues
        /// Every id the import makes, increasing.
        var ids: TimeOrderedIDs
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
            self.values = BoundValues(sqlite: sql.dialect.name == "sqlite")
            self.ids = TimeOrderedIDs(at: now)
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

    /// One batch: hosts resolved (created when unknown), findings inserted or seen again, and
    /// what this scan did to each recorded.
    private func write(_ results: [ScanResult], state: inout ImportState, on sql: any SQLDatabase) async throws {
        state.read += results.count
        var keyed: [(String, UUID, ScanResult)] = []
        var newHosts: [[any SQLExpression]] = []
        for result in results {
            let hostID = resolveHost(result.host, state: &state, newHosts: &newHosts)
            state.coveredHosts.insert(hostID)
            let identity = Self.identity(hostID: hostID, result: result, state: &state)
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
        let known = try await existingFindings(keyed.map(\.0), state: state, on: sql)
        let columns = Self.findingColumns.count
        var inserts: [Cell] = []
        var updates: [Cell] = []
        var sightings: [Cell] = []
        inserts.reserveCapacity(keyed.count * columns)
        sightings.reserveCapacity(keyed.count * 4)
        let scan = Cell.id(state.scanID).bound(sqlite: state.values.sqlite)
        let organisation = Cell.id(state.organisationID).bound(sqlite: state.values.sqlite)
        let now = Cell.date(state.now)
        let format = Cell.text(state.format.rawValue)
        let open = Cell.text(FindingStatus.open.rawValue)
        for (position, (identity, hostID, result)) in keyed.enumerated() {
            let cveText = result.cves.joined(separator: " ")
            let cves = Cell.text(cveText)
            let checkID = checkIDs[position]
            if let found = known[identity] {
                let reopen = found.status == FindingStatus.fixed.rawValue
                if reopen { state.reopened += 1 } else { state.unchanged += 1 }
                sightings.append(contentsOf: [.id(state.ids.next()), scan, found.id, .text(reopen ? "reopened" : "unchanged")])
                // Seen again as it was: the sighting says so; the wide row is not rewritten.
                if !reopen && found.content == StoredContent(title: result.title, cves: cveText, cvss: result.cvssScore, checkID: checkID,
                                                        severity: result.severity.rawValue, evidence: result.evidence) {
                    continue
                }
                updates.append(contentsOf: [
                    found.id, .text(result.title), cves, .real(result.cvssScore), .id(checkID),
                    .text(result.severity.rawValue), .text(result.evidence), now, scan, .bool(reopen),
                ])
            } else {
                state.new += 1
                let id = Cell.id(state.ids.next()).bound(sqlite: state.values.sqlite)
                let allows = allowsIntrusion(result, checkID: checkID, state: &state)
                inserts.append(contentsOf: [
                    id, organisation, .id(hostID), .text(identity), format,
                    .integer(result.port), .text(result.transport), .text(result.title), .text(result.scannerID), cves,
                    .real(result.cvssScore), .text(result.severity.rawValue), .id(checkID),
                    .text(result.evidence), .text(result.component), open,
                    .bool(allows), .date(state.remediation.due(severity: result.severity, allowsIntrusion: allows, firstSeen: state.now)),
                    now, now, scan,
                ])
                sightings.append(contentsOf: [.id(state.ids.next()), scan, id, .text("new")])
            }
        }
        try await Self.insert(into: FindingRecord.schema, columns: Self.findingColumns, cells: inserts, on: sql)
        if !updates.isEmpty {
            // Seen again: refreshed from this report; a fixed finding that is back is open again.
            let table = FindingRecord.schema
            let statement = """
                UPDATE "\(table)" SET title = v.column2, cves = v.column3, cvss = v.column4, check_id = v.column5,
                  severity = v.column6, evidence = v.column7, last_seen_at = v.column8, last_scan_id = v.column9,
                  status = CASE WHEN v.column10 THEN 'open' ELSE "\(table)".status END,
                  fixed_at = CASE WHEN v.column10 THEN NULL ELSE "\(table)".fixed_at END
                FROM (VALUES %@) AS v WHERE "\(table)".id = v.column1
                """
            if let sqlite = sql as? any SQLiteDatabase {
                let text = statement.replacingOccurrences(of: "UPDATE ", with: "UPDATE OR FAIL ")
                    .replacingOccurrences(of: "%@", with: Self.placeholders(rows: updates.count / 10, columns: 10))
                _ = try await sqlite.query(text, updates.map(\.sqlite))
            } else {
                let rows = stride(from: 0, to: updates.count, by: 10).map { start in
                    SQLGroupExpression(updates[start..<(start + 10)].map(\.expression)) as any SQLExpression
                }
                let parts = statement.components(separatedBy: "%@")
                try await sql.raw("\(unsafeRaw: parts[0])\(SQLList(rows))\(unsafeRaw: parts[1])").run()
            }
        }
        try await Self.insert(into: FindingSightingRecord.schema, columns: Self.sightingColumns, cells: sightings, on: sql)
    }

    static let findingColumns = [
        "id", "organisation_id", "host_id", "identity", "format", "port", "transport", "title", "scanner_id", "cves", "cvss",
        "severity", "check_id", "evidence", "component", "status", "allows_intrusion", "due_at",
        "first_seen_at", "last_seen_at", "last_scan_id",
    ]
    static let sightingColumns = ["id", "scan_id", "finding_id", "change"]

    /// A finding this organisation has, by identity: its id (as bound back) and status.
    private struct Existing {
        let id: Cell
        let status: String
        /// What the import would write again: the same, byte for byte, for most findings seen again.
        let content: StoredContent
    }

    struct StoredContent: Equatable {
        var title: String
        var cves: String
        var cvss: Double?
        var checkID: UUID?
        var severity: String
        var evidence: String

        static func == (lhs: StoredContent, rhs: StoredContent) -> Bool {
            CheckText.same(lhs.title, rhs.title) && CheckText.same(lhs.cves, rhs.cves) && lhs.cvss == rhs.cvss && lhs.checkID == rhs.checkID
                && lhs.severity == rhs.severity && CheckText.same(lhs.evidence, rhs.evidence)
        }
    }

    /// The organisation's findings among these identities. On SQLite the id is kept as the text
    /// stored, to be bound back as it is.
    private func existingFindings(_ identities: [String], state: ImportState, on sql: any SQLDatabase) async throws -> [String: Existing] {
        var known: [String: Existing] = [:]
        if let sqlite = sql as? any SQLiteDatabase {
            let text = "SELECT id, identity, status, title, cves, cvss, check_id, severity, evidence FROM \"\(FindingRecord.schema)\" WHERE organisation_id = ? AND identity IN ("
                + Array(repeating: "?", count: identities.count).joined(separator: ", ") + ")"
            let rows = try await sqlite.query(text, [Cell.id(state.organisationID).sqlite] + identities.map { .text($0) })
            for row in rows {
                guard let id = row.column("id"), let identity = row.column("identity")?.string, let status = row.column("status")?.string else { continue }
                let content = StoredContent(title: row.column("title")?.string ?? "", cves: row.column("cves")?.string ?? "",
                                      cvss: row.column("cvss").flatMap { $0.isNull ? nil : $0.double },
                                      checkID: row.column("check_id")?.string.flatMap(UUID.init(uuidString:)),
                                      severity: row.column("severity")?.string ?? "", evidence: row.column("evidence")?.string ?? "")
                if known[identity] == nil { known[identity] = Existing(id: .stored(id), status: status, content: content) }
            }
            return known
        }
        struct Row: Decodable {
            let id: UUID, identity: String, status: String, title: String, cves: String, cvss: Double?, check_id: UUID, severity: String, evidence: String
        }
        for row in try await sql.select().columns("id", "identity", "status", "title", "cves", "cvss", "check_id", "severity", "evidence")
            .from(FindingRecord.schema)
            .where("organisation_id", .equal, SQLBind(state.organisationID))
            .where("identity", .in, identities)
            .all(decoding: Row.self) where known[row.identity] == nil {
            known[row.identity] = Existing(id: .id(row.id), status: row.status, content: StoredContent(
                title: row.title, cves: row.cves, cvss: row.cvss, checkID: row.check_id, severity: row.severity, evidence: row.evidence))
        }
        return known
    }

    /// `FindingIdentity.digest`, with the host's id formatted once per host rather than once per
    /// result (Foundation formats a UUID with `sprintf`).
    static func identity(hostID: UUID, result: ScanResult, state: inout ImportState) -> String {
        let host: (text: String, prefix: String)
        if let known = state.hostTexts[hostID] {
            host = known
        } else {
            let text = hostID.uuidString.lowercased()
            host = (text, FindingIdentity.prefix(hostText: text))
            state.hostTexts[hostID] = host
        }
        return FindingIdentity.key(hostText: host.text, hostPrefix: host.prefix, result: result)
    }

    /// `IntrusionRule.allowsIntrusion`, with the search of the check's words (its title and
    /// description, the same on every host it finds) made once per check.
    private func allowsIntrusion(_ result: ScanResult, checkID: UUID, state: inout ImportState) -> Bool {
        if result.cves.contains(where: state.intrusion.knownExploited.contains) { return true }
        guard result.severity >= .high else { return false }
        if let known = state.intrusionWords[checkID] { return known }
        let words = state.intrusion.allowsIntrusion(ScanResult(host: result.host, title: result.title, scannerID: result.scannerID,
                                                               severity: result.severity, description: result.description))
        state.intrusionWords[checkID] = words
        return words
    }

    /// Each result's check: found by the digest of its text among those this import has met,
    /// then in the table, else made.
    private func checks(for results: [ScanResult], state: inout ImportState, on sql: any SQLDatabase) async throws -> [UUID] {
        let format = state.format.rawValue
        let hashes = results.map { result in
            let vector = result.cvssVector ?? ""
            if let known = state.checkTexts[result.scannerID]?.first(where: { $0.matches(result, vector: vector) }) { return known.hash }
            let hash = Secrets.sha256Hex([format, result.scannerID, result.title, vector, result.description, result.solution]
                .joined(separator: "\u{1F}"))
            // A few texts per scanner id at most (a check's text changes rarely): beyond, hashed each time.
            if state.checkTexts[result.scannerID, default: []].count < 4 {
                state.checkTexts[result.scannerID, default: []].append(CheckText(result, vector: vector, hash: hash))
            }
            return hash
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
                let id = state.ids.next()
                state.checks[hash] = id
                missing = true
                insert = insert.values([state.values.id(id), SQLBind(hash), SQLBind(state.format.rawValue), SQLBind(result.scannerID), SQLBind(result.title),
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
        let id = state.ids.next()
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
    private func markFixed(state: inout ImportState, on sql: any SQLDatabase) async throws -> Int {
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
                // Not seen by this scan: no sighting of it (the key of the sightings on SQLite).
                .where(SQLQueryString("""
                    NOT EXISTS (SELECT 1 FROM \(ident: FindingSightingRecord.schema) AS g
                      WHERE g.scan_id = \(bind: state.scanID) AND g.finding_id = \(ident: FindingRecord.schema).id)
                    """))
                .returning("id")
                .all(decoding: Row.self)
            fixed += rows.count
            for part in stride(from: 0, to: rows.count, by: 1000) {
                var insert = sql.insert(into: FindingSightingRecord.schema).columns("id", "scan_id", "finding_id", "change")
                for row in rows[part..<min(part + 1000, rows.count)] {
                    insert = insert.values([SQLBind(state.ids.next()), SQLBind(state.scanID), SQLBind(row.id), SQLBind("fixed")])
                }
                try await insert.run()
            }
        }
        return fixed
    }
}
