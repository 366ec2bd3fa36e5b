import Fluent
import Foundation
import SQLKit
import VigilCore

/// Turns the package lists hosts reported into `host_software` rows, for matching the
/// authorities' warnings. Kept out of the check-in's transaction: a new host's hundreds of packages
/// would otherwise be most of its cost. Runs as a periodic job, a batch of hosts at a time.
struct SoftwareIndex: Sendable {
    private struct Pending: Decodable {
        let id: UUID
        let software: String
        let software_hash: String
    }

    /// Indexes up to `limit` hosts whose list changed; answers how many it did.
    @discardableResult
    func run(on db: any Database, limit: Int = 2000) async throws -> Int {
        let sql = db as! any SQLDatabase
        let pending = try await sql.raw("""
            SELECT id, software, software_hash FROM hosts WHERE software_indexed <> software_hash LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Pending.self)
        guard !pending.isEmpty else { return 0 }
        try await db.write { db in
            let sql = db as! any SQLDatabase
            for chunk in stride(from: 0, to: pending.count, by: 500) {
                let ids = pending[chunk..<min(chunk + 500, pending.count)].map(\.id)
                try await sql.delete(from: HostSoftwareRecord.schema).where("host_id", .in, ids).run()
            }
            var rows: [[any SQLExpression]] = []
            for host in pending {
                for line in host.software.split(separator: "\n") {
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    guard let name = fields.first, !name.isEmpty else { continue }
                    rows.append([SQLBind(UUID()), SQLBind(host.id), SQLBind(name), SQLBind(fields.count > 1 ? fields[1] : ""),
                                 SQLBind(fields.count > 2 ? fields[2] : "")])
                }
                // Only if the list is still the one read: a check-in in between leaves it pending.
                try await sql.update(HostRecord.schema).set("software_indexed", to: SQLBind(host.software_hash))
                    .where("id", .equal, SQLBind(host.id)).where("software_hash", .equal, SQLBind(host.software_hash)).run()
            }
            // SQLite takes at most 32,766 bound values per statement.
            for chunk in stride(from: 0, to: rows.count, by: 2000) {
                var insert = sql.insert(into: HostSoftwareRecord.schema).columns("id", "host_id", "name", "vendor", "version")
                for row in rows[chunk..<min(chunk + 2000, rows.count)] { insert = insert.values(row) }
                try await insert.run()
            }
        }
        return pending.count
    }
}
