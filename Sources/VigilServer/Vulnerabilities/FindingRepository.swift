import Fluent
import SQLKit
import Vapor
import VigilCore

/// The only place that lists findings: within the caller's organisations, filtered by scan
/// (what it observed), host, system, status and severity, in id order (time-ordered ids) for
/// keyset paging.
struct FindingRepository: Sendable {
    struct Filter: Sendable {
        /// One finding (the API's `GET /findings/{id}`).
        var finding: UUID?
        var scan: UUID?
        var host: UUID?
        var system: UUID?
        var status: FindingStatus?
        var severity: FindingSeverity?
        /// Only those past their deadline at this moment and still open or in progress (`overdue`).
        var overdueAt: Date?
        /// Only those that allow intrusion (true) or only the others (false).
        var intrusion: Bool?
        /// Only this organisation and those below it (`org`), within the caller's scope.
        var organisation: UUID?
        /// The page's column order; nil is the stable order the API pages by.
        var sort: Sort?
        /// The order reversed (the API's `sort=-field`).
        var sortDescending = false

        /// How the findings page can be ordered: it then pages by offset (`o<N>` cursors).
        enum Sort: String, CaseIterable, Sendable {
            /// The nearest deadline first (none last).
            case deadline
            /// The most severe first.
            case severity
            /// By host name, then port.
            case host

            var orderBy: String {
                switch self {
                case .deadline: "(f.due_at IS NULL), f.due_at, f.id"
                case .severity: "CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, f.due_at IS NULL, f.due_at, f.id"
                case .host: "h.hostname, f.port, f.id"
                }
            }
        }

        init() {}

        /// From `?scan=&host=&system=&status=&severity=&overdue=true&intrusion=true|false&org=`, refusing
        /// what is not an id or a code.
        init(_ req: Request) throws {
            func id(_ name: String) throws -> UUID? {
                guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
                guard let id = UUID(uuidString: raw) else { throw VigilError.invalid(name, "validation.id") }
                return id
            }
            scan = try id("scan")
            host = try id("host")
            system = try id("system")
            if let raw = req.query[String.self, at: "status"], !raw.isEmpty {
                guard let status = FindingStatus(rawValue: raw) else { throw VigilError.invalid("status", "validation.unknown_code", [raw]) }
                self.status = status
            }
            if let raw = req.query[String.self, at: "severity"], !raw.isEmpty {
                guard let severity = FindingSeverity(rawValue: raw) else { throw VigilError.invalid("severity", "validation.unknown_code", [raw]) }
                self.severity = severity
            }
            organisation = try id("org")
            if let raw = req.query[String.self, at: "overdue"], !raw.isEmpty {
                guard let overdue = Bool(raw) else { throw VigilError.invalid("overdue", "validation.unknown_code", [String(raw.prefix(40))]) }
                if overdue { overdueAt = Date() }
            }
            if let raw = req.query[String.self, at: "intrusion"], !raw.isEmpty {
                guard let intrusion = Bool(raw) else { throw VigilError.invalid("intrusion", "validation.unknown_code", [String(raw.prefix(40))]) }
                self.intrusion = intrusion
            }
            if let raw = req.query[String.self, at: "sort"], !raw.isEmpty {
                let parsed = try ListSort<Sort>.parse(raw)
                self.sort = parsed?.order
                self.sortDescending = parsed?.descending ?? false
            }
        }
    }

    struct Row: Decodable, Sendable {
        let id: UUID
        let host_id: UUID
        let hostname: String
        let addresses: String
        let port: Int?
        let transport: String
        let title: String
        let scanner_id: String
        let cves: String
        let cvss: Double?
        let severity: String
        let status: String
        let allows_intrusion: Bool
        let due_at: Date?
        let first_seen_at: Date
        /// The last scan that saw it (`lastSeen`), not the stored column.
        var last_seen_at: Date
    }


