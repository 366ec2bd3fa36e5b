import Fluent
import Foundation
import SQLKit
import VigilCore

/// Matches one warning against the inventory of the organisations it reaches: the installed
/// software (`host_software`, by `ProductMatcher`) and the findings not yet fixed (by CVE). Makes
/// the task of every organisation it reaches, records each hit host and why, resolves the hits no
/// longer seen, and counts what is left on each task. Runs when a warning is recorded or changed,
/// when someone asks, and every 15 minutes for the warnings still open (the `advisory-match` job).
struct AdvisoryMatching: Sendable {
    let notifications: NotificationService
    let organisations: OrganisationRepository

    struct Outcome: Sendable {
        var tasksCreated = 0
        var affectedHosts = 0
        var matches = 0
    }

    private struct SoftwareRow: Decodable {
        let host_id: UUID
        let name: String
        let vendor: String
        let version: String
    }

    private struct FindingRow: Decodable {
        let id: UUID
        let host_id: UUID
        let title: String
        let cves: String
    }

    private struct Hit: Sendable {
        let hostID: UUID
        let source: String
        let key: String
        let subject: String
        let version: String
        let detail: String
        let findingID: UUID?
        let verdict: String
    }

    func run(_ record: AdvisoryRecord, on db: any Database, now: Date = Date()) async throws -> Outcome {
        let advisory = record.advisory
        let advisoryID = try record.requireID()
        let sql = db as! any SQLDatabase
        // Match the inventory as it is now: package lists reported since the last indexing first.
        while try await SoftwareIndex().run(on: db) > 0 {}
        let organisations = try await self.organisations.subtree(ofPath: record.organisationPath, on: db)
        guard let issuerRecord = organisations.first(where: { $0.id == record.organisationID }) else { return Outcome() }
        func reach(_ organisation: OrganisationRecord) -> AdvisoryReach.Organisation {
            AdvisoryReach.Organisation(id: organisation.id!.uuidString, path: organisation.path, kind: organisation.kind)
        }
        let issuer = reach(issuerRecord)
        let targets = AdvisoryReach.targets(issuer: issuer, within: organisations.map(reach))
        let pathOf = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id!, $0.path) })

        // The hits, read before the transaction: reading is most of the work.
        var hits: [Hit] = []
        let hostOrganisation = try await hostOrganisations(in: organisations.compactMap(\.id), on: sql)
        let matchers = advisory.products.map(ProductMatcher.init)
        let pieces = Set(matchers.flatMap(\.searchPieces))
        if !pieces.isEmpty, !hostOrganisation.isEmpty {
            var verdicts: [String: (ProductMatcher.Verdict, AffectedProduct)?] = [:]
            for row in try await software(matching: pieces, organisations: organisations.compactMap(\.id), on: sql) {
                let cacheKey = row.name + "\u{1}" + row.vendor + "\u{1}" + row.version
                let decided: (ProductMatcher.Verdict, AffectedProduct)?
                if let known = verdicts[cacheKey] {
                    decided = known
                } else {
                    decided = matchers.lazy.map { ($0.verdict(name: row.name, vendor: row.vendor, version: row.version), $0.product) }
                        .first { $0.0 == .affected || $0.0 == .unknownVersion }
                    verdicts[cacheKey] = decided
                }
                guard let (verdict, product) = decided else { continue }
                hits.append(Hit(hostID: row.host_id, source: "software", key: "software|\(row.name.lowercased())|\(row.version)",
                                subject: row.name, version: row.version, detail: product.displayName, findingID: nil,
                                verdict: verdict == .affected ? "affected" : "unknown_version"))
            }
        }
        if !advisory.cves.isEmpty, !hostOrganisation.isEmpty {
            for row in try await findings(naming: advisory.cves, organisations: organisations.compactMap(\.id), on: sql) {
                let shared = advisory.concerns(findingCVEs: row.cves.split(separator: " ").map(String.init))
                guard !shared.isEmpty else { continue }
                hits.append(Hit(hostID: row.host_id, source: "finding", key: "finding|\(row.id.uuidString.lowercased())", subject: row.title,
                                version: "", detail: shared.joined(separator: " "), findingID: row.id, verdict: "affected"))
            }
        }

        let found = hits
        return try await db.write { db in
            var outcome = Outcome()
            let sql = db as! any SQLDatabase
            var tasks = Dictionary(uniqueKeysWithValues: try await AdvisoryTaskRecord.query(on: db).filter(\.$advisoryID == advisoryID).all()
                .map { ($0.organisationID, $0) })
            func task(for organisation: AdvisoryReach.Organisation) async throws -> AdvisoryTaskRecord {
                let id = UUID(uuidString: organisation.id)!
                if let existing = tasks[id] { return existing }
                let task = AdvisoryTaskRecord()
                task.id = UUID.timeOrdered(at: now)
                task.advisoryID = advisoryID
                task.organisationID = id
                task.status = AdvisoryTaskStatus.open.rawValue
                task.affectedHosts = 0
                task.note = ""
                task.createdAt = now
                task.escalated = false
                try await task.create(on: db)
                tasks[id] = task
                outcome.tasksCreated += 1
                if let target = organisations.first(where: { $0.id == id }) {
                    try await notifications.notifyRole(.focalPoint, nearest: target, messageKey: "notification.advisory.new",
                                                       arguments: [record.reference, record.title, record.deadline],
                                                       link: VulnerabilitiesPath.advisory(.value(advisoryID)).path, on: db, now: now)
                }
                return task
            }
            for target in targets { _ = try await task(for: target) }

            // The columns the comparison needs, through SQLKit's decoder (Fluent reflects on every
            // model it loads, and a province-wide warning has tens of thousands of matches).
            struct Existing: Decodable { let id: UUID; let host_id: UUID; let match_key: String; let resolved_at: Date? }
            let existing = try await sql.select().columns("id", "host_id", "match_key", "resolved_at").from(AdvisoryMatchRecord.schema)
                .where("advisory_id", .equal, SQLBind(advisoryID)).all(decoding: Existing.self)
            var byKey = Dictionary(existing.map { ("\($0.host_id)|\($0.match_key)", $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set<String>()
            var inserts: [[any SQLExpression]] = []
            var reopened: [UUID] = []
            for hit in found {
                guard let organisationID = hostOrganisation[hit.hostID], let path = pathOf[organisationID] else { continue }
                let key = "\(hit.hostID)|\(hit.key)"
                guard seen.insert(key).inserted else { continue }
                let taskRecord = try await task(for: AdvisoryReach.target(forPath: path, targets: targets, issuer: issuer))
                if let match = byKey[key] {
                    if match.resolved_at != nil { reopened.append(match.id) }
                    byKey[key] = nil
                    continue
                }
                inserts.append([SQLBind(UUID.timeOrdered(at: now)), SQLBind(advisoryID), SQLBind(taskRecord.id!), SQLBind(hit.hostID),
                                SQLBind(hit.source), SQLBind(hit.key), SQLBind(String(hit.subject.prefix(300))), SQLBind(String(hit.version.prefix(200))),
                                SQLBind(String(hit.detail.prefix(500))), SQLBind(hit.findingID), SQLBind(hit.verdict), SQLBind(now)])
            }
            // SQLite takes at most 32,766 bound values per statement: 12 a row, 1,000 rows a statement.
            for chunk in stride(from: 0, to: inserts.count, by: 1000) {
                var insert = sql.insert(into: AdvisoryMatchRecord.schema).columns(
                    "id", "advisory_id", "task_id", "host_id", "source", "match_key", "subject", "version", "detail", "finding_id", "verdict",
                    "first_matched_at")
                for row in inserts[chunk..<min(chunk + 1000, inserts.count)] { insert = insert.values(row) }
                try await insert.run()
            }
            for chunk in stride(from: 0, to: reopened.count, by: 1000) {
                try await sql.update(AdvisoryMatchRecord.schema).set("resolved_at", to: SQLLiteral.null)
                    .where("id", .in, Array(reopened[chunk..<min(chunk + 1000, reopened.count)])).run()
            }
            // What is left in `byKey` was not seen this time: resolved (upgraded, fixed, removed).
            let gone = byKey.values.filter { $0.resolved_at == nil }.map(\.id)
            for chunk in stride(from: 0, to: gone.count, by: 1000) {
                try await sql.update(AdvisoryMatchRecord.schema).set("resolved_at", to: SQLBind(now))
                    .where("id", .in, Array(gone[chunk..<min(chunk + 1000, gone.count)])).run()
            }
            struct Count: Decodable { let task_id: UUID; let hosts: Int }
            let counts = try await sql.select().column("task_id").column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("host_id"))), as: "hosts")
                .from(AdvisoryMatchRecord.schema).where("advisory_id", .equal, SQLBind(advisoryID)).where("resolved_at", .is, SQLLiteral.null)
                .groupBy("task_id").all(decoding: Count.self)
            let byTask = Dictionary(uniqueKeysWithValues: counts.map { ($0.task_id, $0.hosts) })
            for task in tasks.values where task.affectedHosts != (byTask[task.id!] ?? 0) {
                task.affectedHosts = byTask[task.id!] ?? 0
                try await task.update(on: db)
            }
            record.matchedAt = now
            try await record.update(on: db)
            outcome.affectedHosts = byTask.values.reduce(0, +)
            outcome.matches = seen.count
            return outcome
        }
    }

    private func hostOrganisations(in organisations: [UUID], on sql: any SQLDatabase) async throws -> [UUID: UUID] {
        struct Row: Decodable { let id: UUID; let organisation_id: UUID }
        var result: [UUID: UUID] = [:]
        for chunk in stride(from: 0, to: organisations.count, by: 500) {
            for row in try await sql.select().columns("id", "organisation_id").from(HostRecord.schema)
                .where("organisation_id", .in, Array(organisations[chunk..<min(chunk + 500, organisations.count)])).all(decoding: Row.self) {
                result[row.id] = row.organisation_id
            }
        }
        return result
    }

    /// The installed software of these organisations' hosts whose name holds one of the pieces,
    /// lower-cased on both databases; `ProductMatcher` then decides.
    private func software(matching pieces: Set<String>, organisations: [UUID], on sql: any SQLDatabase) async throws -> [SoftwareRow] {
        var rows: [SoftwareRow] = []
        for chunk in stride(from: 0, to: organisations.count, by: 500) {
            let query = sql.select().columns(SQLColumn("host_id", table: "s"), SQLColumn("name", table: "s"), SQLColumn("vendor", table: "s"),
                                             SQLColumn("version", table: "s"))
                .from(SQLAlias(SQLIdentifier(HostSoftwareRecord.schema), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier(HostRecord.schema), as: SQLIdentifier("h")), on: SQLColumn("id", table: "h"), .equal,
                      SQLColumn("host_id", table: "s"))
                .where(SQLColumn("organisation_id", table: "h"), .in, SQLBind.group(Array(organisations[chunk..<min(chunk + 500, organisations.count)])))
                .where { group in
                    var group = group
                    for piece in pieces.sorted() {
                        group = group.orWhere(SQLFunction("LOWER", args: SQLColumn("name", table: "s")), .like, SQLBind("%\(piece)%"))
                    }
                    return group
                }
            rows += try await query.all(decoding: SoftwareRow.self)
        }
        return rows
    }

    /// Findings not fixed nor false, in these organisations, whose CVE list names one of the CVEs.
    private func findings(naming cves: [String], organisations: [UUID], on sql: any SQLDatabase) async throws -> [FindingRow] {
        var rows: [UUID: FindingRow] = [:]
        for chunk in stride(from: 0, to: organisations.count, by: 500) {
            for cveChunk in stride(from: 0, to: cves.count, by: 100) {
                let query = sql.select().columns("id", "host_id", "title", "cves").from(FindingRecord.schema)
                    .where("organisation_id", .in, Array(organisations[chunk..<min(chunk + 500, organisations.count)]))
                    .where("status", .notIn, [FindingStatus.fixed.rawValue, FindingStatus.falsePositive.rawValue])
                    .where { group in
                        var group = group
                        for cve in cves[cveChunk..<min(cveChunk + 100, cves.count)] { group = group.orWhere("cves", .like, SQLBind("%\(cve)%")) }
                        return group
                    }
                for row in try await query.all(decoding: FindingRow.self) { rows[row.id] = row }
            }
        }
        return Array(rows.values)
    }
}
