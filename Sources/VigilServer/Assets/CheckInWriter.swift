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
    }

    enum Outcome: Sendable, Equatable {
        case created(UUID, ProtectionVerdict)
        case updated(UUID, ProtectionVerdict)
        case replayed
    }

    let database: @Sendable () -> any Database
    let settings: SettingsStore
    let maxBatch: Int
    private var pending: [(Item, CheckedContinuation<Outcome, any Error>)] = []
    private var draining = false

    init(maxBatch: Int = 512, settings: SettingsStore, database: @escaping @Sendable () -> any Database) {
        self.maxBatch = maxBatch
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
                // The protection windows are read once per batch, not once per check-in.
                let policy = try await settings.protectionPolicy(on: db)
                let outcomes = try await Self.write(batch.map(\.0), policy: policy, on: db)
                for (index, entry) in batch.enumerated() { entry.1.resume(returning: outcomes[index]) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
        draining = false
    }

    private struct Known {
        var id: UUID
        var lastSentAt: Date?
        var softwareHash: String
        var stateShape: String
    }

    private struct ExistingRow: Decodable {
        let id: UUID
        let organisation_id: UUID
        let machine_id: String
        let last_sent_at: Date?
        let software_hash: String
        let av_shape: String
    }

    /// One transaction for the whole batch. Hosts are matched by (organisation, machine id); a
    /// check-in not newer than the host's last one is a replay and changes nothing.
    static func write(_ items: [Item], policy: ProtectionPolicy, on db: any Database) async throws -> [Outcome] {
        try await db.write { db in
            let sql = db as! any SQLDatabase
            // By organisation, so that the (organisation, machine id) index finds them.
            var known: [String: Known] = [:]
            for (organisationID, group) in Dictionary(grouping: items, by: \.organisationID) {
                let machineIDs = Array(Set(group.map(\.document.machineId)))
                for chunk in stride(from: 0, to: machineIDs.count, by: 500) {
                    let rows = try await sql.select()
                        .columns("id", "organisation_id", "machine_id", "last_sent_at", "software_hash", "av_shape")
                        .from(HostRecord.schema)
                        .where("organisation_id", .equal, SQLBind(organisationID))
                        .where("machine_id", .in, Array(machineIDs[chunk..<min(chunk + 500, machineIDs.count)]))
                        .all(decoding: ExistingRow.self)
                    for row in rows {
                        known["\(row.organisation_id)|\(row.machine_id)"] = Known(
                            id: row.id, lastSentAt: row.last_sent_at, softwareHash: row.software_hash, stateShape: row.av_shape)
                    }
                }
            }
            var outcomes: [Outcome] = []
            var newHosts: [[any SQLExpression]] = []
            var history: [[any SQLExpression]] = []
            for item in items {
                let document = item.document
                let key = "\(item.organisationID)|\(document.machineId)"
                let facts = Facts(item)
                let verdict = policy.evaluate(products: item.products, lastReport: item.receivedAt, now: item.receivedAt)
                if var host = known[key] {
                    if let last = host.lastSentAt, document.sentAt <= last {
                        outcomes.append(.replayed)
                        continue
                    }
                    try await sql.update(HostRecord.schema)
                        .set("hostname", to: SQLBind(document.hostname))
                        .set("addresses", to: SQLBind(facts.addresses))
                        .set("os_name", to: SQLBind(document.os?.name ?? ""))
                        .set("os_version", to: SQLBind(document.os?.version ?? ""))
                        .set("last_seen_at", to: SQLBind(item.receivedAt))
                        .set("source", to: SQLBind(StateSource.agent.rawValue))
                        .set("last_sent_at", to: SQLBind(document.sentAt))
                        .set("software_hash", to: SQLBind(item.softwareHash))
                        .set("software", to: SQLBind(item.softwareText))
                        .set("av_shape", to: SQLBind(item.stateShape))
                        .set("av_report_at", to: SQLBind(item.receivedAt))
                        .set("av_products", to: SQLBind(item.products.count))
                        .set("av_enabled", to: SQLBind(facts.enabled))
                        .set("av_real_time", to: SQLBind(facts.realTime))
                        .set("av_signature_at", to: SQLBind(facts.signatureAt))
                        .set("av_detail", to: SQLBind(item.detail))
                        .set("updated_at", to: SQLBind(item.receivedAt))
                        .where("id", .equal, SQLBind(host.id))
                        .run()
                    if let role = document.role {
                        try await sql.update(HostRecord.schema).set("role", to: SQLBind(role)).where("id", .equal, SQLBind(host.id)).run()
                    }
                    if host.stateShape != item.stateShape {
                        history.append([SQLBind(UUID()), SQLBind(host.id), SQLBind(item.receivedAt), SQLBind(StateSource.agent.rawValue), SQLBind(item.detail)])
                    }
                    host.lastSentAt = document.sentAt
                    host.softwareHash = item.softwareHash
                    host.stateShape = item.stateShape
                    known[key] = host
                    outcomes.append(.updated(host.id, verdict))
                } else {
                    let id = UUID()
                    newHosts.append([
                        SQLBind(id), SQLBind(item.organisationID), SQLBind(document.machineId), SQLBind(document.hostname),
                        SQLBind(facts.addresses), SQLBind(document.os?.name ?? ""), SQLBind(document.os?.version ?? ""),
                        SQLBind(document.role ?? HostRole.other.rawValue), SQLBind(""), SQLBind("medium"), SQLBind(item.receivedAt),
                        SQLBind(StateSource.agent.rawValue), SQLBind(document.sentAt), SQLBind(item.softwareHash), SQLBind(item.softwareText),
                        SQLBind(""), SQLBind(item.receivedAt),
                        SQLBind(item.products.count), SQLBind(facts.enabled), SQLBind(facts.realTime), SQLBind(facts.signatureAt),
                        SQLBind(item.detail), SQLBind(item.stateShape), SQLBind(item.receivedAt), SQLBind(item.receivedAt),
                    ])
                    history.append([SQLBind(UUID()), SQLBind(id), SQLBind(item.receivedAt), SQLBind(StateSource.agent.rawValue), SQLBind(item.detail)])
                    known[key] = Known(id: id, lastSentAt: document.sentAt, softwareHash: item.softwareHash, stateShape: item.stateShape)
                    outcomes.append(.created(id, verdict))
                }
            }
            // Rows are inserted in chunks: SQLite takes at most 32,766 bound values per statement.
            for chunk in stride(from: 0, to: newHosts.count, by: 500) {
                var insert = sql.insert(into: HostRecord.schema).columns(
                    "id", "organisation_id", "machine_id", "hostname", "addresses", "os_name", "os_version", "role", "owner", "criticality",
                    "last_seen_at", "source", "last_sent_at", "software_hash", "software", "software_indexed", "av_report_at", "av_products", "av_enabled", "av_real_time",
                    "av_signature_at", "av_detail", "av_shape", "created_at", "updated_at")
                for row in newHosts[chunk..<min(chunk + 500, newHosts.count)] { insert = insert.values(row) }
                try await insert.run()
            }
            // Each token's last use, at most every five minutes.
            if let now = items.map(\.receivedAt).max() {
                let tokens = Array(Set(items.map(\.tokenID)))
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
