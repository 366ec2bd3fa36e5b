import Fluent
import Foundation

/// Writes and reads a system's change history (`system_changes`). Every path that changes a system,
/// its hosts or its suppliers records here, inside its own transaction, so that the history and the
/// change are stored together.
struct SystemChangeLog: Sendable {
    /// Field → `{"from", "to"}`, as the history stores it.
    typealias Fields = [String: [String: String]]

    static func record(systemID: UUID, _ fields: Fields, actor: String, at now: Date, on db: any Database) async throws {
        guard !fields.isEmpty else { return }
        let change = SystemChangeRecord()
        change.id = UUID()
        change.systemID = systemID
        change.at = now
        change.actor = actor
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        change.changes = String(decoding: try encoder.encode(fields), as: UTF8.self)
        try await change.create(on: db)
    }

    /// The system's hostnames, sorted, as the history writes a list.
    static func hostList(ofSystem id: UUID, on db: any Database) async throws -> String {
        let links = try await HostSystemRecord.query(on: db).filter(\.$systemID == id).all()
        return try await HostRecord.query(on: db).filter(\.$id ~~ links.map(\.hostID)).all().map(\.hostname).sorted().joined(separator: ", ")
    }

    /// The names of the suppliers the system depends on, sorted.
    static func supplierList(ofSystem id: UUID, on db: any Database) async throws -> String {
        let links = try await SupplierDependencyRecord.query(on: db).filter(\.$systemID == id).all()
        return try await SupplierRecord.query(on: db).filter(\.$id ~~ links.map(\.supplierID)).all().map(\.name).sorted()
            .joined(separator: ", ")
    }

    /// Records, for each system whose host list `change` alters, the list before and after.
    static func recordingHosts(of systems: Set<UUID>, actor: String, at now: Date, on db: any Database,
                               _ change: () async throws -> Void) async throws {
        var before: [UUID: String] = [:]
        for id in systems { before[id] = try await hostList(ofSystem: id, on: db) }
        try await change()
        for id in systems {
            let after = try await hostList(ofSystem: id, on: db)
            if after != before[id] { try await record(systemID: id, ["hosts": ["from": before[id] ?? "", "to": after]], actor: actor, at: now, on: db) }
        }
    }

    /// The changes of a system, newest first.
    func changes(ofSystem id: UUID, on db: any Database) async throws -> [SystemChangeRecord] {
        try await SystemChangeRecord.query(on: db).filter(\.$systemID == id).sort(\.$at, .descending).all()
    }

    /// The fields changed after `date` (for the plan's review), by name.
    func fieldsChanged(ofSystem id: UUID, after date: Date, on db: any Database) async throws -> Set<String> {
        let changes = try await SystemChangeRecord.query(on: db).filter(\.$systemID == id).filter(\.$at > date).all()
        return Set(changes.flatMap { change in
            ((try? JSONDecoder().decode(Fields.self, from: Data(change.changes.utf8))) ?? [:]).keys
        })
    }

    /// `fieldsChanged` of many systems at once (the compliance indicators): each system's changes
    /// after `date`, with their times, so that a caller can keep those after its own moment.
    func changes(ofSystems ids: [UUID], after date: Date, on db: any Database) async throws -> [UUID: [(at: Date, fields: Set<String>)]] {
        guard !ids.isEmpty else { return [:] }
        let changes = try await SystemChangeRecord.query(on: db).filter(\.$systemID ~~ ids).filter(\.$at > date).all()
        var result: [UUID: [(at: Date, fields: Set<String>)]] = [:]
        for change in changes {
            let fields = Set(((try? JSONDecoder().decode(Fields.self, from: Data(change.changes.utf8))) ?? [:]).keys)
            result[change.systemID, default: []].append((change.at, fields))
        }
        return result
    }
}
