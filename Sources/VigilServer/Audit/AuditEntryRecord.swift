import Fluent
import Foundation
import VigilCore

/// One entry of the hash-chained audit trail. Appended only, in the transaction of the change.
final class AuditEntryRecord: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    /// The position in the chain: 1, 2, 3… with no gaps.
    @ID(custom: "sequence", generatedBy: .user) var id: Int64?

    @Field(key: "at_ms") var atMillis: Int64
    @OptionalField(key: "actor_id") var actorID: String?
    @Field(key: "actor_label") var actorLabel: String
    @OptionalField(key: "organisation_id") var organisationID: String?
    @Field(key: "action") var action: String
    @Field(key: "object_type") var objectType: String
    @OptionalField(key: "object_id") var objectID: String?
    @Field(key: "changes") var changes: String
    @OptionalField(key: "address") var address: String?
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(_ stored: StoredAuditEntry) {
        let content = stored.content
        self.id = content.sequence
        self.atMillis = content.atMillis
        self.actorID = content.actorID
        self.actorLabel = content.actorLabel
        self.organisationID = content.organisationID
        self.action = content.action
        self.objectType = content.objectType
        self.objectID = content.objectID
        self.changes = content.changes
        self.address = content.address
        self.previousHash = stored.previousHash
        self.hash = stored.hash
    }

    var stored: StoredAuditEntry {
        StoredAuditEntry(
            content: AuditEntryContent(
                sequence: id ?? 0, atMillis: atMillis, actorID: actorID, actorLabel: actorLabel,
                organisationID: organisationID, action: action, objectType: objectType, objectID: objectID,
                changes: changes, address: address),
            previousHash: previousHash, hash: hash)
    }

    var at: Date { Date(timeIntervalSince1970: Double(atMillis) / 1000) }
}

/// The chain's head, one row: the last sequence and hash. Updating it inside the appending
/// transaction serialises concurrent appends on both databases (a row lock on PostgreSQL, the
/// single writer on SQLite), and lets verification notice entries deleted from the end.
final class AuditHeadRecord: Model, @unchecked Sendable {
    static let schema = "audit_head"
    static let singletonID = 1

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "last_sequence") var lastSequence: Int64
    @Field(key: "last_hash") var lastHash: String

    init() {}

    init(lastSequence: Int64, lastHash: String) {
        self.id = Self.singletonID
        self.lastSequence = lastSequence
        self.lastHash = lastHash
    }
}
