import Fluent
import Foundation
import SQLKit
import VigilCore

/// The door's log of refused messages (`federation_refusals`).
extension FederationRepository {
    static let keepRefusals: TimeInterval = 90 * 86_400

    /// Logs a refused message. Bookkeeping, not an audit entry: anyone can post to the door, and
    /// the audit chain is not theirs to grow; the log is pruned after `keepRefusals`.
    func refuse(reason: String, detail: String, installation: String?, address: String?, size: Int, sha256: String,
                on db: any Database, at now: Date) async throws {
        let refusal = FederationRefusalRecord()
        refusal.id = UUID.timeOrdered(at: now)
        refusal.at = now
        refusal.address = address
        refusal.installation = installation.map { String($0.prefix(80)) }
        refusal.reason = reason
        refusal.detail = String(detail.prefix(200))
        refusal.size = size
        refusal.sha256 = sha256
        try await db.write { db in try await refusal.create(on: db) }
    }

    /// Deletes refusals older than `keepRefusals`; returns how many.
    @discardableResult
    func pruneRefusals(now: Date, on db: any Database) async throws -> Int {
        try await db.write { db in
            let old = FederationRefusalRecord.query(on: db).filter(\.$at < now.addingTimeInterval(-Self.keepRefusals))
            let count = try await old.count()
            try await FederationRefusalRecord.query(on: db).filter(\.$at < now.addingTimeInterval(-Self.keepRefusals)).delete()
            return count
        }
    }
}