    func list(scope: [UUID], filter: Filter, after: String?, limit: Int, on db: any Database) async throws -> [Row] {
        guard !scope.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        var query = sql.select()
            .columns(SQLColumn("id", table: "f"), SQLColumn("host_id", table: "f"), SQLColumn("hostname", table: "h"),
                     SQLColumn("addresses", table: "h"), SQLColumn("port", table: "f"), SQLColumn("transport", table: "f"),
                     SQLColumn("title", table: "f"), SQLColumn("scanner_id", table: "f"), SQLColumn("cves", table: "f"),
                     SQLColumn("cvss", table: "f"), SQLColumn("severity", table: "f"), SQLColumn("status", table: "f"),
                     SQLColumn("allows_intrusion", table: "f"), SQLColumn("due_at", table: "f"), SQLColumn("first_seen_at", table: "f"),
                     SQLColumn("last_seen_at", table: "f"))
            .from(SQLAlias(SQLIdentifier(FindingRecord.schema), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier(HostRecord.schema), as: SQLIdentifier("h")), on: SQLColumn("id", table: "h"), .equal, SQLColumn("host_id", table: "f"))
            .where(SQLColumn("organisation_id", table: "f"), .in, SQLBind.group(scope))
        if let id = filter.scan {
            // The findings that scan observed: new, unchanged or reopened (not those it found gone).
            query = query.where(SQLColumn("id", table: "f"), .in, SQLGroupExpression(
                sql.select().column("finding_id").from(FindingSightingRecord.schema)
                    .where("scan_id", .equal, SQLBind(id)).where("change", .notEqual, SQLBind("fixed")).select))
        }
        if let id = filter.finding {
            query = query.where(SQLColumn("id", table: "f"), .equal, SQLBind(id))
        }
        if let id = filter.host {
            query = query.where(SQLColumn("host_id", table: "f"), .equal, SQLBind(id))
        }
        if let id = filter.system {
            query = query.where(SQLColumn("host_id", table: "f"), .in, SQLGroupExpression(
                sql.select().column("host_id").from(HostSystemRecord.schema).where("system_id", .equal, SQLBind(id)).select))
        }
        if let status = filter.status {
            query = query.where(SQLColumn("status", table: "f"), .equal, SQLBind(status.rawValue))
        }
        if let severity = filter.severity {
            query = query.where(SQLColumn("severity", table: "f"), .equal, SQLBind(severity.rawValue))
        }
        if let now = filter.overdueAt {
            // The same condition as `overdue(scope:now:)` and the compliance counts.
            query = query.where(SQLColumn("status", table: "f"), .in, SQLBind.group(Self.openStatuses))
                .where(SQLColumn("due_at", table: "f"), .lessThan, SQLBind(now))
        }
        if let intrusion = filter.intrusion {
            query = query.where(SQLColumn("allows_intrusion", table: "f"), .equal, SQLBind(intrusion))
        }
        var rows: [Row]
        if let sort = filter.sort {
            // A sorted page: by offset, the order being a fixed SQL text (no input reaches it).
            guard let offset = PageRequest.offset(after) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            let order = filter.sortDescending ? ListSort<Filter.Sort>.reversed(sort.orderBy) : sort.orderBy
            rows = try await query.orderBy(SQLRaw(order)).limit(limit).offset(offset).all(decoding: Row.self)
        } else {
            if let cursor = after {
                guard let id = UUID(uuidString: cursor) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
                query = query.where(SQLColumn("id", table: "f"), .greaterThan, SQLBind(id))
            }
            rows = try await query.orderBy(SQLColumn("id", table: "f")).limit(limit).all(decoding: Row.self)
        }
        let seen = try await lastSeen(rows.map(\.id), on: db)
        for index in rows.indices { rows[index].last_seen_at = seen[rows[index].id] ?? rows[index].last_seen_at }
        return rows
    }

