import Fluent
import Foundation
import VigilCore

/// Walks the whole audit trail in sequence order, a chunk at a time, and reports the first entry
/// that breaks the chain.
struct AuditVerifier: Sendable {
    struct Report: Sendable {
        let checked: Int
        let problem: AuditChain.Problem?

        var isIntact: Bool { problem == nil }

        var summary: String {
            switch problem {
            case nil: "audit trail intact: \(checked) entries verified"
            case .alteredEntry(let sequence)?: "audit trail BROKEN at entry \(sequence): its content does not match its hash (altered)"
            case .brokenLink(let sequence)?: "audit trail BROKEN at entry \(sequence): it does not link to the entry before it (inserted or replaced)"
            case .missingEntries(let after, let found)?: "audit trail BROKEN at entry \(found): entries after \(after) are missing (deleted)"
            case .headMismatch(let expected, let found)?: "audit trail BROKEN after entry \(found): the chain head says \(expected) entries (entries deleted from the end, or head altered)"
            }
        }
    }

    var chunkSize = 1_000

    func verify(on db: any Database) async throws -> Report {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let chunk = try await AuditEntryRecord.query(on: db).filter(\.$id > after).sort(\.$id).limit(chunkSize).all()
            for record in chunk {
                if let problem = verifier.check(record.stored) {
                    return Report(checked: verifier.checked, problem: problem)
                }
            }
            guard let last = chunk.last?.id, chunk.count == chunkSize else { break }
            after = last
        }
        guard let head = try await AuditHeadRecord.find(AuditHeadRecord.singletonID, on: db) else {
            return Report(checked: verifier.checked, problem: .headMismatch(expectedSequence: -1, foundSequence: verifier.lastSequence))
        }
        return Report(checked: verifier.checked, problem: verifier.finish(headSequence: head.lastSequence, headHash: head.lastHash))
    }
}
