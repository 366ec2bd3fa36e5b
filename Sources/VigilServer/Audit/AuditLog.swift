import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// Who did a change and from where, as the audit trail records it.
struct AuditActor: Sendable {
    var userID: String?
    var label: String
    var address: String?

    static func user(_ user: CurrentUser, address: String?) -> AuditActor {
        AuditActor(userID: user.userID.uuidString.lowercased(), label: user.auditLabel, address: address)
    }

    /// A change made from the `vigil` command line on the server itself.
    static let commandLine = AuditActor(userID: nil, label: "cli", address: "local")
    static let system = AuditActor(userID: nil, label: "system", address: nil)
}

/// A field-by-field description of a change, stored as a JSON object.
struct AuditChanges: Sendable {
    private(set) var fields: [String: [String: String?]] = [:]

    mutating func set(_ field: String, from old: String?, to new: String?) {
        guard old != new else { return }
        fields[field] = ["from": old, "to": new]
    }

    mutating func created(_ field: String, _ value: String?) { fields[field] = ["to": value] }

    var isEmpty: Bool { fields.isEmpty }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(data: encoder.encode(fields), encoding: .utf8)) ?? "{}"
    }
}

enum AuditLog {
    /// Appends an entry to the chain. Call it inside the transaction of the change it records, so
    /// the two are stored together or not at all.
    static func append(
        on db: any Database, actor: AuditActor, organisationID: UUID?, action: String, objectType: String,
        objectID: String?, changes: AuditChanges, now: Date = Date()
    ) async throws {
        // Claim the head first: on PostgreSQL this row lock makes concurrent appends wait here, and
        // the head read below is then the committed one. SQLite's write transaction is already
        // exclusive (see `Database.write`).
        if let sql = db as? any SQLDatabase, sql.dialect.name != "sqlite" {
            try await sql.raw("SELECT last_sequence FROM audit_head WHERE id = \(bind: AuditHeadRecord.singletonID) FOR UPDATE").run()
        }
        let locked = try await current(on: db)
        let content = AuditEntryContent(
            sequence: locked.lastSequence + 1,
            atMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)),
            actorID: actor.userID,
            actorLabel: actor.label,
            organisationID: organisationID?.uuidString.lowercased(),
            action: action,
            objectType: objectType,
            objectID: objectID,
            changes: changes.json,
            address: actor.address)
        let hash = AuditChain.hash(content, previousHash: locked.lastHash)
        try await AuditEntryRecord(StoredAuditEntry(content: content, previousHash: locked.lastHash, hash: hash)).create(on: db)
        // The entries that announce an event queue their webhook calls in the same transaction.
        try await WebhookEvents.capture(content, on: db)
        locked.lastSequence = content.sequence
        locked.lastHash = hash
        try await locked.update(on: db)
    }

    private static func current(on db: any Database) async throws -> AuditHeadRecord {
        guard let head = try await AuditHeadRecord.find(AuditHeadRecord.singletonID, on: db) else {
            throw Abort(.internalServerError, reason: "audit chain head is missing")
        }
        return head
    }
}