    /// When each finding was last seen: the import time of the latest scan that saw it (new,
    /// unchanged or reopened). A re-import records a sighting for a finding seen again as it was,
    /// and does not rewrite the finding's row; the row's `last_seen_at` is when it was last written.
    func lastSeen(_ ids: [UUID], on db: any Database) async throws -> [UUID: Date] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Seen: Decodable { let finding_id: UUID; let seen: Date }
        var seen: [UUID: Date] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[start..<min(start + 500, ids.count)])
            for row in try await sql.select().column(SQLColumn("finding_id", table: "g"))
                .column(SQLAlias(SQLFunction("MAX", args: SQLColumn("imported_at", table: "s")), as: SQLIdentifier("seen")))
                .from(SQLAlias(SQLIdentifier(FindingSightingRecord.schema), as: SQLIdentifier("g")))
                .join(SQLAlias(SQLIdentifier(ScanRecord.schema), as: SQLIdentifier("s")), on: SQLColumn("id", table: "s"), .equal, SQLColumn("scan_id", table: "g"))
                .where(SQLColumn("finding_id", table: "g"), .in, SQLBind.group(part))
                .where(SQLColumn("change", table: "g"), .notEqual, SQLBind("fixed"))
                .groupBy(SQLColumn("finding_id", table: "g"))
                .all(decoding: Seen.self) {
                seen[row.finding_id] = row.seen
            }
        }
        return seen
    }

    /// `lastSeen` of one finding (its row's time if no scan saw it).
    func lastSeen(of finding: FindingRecord, on db: any Database) async throws -> Date {
        try await lastSeen([finding.requireID()], on: db).values.first ?? finding.lastSeenAt
    }

    /// Overdue findings (open or in progress past their deadline), counted per organisation and
    /// per information system, within these organisations.
    func overdue(scope: [UUID], now: Date, on db: any Database) async throws -> (byOrganisation: [UUID: Int], bySystem: [UUID: Int]) {
        guard !scope.isEmpty else { return ([:], [:]) }
        let sql = db as! any SQLDatabase
        struct Count: Decodable { let key: UUID; let overdue: Int }
        let open = Self.openStatuses
        let byOrganisation = try await sql.select().column(SQLAlias(SQLColumn("organisation_id"), as: SQLIdentifier("key")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("overdue")))
            .from(FindingRecord.schema).where("organisation_id", .in, scope).where("status", .in, open).where("due_at", .lessThan, SQLBind(now))
            .groupBy("organisation_id").all(decoding: Count.self)
        let bySystem = try await sql.select().column(SQLAlias(SQLColumn("system_id", table: "s"), as: SQLIdentifier("key")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("overdue")))
            .from(SQLAlias(SQLIdentifier(FindingRecord.schema), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier(HostSystemRecord.schema), as: SQLIdentifier("s")), on: SQLColumn("host_id", table: "s"), .equal, SQLColumn("host_id", table: "f"))
            .where(SQLColumn("organisation_id", table: "f"), .in, SQLBind.group(scope))
            .where(SQLColumn("status", table: "f"), .in, SQLBind.group(open))
            .where(SQLColumn("due_at", table: "f"), .lessThan, SQLBind(now))
            .groupBy(SQLColumn("system_id", table: "s")).all(decoding: Count.self)
        return (Dictionary(uniqueKeysWithValues: byOrganisation.map { ($0.key, $0.overdue) }),
                Dictionary(uniqueKeysWithValues: bySystem.map { ($0.key, $0.overdue) }))
    }
}

extension FindingRepository {
    func check(_ id: UUID, on db: any Database) async throws -> VulnerabilityCheckRecord? {
        try await VulnerabilityCheckRecord.find(id, on: db)
    }

    /// What each scan did to the finding, with the scans.
    func sightings(of finding: FindingRecord, on db: any Database) async throws -> (sightings: [FindingSightingRecord], scans: [UUID: ScanRecord]) {
        let sightings = try await FindingSightingRecord.query(on: db).filter(\.$findingID == finding.requireID()).all()
        let scans = try await ScanRecord.query(on: db).filter(\.$id ~~ sightings.map(\.scanID)).all()
        return (sightings, Dictionary(uniqueKeysWithValues: scans.map { ($0.id!, $0) }))
    }

    /// A scan of one of these organisations.
    func scan(_ id: UUID, inOrganisations scope: [UUID], on db: any Database) async throws -> ScanRecord? {
        try await ScanRecord.query(on: db).filter(\.$id == id).filter(\.$organisation.$id ~~ scope).first()
    }

    /// These organisations' scans, newest first, from an offset (the API's list).
    func scans(inOrganisations scope: [UUID], offset: Int, limit: Int, on db: any Database) async throws -> [ScanRecord] {
        guard !scope.isEmpty else { return [] }
        return try await ScanRecord.query(on: db).filter(\.$organisation.$id ~~ scope).with(\.$organisation)
            .sort(\.$importedAt, .descending).sort(\.$id, .descending).range(offset..<(offset + limit)).all()
    }

    /// These organisations' latest scans, newest first.
    func recentScans(inOrganisations scope: [UUID], limit: Int, on db: any Database) async throws -> [ScanRecord] {
        try await ScanRecord.query(on: db).filter(\.$organisation.$id ~~ scope).sort(\.$importedAt, .descending).limit(limit).all()
    }

    /// Notes on the finding's history that an incident was opened from it (no status change).
    func noteIncident(_ reference: String, openedFrom finding: FindingRecord, by actor: String, note: String, on db: any Database,
                      now: Date = Date()) async throws {
        let event = FindingEventRecord()
        event.id = UUID.timeOrdered()
        event.findingID = try finding.requireID()
        event.at = now
        event.actor = actor
        event.fromStatus = finding.status
        event.toStatus = finding.status
        event.note = note
        try await event.create(on: db)
    }
}

extension FindingRepository {
    /// Scans imported for these organisations (the first steps).
    func scanCount(scope: [UUID], on db: any Database) async throws -> Int {
        guard !scope.isEmpty else { return 0 }
        return try await ScanRecord.query(on: db).filter(\.$organisation.$id ~~ scope).count()
    }
}
