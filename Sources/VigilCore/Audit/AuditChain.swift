import Crypto
import Foundation

/// One audit entry as it is hashed. Every field that is stored is hashed, so changing any of them
/// in the database breaks the chain.
public struct AuditEntryContent: Codable, Equatable, Sendable {
    public var sequence: Int64
    /// Milliseconds since 1970 in UTC: exact on every database, unlike floating-point timestamps.
    public var atMillis: Int64
    public var actorID: String?
    public var actorLabel: String
    public var organisationID: String?
    public var action: String
    public var objectType: String
    public var objectID: String?
    /// A JSON object of the changed fields, `{"field": {"from": .., "to": ..}}` or a summary.
    public var changes: String
    public var address: String?

    public init(
        sequence: Int64, atMillis: Int64, actorID: String?, actorLabel: String, organisationID: String?,
        action: String, objectType: String, objectID: String?, changes: String, address: String?
    ) {
        self.sequence = sequence
        self.atMillis = atMillis
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.organisationID = organisationID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.changes = changes
        self.address = address
    }
}

public struct StoredAuditEntry: Equatable, Sendable {
    public var content: AuditEntryContent
    public var previousHash: String
    public var hash: String

    public init(content: AuditEntryContent, previousHash: String, hash: String) {
        self.content = content
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The hash chain over audit entries: each entry's hash covers its content and the hash before it,
/// so an altered, inserted or deleted entry shows as the first entry whose check fails.
public enum AuditChain {
    /// The previous hash of the very first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func hash(_ content: AuditEntryContent, previousHash: String) -> String {
        // A length-prefixed field list, not JSON: its bytes cannot depend on an encoder's key order
        // or escaping rules, which could change with a Foundation release and break old chains.
        var canonical = ""
        func field(_ value: String?) {
            guard let value else { canonical += "-;"; return }
            canonical += "\(value.utf8.count):\(value);"
        }
        field(previousHash)
        field(String(content.sequence))
        field(String(content.atMillis))
        field(content.actorID)
        field(content.actorLabel)
        field(content.organisationID)
        field(content.action)
        field(content.objectType)
        field(content.objectID)
        field(content.changes)
        field(content.address)
        let digest = SHA256.hash(data: Data(canonical.utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    public enum Problem: Equatable, Sendable {
        /// The stored hash does not match the entry's content: the entry was altered.
        case alteredEntry(sequence: Int64)
        /// The entry does not link to the hash of the entry before it: one was inserted or removed.
        case brokenLink(sequence: Int64)
        /// Sequence numbers jump: entries were deleted.
        case missingEntries(after: Int64, found: Int64)
        /// The chain head (the last sequence and hash kept apart) disagrees with the entries:
        /// entries were deleted from the end, or the head was rewritten.
        case headMismatch(expectedSequence: Int64, foundSequence: Int64)
    }

    /// Verifies entries in sequence order, chunk by chunk, so that a long trail needs no memory.
    public struct Verifier: Sendable {
        public private(set) var lastSequence: Int64 = 0
        public private(set) var lastHash: String = AuditChain.genesisHash
        public private(set) var checked: Int = 0

        public init() {}

        /// Returns the first problem found in `entry`, or nil when it continues the chain.
        public mutating func check(_ entry: StoredAuditEntry) -> Problem? {
            let sequence = entry.content.sequence
            if sequence != lastSequence + 1 {
                return .missingEntries(after: lastSequence, found: sequence)
            }
            if entry.previousHash != lastHash {
                return .brokenLink(sequence: sequence)
            }
            if AuditChain.hash(entry.content, previousHash: entry.previousHash) != entry.hash {
                return .alteredEntry(sequence: sequence)
            }
            lastSequence = sequence
            lastHash = entry.hash
            checked += 1
            return nil
        }

        /// Checks the end of the chain against the head kept beside it.
        public func finish(headSequence: Int64, headHash: String) -> Problem? {
            if headSequence != lastSequence || headHash != lastHash {
                return .headMismatch(expectedSequence: headSequence, foundSequence: lastSequence)
            }
            return nil
        }
    }
}
