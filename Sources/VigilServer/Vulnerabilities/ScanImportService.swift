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
    /// Known-exploited CVEs besides the imported catalogue (tests).
    let intrusion: IntrusionRule

    let knownExploited: KnownExploitedService
    let settings: SettingsStore
    let organisations: OrganisationRepository
    let assets: AssetRepository

    /// The defaults are what `VigilServices` passes (stateless stores); tests build it bare.
    init(intrusion: IntrusionRule = IntrusionRule(), knownExploited: KnownExploitedService = KnownExploitedService(),
         settings: SettingsStore = SettingsStore(), organisations: OrganisationRepository = OrganisationRepository(),
         assets: AssetRepository = AssetRepository()) {
        self.intrusion = intrusion
        self.knownExploited = knownExploited
        self.settings = settings
        self.organisations = organisations
        self.assets = assets
    }

    /// `scannedAt` dates an older report's scan and findings (deadlines count from it): `vigil demo`'s year of history.
    func importFile(at path: String, fileName: String, organisationID: UUID, systemID: UUID?, importedBy actor: AuditActor,
                    importedByName: String, scannedAt: Date? = nil, on db: any Database, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Outcome {
        let started = Date(), scannedAt = scannedAt ?? started
        let format = try ScanReader.detect(path: path)
        // The file's digest on a thread of its own, while the import reads and writes.
        let digesting = Self.fileDigestAside(path)
        let scanID = UUID.timeOrdered(at: scannedAt)
        // Every reference the import writes is to a row it made or read in this transaction (the
        // organisation is checked by the caller and read back here first): SQLite need not look
        // each one up again (docs/PERFORMANCE.md).
        let flusher = try await WriteAheadLogFlusher.start(on: db)
        defer { flusher?.stop() }
        return try await db.change(by: actor, at: scannedAt, checkingForeignKeys: false) { db, audit in
            try await Self.withImportCache(on: db) {
                try await self.importReport(at: path, format: format, fileName: fileName, digesting: digesting, scanID: scanID,
                                            started: started, scannedAt: scannedAt, organisationID: organisationID, systemID: systemID, importedBy: actor,
                                            importedByName: importedByName, audit: audit, on: db, progress: progress)
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
    private func importReport(at path: String, format: ScanFormat, fileName: String, digesting: Task<(String, Int), any Error>, scanID: UUID, started: Date, scannedAt: Date,
                              organisationID: UUID, systemID: UUID?, importedBy actor: AuditActor, importedByName: String, audit: AuditEntries, on db: any Database,
                              progress: (@Sendable (Int) -> Void)?) async throws -> Outcome {
        let sql = db as! any SQLDatabase
        // The references SQLite does not check in this transaction (`checkingForeignKeys`): the
        // organisation and the system, read here; every other one the import makes or reads itself.
        guard try await organisations.find(organisationID, on: db) != nil else { throw ScanReportError(.unknownOrganisation) }
        if let systemID {
            guard let system = try await assets.system(systemID, on: db), system.$organisation.id == organisationID else {
                throw ScanReportError(.unknownSystem)
            }
        }
        let scan = ScanRecord()
        scan.id = scanID
        scan.$organisation.id = organisationID
        scan.systemID = systemID
        scan.format = format.rawValue
        scan.fileName = String(fileName.prefix(255))
        // Known at the end (`digesting`).
        scan.fileSHA256 = ""
        scan.fileBytes = 0
        scan.importedAt = scannedAt
        scan.importedBy = importedByName
        (scan.hosts, scan.findings, scan.newCount, scan.unchangedCount, scan.fixedCount, scan.reopenedCount, scan.cves) = (0, 0, 0, 0, 0, 0, 0)
        scan.seconds = 0
        scan.accounting = "{}"
        try await scan.create(on: db)

        var state = ImportState(organisationID: organisationID, scanID: scanID, format: format, now: scannedAt, sqlite: sql.dialect.name == "sqlite")
        // The known-exploited catalogue in force, read once per import.
        let intrusion = IntrusionRule(knownExploited: intrusion.knownExploited.union(try await knownExploited.cves(on: db)))
        // The deadlines in force (settings, else the defaults), read once per import.
        state.remediation = try await settings.remediationPolicy(on: db)
        struct Host: Decodable { let id: UUID; let hostname: String; let addresses: String }
        let hosts = try await sql.select().columns("id", "hostname", "addresses").from(HostRecord.schema)
            .where("organisation_id", .equal, SQLBind(organisationID)).all(decoding: Host.self)
        let preparer = ImportPreparer(format: format, now: scannedAt, intrusion: intrusion, hosts: hosts.map { ($0.id, $0.hostname, $0.addresses) })
        let (stream, taken) = ScanBatches.read(path: path) { preparer.prepare($0) }
        var summary: ScanSummary?
        for try await batch in stream {
            switch batch {
            case .results(let prepared):
                taken()
                try await write(prepared, state: &state, on: sql)
                progress?(prepared.read)
            case .done(let finished):
                summary = finished
            }
        }
        guard let summary else { throw ScanReportError(.endedEarly) }
        // The reader's thread is done with the preparer (`.done`): what it gathered is the writer's now.
        // A host this import created has only this scan's findings: none can be fixed.
        let fixed = try await markFixed(hosts: Array(preparer.coveredHosts.subtracting(preparer.createdHosts)), state: &state, on: sql)
        var merged = summary.merged
        if preparer.duplicates > 0 { merged["the same weakness twice in one report", default: 0] += preparer.duplicates }
        let (digest, bytes) = try await digesting.value
        scan.fileSHA256 = digest
        scan.fileBytes = bytes
        let seconds = Date().timeIntervalSince(started)
        scan.hosts = preparer.coveredHosts.count
        scan.findings = preparer.seen.count
        scan.newCount = state.new
        scan.unchangedCount = state.unchanged
        scan.fixedCount = fixed
        scan.reopenedCount = state.reopened
        scan.cves = preparer.cves.count
        scan.seconds = seconds
        scan.accounting = String(decoding: try JSONEncoder().encode(
            ScanAccounting(merged: merged, skipped: summary.skipped, changed: summary.changed)), as: UTF8.self)
        try await scan.update(on: db)
        var changes = AuditChanges()
        changes.created("file", scan.fileName)
        changes.created("sha256", digest)
        changes.created("findings", String(scan.findings))
        audit.record(organisationID: organisationID, action: "scan.import", objectType: "scan", objectID: scanID.uuidString.lowercased(),
                     changes: changes)
        return Outcome(scanId: scanID.uuidString.lowercased(), format: format.rawValue, hosts: scan.hosts, findings: scan.findings,
                       new: state.new, unchanged: state.unchanged, fixed: fixed, reopened: state.reopened, cves: preparer.cves.count,
                       seconds: (seconds * 1000).rounded() / 1000, merged: merged, skipped: summary.skipped, changed: summary.changed)
    }

    /// What the writer knows as it goes: the checks it has found or made, the ids it draws, and
    /// its counts. (What needs no database is `ImportPreparer`'s.)
    struct ImportState {
        let organisationID: UUID
        let scanID: UUID
        let format: ScanFormat
        let now: Date
        /// Checks by content hash, as this import has found or made them.
        var checks: [String: UUID] = [:]
        /// How values are bound on this database.
        let values: BoundValues
        /// Every finding's and sighting's id the import makes, increasing.
        var ids: TimeOrderedIDs
        var remediation = RemediationPolicy.standard
        var new = 0
        var unchanged = 0
        var reopened = 0

        init(organisationID: UUID, scanID: UUID, format: ScanFormat, now: Date, sqlite: Bool) {
            self.organisationID = organisationID
            self.scanID = scanID
            self.format = format
            self.now = now
            self.values = BoundValues(sqlite: sqlite)
            self.ids = TimeOrderedIDs(at: now)
        }
    }

    /// One batch: its new hosts created, its checks found or made, its findings inserted or seen
    /// again, and what this scan did to each recorded.
    private func write(_ batch: ImportPreparer.Batch, state: inout ImportState, on sql: any SQLDatabase) async throws {
        if !batch.newHosts.isEmpty {
            var insert = sql.insert(into: HostRecord.schema).columns(
                "id", "organisation_id", "hostname", "addresses", "os_name", "os_version", "role", "owner", "criticality", "source",
                "software_hash", "software", "software_indexed", "av_products", "av_enabled", "av_real_time", "av_detail", "av_shape",
                "created_at", "updated_at")
            for host in batch.newHosts {
                insert = insert.values([
                    SQLBind(host.id), SQLBind(state.organisationID), SQLBind(host.name), SQLBind(host.address), SQLBind(host.os), SQLBind(""),
                    SQLBind(HostRole.other.rawValue), SQLBind(""), SQLBind("medium"), SQLBind("scan"), SQLBind(""), SQLBind(""), SQLBind(""),
                    SQLBind(0), SQLBind(false), SQLBind(false), SQLBind("[]"), SQLBind(""), SQLBind(state.now), SQLBind(state.now),
                ])
            }
            try await insert.run()
        }
        let keyed = batch.rows
        guard !keyed.isEmpty else { return }
        let checkIDs = try await checks(for: keyed, state: &state, on: sql)
        let known = try await existingFindings(keyed.map(\.identity), state: state, on: sql)
        let columns = Self.findingColumns.count
        var inserts: [Cell] = []
        var updates: [Cell] = []
        var sightings: [Cell] = []
        inserts.reserveCapacity(keyed.count * columns)
        sightings.reserveCapacity(keyed.count * Self.sightingColumns.count)
        let scan = Cell.id(state.scanID).bound(sqlite: state.values.sqlite)
        let now = Cell.date(state.now)
        for (position, row) in keyed.enumerated() {
            let (identity, hostID, result, cveText) = (row.identity, row.hostID, row.result, row.cves)
            let cves = Cell.text(cveText)
            let checkID = checkIDs[position]
            if let found = known[identity] {
                let reopen = found.status == FindingStatus.fixed.rawValue
                if reopen { state.reopened += 1 } else { state.unchanged += 1 }
                sightings.append(contentsOf: [.id(state.ids.next()), found.id, .text(reopen ? "reopened" : "unchanged")])
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
                let allows = row.allowsIntrusion
                inserts.append(contentsOf: [
                    id, .id(hostID), .text(identity), .integer(result.port), .text(result.transport), .text(result.title),
                    .text(result.scannerID), cves, .real(result.cvssScore), .text(result.severity.rawValue), .id(checkID),
                    .text(result.evidence), .text(result.component), .bool(allows),
                    .date(state.remediation.due(severity: result.severity, allowsIntrusion: allows, firstSeen: state.now)),
                ])
                sightings.append(contentsOf: [.id(state.ids.next()), id, .text("new")])
            }
        }
        try await Self.insert(into: FindingRecord.schema, columns: Self.findingColumns, constants: [
            "organisation_id": Cell.id(state.organisationID), "format": .text(state.format.rawValue), "status": .text(FindingStatus.open.rawValue),
            "first_seen_at": now, "last_seen_at": now, "last_scan_id": scan,
        ], cells: inserts, on: sql)
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
        try await Self.insert(into: FindingSightingRecord.schema, columns: Self.sightingColumns, constants: ["scan_id": scan], cells: sightings, on: sql)
    }

    /// A new finding's own values; the organisation, format, status, times and scan are the same
    /// for all (`insert`'s constants).
    static let findingColumns = [
        "id", "host_id", "identity", "port", "transport", "title", "scanner_id", "cves", "cvss", "severity", "check_id", "evidence",
        "component", "allows_intrusion", "due_at",
    ]
    static let sightingColumns = ["id", "finding_id", "change"]

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
        known.reserveCapacity(identities.count)
        if let sqlite = sql as? any SQLiteDatabase {
            let text = "SELECT id, identity, status, title, cves, cvss, check_id, severity, evidence FROM \"\(FindingRecord.schema)\" WHERE organisation_id = ? AND identity IN ("
                + Array(repeating: "?", count: identities.count).joined(separator: ", ") + ")"
            let rows = try await sqlite.query(text, [Cell.id(state.organisationID).sqlite] + identities.map { .text($0) })
            for row in rows {
                guard let id = row.column("id"), let identity = row.column("identity")?.string, let status = row.column("status")?.string else { continue }
                let content = StoredContent(title: row.column("title")?.string ?? "", cves: row.column("cves")?.string ?? "",
                                      cvss: row.column("cvss").flatMap { $0.isNull ? nil : $0.double },
                                      checkID: row.column("check_id")?.string.flatMap(BoundValues.uuid),
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

    /// Each result's check, by its content hash: among those this import has found or made, then
    /// in the table, else made.
    private func checks(for rows: [ImportPreparer.Row], state: inout ImportState, on sql: any SQLDatabase) async throws -> [UUID] {
        var unknown = Set<String>()
        for row in rows where state.checks[row.checkHash] == nil { unknown.insert(row.checkHash) }
        if !unknown.isEmpty {
            struct Row: Decodable { let id: UUID; let content_hash: String }
            for row in try await sql.select().columns("id", "content_hash").from(VulnerabilityCheckRecord.schema)
                .where("content_hash", .in, Array(unknown)).all(decoding: Row.self) {
                state.checks[row.content_hash] = row.id
            }
            var insert = sql.insert(into: VulnerabilityCheckRecord.schema).columns(
                "id", "content_hash", "format", "scanner_id", "title", "cvss_vector", "description", "solution", "first_seen_at")
            var missing = false
            for row in rows where state.checks[row.checkHash] == nil {
                let id = state.ids.next()
                state.checks[row.checkHash] = id
                missing = true
                let result = row.result
                insert = insert.values([state.values.id(id), SQLBind(row.checkHash), SQLBind(state.format.rawValue), SQLBind(result.scannerID),
                                        SQLBind(result.title), SQLBind(result.cvssVector ?? ""), SQLBind(result.description), SQLBind(result.solution),
                                        SQLBind(state.now)])
            }
            if missing { try await insert.run() }
        }
        return rows.map { state.checks[$0.checkHash]! }
    }

    /// Open findings of the same format on the hosts this scan covered, that it did not see:
    /// fixed, verified by this scan.
    private func markFixed(hosts: [UUID], state: inout ImportState, on sql: any SQLDatabase) async throws -> Int {
        var fixed = 0
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
