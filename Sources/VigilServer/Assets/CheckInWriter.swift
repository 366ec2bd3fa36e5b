import Fluent
import Foundation
import SQLKit
import VigilCore

/// Writes agents' check-ins in batches: one transaction for every check-in that arrived while the
/// previous transaction ran. On SQLite a transaction per request would cap check-ins at a few
/// hundred a second (each commit waits for the disk); a batch pays that once for hundreds.
///
/// Each caller still gets its own outcome (created, updated, or refused as a replay) once the
/// transaction holding its check-in has committed.
actor CheckInWriter {
    /// A check-in, checked, with what is derived from it computed outside the transaction.
    struct Item: Sendable {
        let organisationID: UUID
        /// The enrolment token it came with; its `last_used_at` is kept in the same transaction.
        let tokenID: UUID
        let document: CheckInDocument
        let receivedAt: Date
        let softwareHash: String
        /// The package list as text, stored on the host; `SoftwareIndex` turns it into rows later.
        let softwareText: String
        let products: [AntiMalwareState]
        /// The products without their dates: a change of this is a change of state worth a history row.
        let stateShape: String
        let detail: String

        /// A checked document with what the writer derives from it.
        init(_ document: CheckInDocument, organisationID: UUID, tokenID: UUID, receivedAt: Date) throws {
            self.organisationID = organisationID
            self.tokenID = tokenID
            self.document = document
            self.receivedAt = receivedAt
            products = (document.antimalware ?? []).map(\.state)
            softwareText = Self.softwareText(document.software ?? [])
            softwareHash = Secrets.sha256Hex(softwareText)
            stateShape = CheckInWriter.shape(of: products)
            detail = String(decoding: try JSONEncoder.vigil.encode(products), as: UTF8.self)
        }

        /// The package list as sorted lines of `name TAB vendor TAB version`: the same packages in
        /// any order give the same text and digest. Checked documents hold no tabs or newlines.
        static func softwareText(_ software: [CheckInDocument.Software]) -> String {
            software.map { $0.name + "\t" + ($0.vendor ?? "") + "\t" + ($0.version ?? "") }.sorted().joined(separator: "\n")
        }
    }

    enum Outcome: Sendable, Equatable {
        case created(UUID, ProtectionVerdict)
        case updated(UUID, ProtectionVerdict)
        case replayed
        /// Its enrolment token was revoked (perhaps on another process, whose revocation this
        /// process's token cache has not seen): nothing was written.
        case revoked
    }

    let database: @Sendable () -> any Database
    let settings: SettingsStore
    let maxBatch: Int
    let policyLifetime: TimeInterval
    private var pending: [(Item, CheckedContinuation<Outcome, any Error>)] = []
    private var draining = false
    private var policy: (value: ProtectionPolicy, readAt: Date)?
    private var tokenTouchedAt: [UUID: Date] = [:]

    init(maxBatch: Int = 512, policyLifetime: TimeInterval = 5, settings: SettingsStore,
         database: @escaping @Sendable () -> any Database) {
        self.maxBatch = maxBatch
        self.policyLifetime = policyLifetime
        self.settings = settings
        self.database = database
    }

    func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((item, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                let db = database()
                let policy = try await currentPolicy(on: db)
                let items = batch.map(\.0)
                let tokens = tokensToTouch(items)
                let outcomes = try await Self.write(items, policy: policy, touchingTokens: tokens, on: db)
                for token in tokens { tokenTouchedAt[token] = items[0].receivedAt }
                for (index, entry) in batch.enumerated() { entry.1.resume(returning: outcomes[index]) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
        draining = false
    }

    /// The protection windows, read at most every `policyLifetime` seconds: two queries per batch
    /// were a visible part of each batch's time. A change of the settings reaches check-in answers
    /// within that time; the coverage pages read the settings themselves.
    private func currentPolicy(on db: any Database) async throws -> ProtectionPolicy {
        if let cached = policy, Date().timeIntervalSince(cached.readAt) < policyLifetime { return cached.value }
        let value = try await settings.protectionPolicy(on: db)
        policy = (value, Date())
        return value
    }

    /// Tokens whose `last_used_at` this process has not written for five minutes. (Another process
    /// may have; the update's condition keeps the column right either way.)
    private func tokensToTouch(_ items: [Item]) -> [UUID] {
        let now = items.map(\.receivedAt).max() ?? Date()
        return Array(Set(items.map(\.tokenID))).filter { token in
            tokenTouchedAt[token].map { now.timeIntervalSince($0) >= 300 } ?? true
        }
    }

    private struct Known {
        var id: UUID
        var lastSentAt: Date?
        var softwareHash: String
        var stateShape: String
        var protection: Protection
        /// Created by this batch (an insert), rather than found in the table (an update).
        var isNew: Bool
    }

    private struct ExistingRow: Decodable {
        let id: UUID
        let organisation_id: UUID
        let machine_id: String
        let last_sent_at: Date?
        let software_hash: String
        let av_shape: String
        let av_report_at: Date?
        let av_products: Int
        let av_enabled: Bool
        let av_real_time: Bool
        let av_signature_at: Date?
    }

    /// The anti-malware facts a host keeps, to tell whether a check-in changes its verdict.
    private struct Protection {
        let reportAt: Date?
        let products: Int
        let enabled: Bool
        let realTime: Bool
        let signatureAt: Date?

        init(_ row: ExistingRow) {
            (reportAt, products, enabled, realTime) = (row.av_report_at, row.av_products, row.av_enabled, row.av_real_time)
            signatureAt = row.av_signature_at
        }

        init(_ item: Item) {
            let facts = Facts(item)
            (reportAt, products, enabled, realTime, signatureAt) = (item.receivedAt, item.products.count, facts.enabled, facts.realTime, facts.signatureAt)
        }

        func protected(under policy: ProtectionPolicy, at now: Date) -> Bool {
            policy.protects(lastReport: reportAt, products: products, enabled: enabled, realTime: realTime, signatureAt: signatureAt, now: now)
        }
    }

    /// One transaction for the whole batch, in a fixed number of statements whatever its size:
    /// one select of the hosts already known, one insert of the new ones, one update of the known
    /// ones, one insert of the state history. (A statement per check-in cost a round trip to the
    /// database thread each, and those round trips, not SQLite, were most of a batch's time.)
    /// Hosts are matched by (organisation, machine id); a check-in not newer than the host's last
    /// one is a replay and changes nothing.
    static func write(_ items: [Item], policy: ProtectionPolicy, touchingTokens tokens: [UUID] = [],
                      on db: any Database) async throws -> [Outcome] {
        try await db.write { db in
            let sql = db as! any SQLDatabase
            var known = try await knownHosts(for: items, on: sql)
            // The token cache may be seconds behind a revocation made by another process; the
            // database, read in the batch's own transaction, is not.
            let revoked = try await revokedTokens(among: Set(items.map(\.tokenID)), on: sql)
            var outcomes: [Outcome] = []
            // The last check-in of each host in the batch is the one written; each new host once.
            var inserts: [UUID: Item] = [:]
            var insertOrder: [UUID] = []
            var updates: [UUID: Update] = [:]
            var updateOrder: [UUID] = []
            var history: [[any SQLExpression]] = []
            for item in items {
                if revoked.contains(item.tokenID) {
                    outcomes.append(.revoked)
                    continue
                }
                let document = item.document
                let key = "\(item.organisationID)|\(document.machineId)"
                let verdict = policy.evaluate(products: item.products, lastReport: item.receivedAt, now: item.receivedAt)
                if var host = known[key] {
                    if let last = host.lastSentAt, document.sentAt <= last {
                        outcomes.append(.replayed)
                        continue
                    }
                    if host.isNew {
                        inserts[host.id] = item
                    } else {
                        // The stored package list is rewritten only when it changed (rarely).
                        let update = Update(item: item, softwareChanged: item.softwareHash != host.softwareHash
                                            || updates[host.id]?.softwareChanged == true)
                        if updates.updateValue(update, forKey: host.id) == nil { updateOrder.append(host.id) }
                    }
                    // A history row when the products change, or when the verdict does (fresh
                    // signatures, a report after silence): what the compliance counts watch for.
                    let wasProtected = host.protection.protected(under: policy, at: item.receivedAt)
                    if host.stateShape != item.stateShape || wasProtected != (verdict.status == .protected) {
                        history.append([SQLBind(UUID.timeOrdered()), SQLBind(host.id), SQLBind(item.receivedAt),
                                        SQLBind(StateSource.agent.rawValue), SQLBind(item.detail)])
                    }
                    host.lastSentAt = document.sentAt
                    host.softwareHash = item.softwareHash
                    host.stateShape = item.stateShape
                    host.protection = Protection(item)
                    known[key] = host
                    outcomes.append(.updated(host.id, verdict))
                } else {
                    // Time-ordered ids append to the primary key's index instead of landing on a
                    // random page of it: fewer pages written per batch.
                    let id = UUID.timeOrdered()
                    inserts[id] = item
                    insertOrder.append(id)
                    history.append([SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(item.receivedAt),
                                    SQLBind(StateSource.agent.rawValue), SQLBind(item.detail)])
                    known[key] = Known(id: id, lastSentAt: document.sentAt, softwareHash: item.softwareHash, stateShape: item.stateShape,
                                       protection: Protection(item), isNew: true)
                    outcomes.append(.created(id, verdict))
                }
            }
            try await insertHosts(insertOrder.map { ($0, inserts[$0]!) }, on: sql)
            try await updateHosts(updateOrder.map { ($0, updates[$0]!) }, on: sql)
            if !tokens.isEmpty, let now = items.map(\.receivedAt).max() {
                try await sql.update(EnrolmentTokenRecord.schema).set("last_used_at", to: SQLBind(now))
                    .where("id", .in, tokens)
                    .where { $0.where("last_used_at", .is, SQLLiteral.null).orWhere("last_used_at", .lessThan, SQLBind(now.addingTimeInterval(-300))) }
                    .run()
            }
            for chunk in stride(from: 0, to: history.count, by: 2000) {
                var insert = sql.insert(into: HostStateRecord.schema).columns("id", "host_id", "at", "source", "detail")
                for row in history[chunk..<min(chunk + 2000, history.count)] { insert = insert.values(row) }
                try await insert.run()
            }
            return outcomes
        }
    }

    private struct TokenRow: Decodable { let id: UUID }

    /// Which of the batch's tokens are revoked (or gone): one look-up by primary key per batch.
    private static func revokedTokens(among tokens: Set<UUID>, on sql: any SQLDatabase) async throws -> Set<UUID> {
        let valid = try await sql.select().column("id").from(EnrolmentTokenRecord.schema)
            .where("id", .in, Array(tokens)).where("revoked_at", .is, SQLLiteral.null)
            .all(decoding: TokenRow.self)
        return tokens.subtracting(valid.map(\.id))
    }

    /// The batch's hosts already in the table, by organisation so that the (organisation,
    /// machine id) index finds them.
    private static func knownHosts(for items: [Item], on sql: any SQLDatabase) async throws -> [String: Known] {
        var known: [String: Known] = [:]
        for (organisationID, group) in Dictionary(grouping: items, by: \.organisationID) {
            let machineIDs = Array(Set(group.map(\.document.machineId)))
            for chunk in stride(from: 0, to: machineIDs.count, by: 500) {
                let rows = try await sql.select()
                    .columns("id", "organisation_id", "machine_id", "last_sent_at", "software_hash", "av_shape", "av_report_at", "av_products",
                             "av_enabled", "av_real_time", "av_signature_at")
                    .from(HostRecord.schema)
                    .where("organisation_id", .equal, SQLBind(organisationID))
                    .where("machine_id", .in, Array(machineIDs[chunk..<min(chunk + 500, machineIDs.count)]))
                    .all(decoding: ExistingRow.self)
                for row in rows {
                    known["\(row.organisation_id)|\(row.machine_id)"] = Known(
                        id: row.id, lastSentAt: row.last_sent_at, softwareHash: row.software_hash, stateShape: row.av_shape,
                        protection: Protection(row), isNew: false)
                }
            }
        }
        return known
    }

    /// Rows are written in chunks: SQLite takes at most 32,766 bound values per statement.
    private static func insertHosts(_ hosts: [(UUID, Item)], on sql: any SQLDatabase) async throws {
        for chunk in stride(from: 0, to: hosts.count, by: 500) {
            var insert = sql.insert(into: HostRecord.schema).columns(
                "id", "organisation_id", "machine_id", "hostname", "addresses", "os_name", "os_version", "role", "owner", "criticality",
                "last_seen_at", "source", "last_sent_at", "software_hash", "software", "software_indexed", "av_report_at", "av_products",
                "av_enabled", "av_real_time", "av_signature_at", "av_detail", "av_shape", "created_at", "updated_at")
            for (id, item) in hosts[chunk..<min(chunk + 500, hosts.count)] {
                let document = item.document
                let facts = Facts(item)
                insert = insert.values([
                    SQLBind(id), SQLBind(item.organisationID), SQLBind(document.machineId), SQLBind(document.hostname),
                    SQLBind(facts.addresses), SQLBind(document.os?.name ?? ""), SQLBind(document.os?.version ?? ""),
                    SQLBind(document.role ?? HostRole.other.rawValue), SQLBind(""), SQLBind("medium"), SQLBind(item.receivedAt),
                    SQLBind(StateSource.agent.rawValue), SQLBind(document.sentAt), SQLBind(item.softwareHash), SQLBind(item.softwareText),
                    SQLBind(""), SQLBind(item.receivedAt),
                    SQLBind(item.products.count), SQLBind(facts.enabled), SQLBind(facts.realTime), SQLBind(facts.signatureAt),
                    SQLBind(item.detail), SQLBind(item.stateShape), SQLBind(item.receivedAt), SQLBind(item.receivedAt),
                ])
            }
            try await insert.run()
        }
    }

    /// Known hosts in one `UPDATE … FROM (VALUES …)` per chunk (SQLite and PostgreSQL both name
    /// the values' columns `column1`, `column2`, …). A role the agent did not send is kept, and so
    /// is the stored package list when its digest is unchanged.
    private struct Update {
        let item: Item
        let softwareChanged: Bool
    }

    private static func updateHosts(_ hosts: [(UUID, Update)], on sql: any SQLDatabase) async throws {
        let columns = [
            "hostname", "addresses", "os_name", "os_version", "role", "last_seen_at", "source", "last_sent_at", "software_hash",
            "software", "av_report_at", "av_products", "av_enabled", "av_real_time", "av_signature_at", "av_detail", "av_shape", "updated_at",
        ]
        let assignments = columns.enumerated().map { index, column in
            column == "role" || column == "software"
                ? "\(column) = COALESCE(v.column\(index + 2), \(HostRecord.schema).\(column))" : "\(column) = v.column\(index + 2)"
        }.joined(separator: ", ")
        for chunk in stride(from: 0, to: hosts.count, by: 1000) {
            let rows = hosts[chunk..<min(chunk + 1000, hosts.count)].map { id, update -> any SQLExpression in
                let item = update.item
                let document = item.document
                let facts = Facts(item)
                let values: [any SQLExpression] = [
                    SQLBind(id), SQLBind(document.hostname), SQLBind(facts.addresses), SQLBind(document.os?.name ?? ""),
                    SQLBind(document.os?.version ?? ""), SQLBind(document.role), SQLBind(item.receivedAt), SQLBind(StateSource.agent.rawValue),
                    SQLBind(document.sentAt), SQLBind(item.softwareHash), SQLBind(update.softwareChanged ? item.softwareText : nil),
                    SQLBind(item.receivedAt),
                    SQLBind(item.products.count), SQLBind(facts.enabled), SQLBind(facts.realTime), SQLBind(facts.signatureAt),
                    SQLBind(item.detail), SQLBind(item.stateShape), SQLBind(item.receivedAt),
                ]
                return SQLGroupExpression(values)
            }
            try await sql.raw("""
                UPDATE \(ident: HostRecord.schema) SET \(unsafeRaw: assignments)
                FROM (VALUES \(SQLList(rows))) AS v WHERE \(ident: HostRecord.schema).id = v.column1
                """).run()
        }
    }

    /// What the coverage query reads, from the reported products.
    struct Facts {
        let addresses: String
        let enabled: Bool
        let realTime: Bool
        let signatureAt: Date?

        init(_ item: Item) {
            addresses = (item.document.addresses ?? []).joined(separator: ",")
            enabled = item.products.contains(where: \.enabled)
            let protecting = item.products.filter { $0.enabled && $0.realTimeProtection }
            realTime = !protecting.isEmpty
            signatureAt = protecting.compactMap(\.signatureDate).max()
        }
    }

    /// The products without their dates, for telling a change of state from a routine report.
    static func shape(of products: [AntiMalwareState]) -> String {
        products.map { "\($0.product)|\($0.version ?? "")|\($0.enabled)|\($0.realTimeProtection)|\($0.centrallyManaged)" }
            .sorted().joined(separator: "\n")
    }

}
