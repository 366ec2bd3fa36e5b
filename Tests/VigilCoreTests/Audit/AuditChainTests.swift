import Testing
@testable import VigilCore

@Suite("Audit hash chain")
struct AuditChainTests {
    static func chain(_ count: Int) -> [StoredAuditEntry] {
        var previous = AuditChain.genesisHash
        return (1...count).map { index in
            let content = AuditEntryContent(
                sequence: Int64(index), atMillis: 1_764_000_000_000 + Int64(index), actorID: "u1", actorLabel: "a@b.vn",
                organisationID: "o1", action: "organisation.update", objectType: "organisation", objectID: "o\(index)",
                changes: #"{"name":{"from":"A","to":"B"}}"#, address: "127.0.0.1")
            let hash = AuditChain.hash(content, previousHash: previous)
            defer { previous = hash }
            return StoredAuditEntry(content: content, previousHash: previous, hash: hash)
        }
    }

    func verify(_ entries: [StoredAuditEntry], headSequence: Int64? = nil, headHash: String? = nil) -> AuditChain.Problem? {
        var verifier = AuditChain.Verifier()
        for entry in entries { if let problem = verifier.check(entry) { return problem } }
        return verifier.finish(headSequence: headSequence ?? entries.last?.content.sequence ?? 0,
                               headHash: headHash ?? entries.last?.hash ?? AuditChain.genesisHash)
    }

    @Test func intact() {
        #expect(verify(Self.chain(5)) == nil)
        #expect(verify([]) == nil)
    }

    @Test("the hash is stable: old chains keep verifying across releases")
    func stableHash() {
        let content = AuditEntryContent(sequence: 1, atMillis: 0, actorID: nil, actorLabel: "cli", organisationID: nil,
                                        action: "a", objectType: "t", objectID: nil, changes: "{}", address: nil)
        #expect(AuditChain.hash(content, previousHash: AuditChain.genesisHash)
                == AuditChain.hash(content, previousHash: AuditChain.genesisHash))
        #expect(AuditChain.hash(content, previousHash: AuditChain.genesisHash).count == 64)
        // nil and empty are different values.
        var empty = content
        empty.actorID = ""
        #expect(AuditChain.hash(content, previousHash: AuditChain.genesisHash) != AuditChain.hash(empty, previousHash: AuditChain.genesisHash))
        // Field boundaries count: "ab"+"c" differs from "a"+"bc".
        var left = content, right = content
        left.action = "ab"; left.objectType = "c"
        right.action = "a"; right.objectType = "bc"
        #expect(AuditChain.hash(left, previousHash: "x") != AuditChain.hash(right, previousHash: "x"))
    }

    @Test func alteredEntry() {
        var entries = Self.chain(5)
        entries[2].content.changes = "{}"
        #expect(verify(entries) == .alteredEntry(sequence: 3))
    }

    @Test func deletedEntry() {
        var entries = Self.chain(5)
        entries.remove(at: 1)
        #expect(verify(entries) == .missingEntries(after: 1, found: 3))
    }

    @Test func deletedTail() {
        let entries = Self.chain(5)
        #expect(verify(Array(entries.prefix(4)), headSequence: 5, headHash: entries[4].hash) == .headMismatch(expectedSequence: 5, foundSequence: 4))
    }

    @Test func replacedWithRecomputedHash() {
        var entries = Self.chain(5)
        entries[1].content.actorLabel = "mallory"
        entries[1].hash = AuditChain.hash(entries[1].content, previousHash: entries[1].previousHash)
        #expect(verify(entries) == .brokenLink(sequence: 3))
    }
}
