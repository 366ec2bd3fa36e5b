import Fluent
import FluentSQLiteDriver
import SQLKit
import Vapor

extension Database {
    /// Runs `work` in one transaction that writes.
    ///
    /// On SQLite Fluent begins a deferred transaction; when two connections each read and then
    /// want to write, SQLite answers SQLITE_BUSY at once (its busy handler cannot resolve that
    /// deadlock). `BEGIN IMMEDIATE` takes the write lock first, so writers queue instead.
    /// PostgreSQL's ordinary transaction needs no such care.
    ///
    /// A write inside another (a service that writes, called by one that groups several) joins the
    /// outer transaction: `db` is then the outer transaction's connection.
    ///
    /// `checkingForeignKeys: false` is for bulk writes whose every reference is to a row the writer
    /// made or read in the same transaction (a scan import): on SQLite the connection then skips
    /// the parent lookups and, with `OR FAIL` statements, the statement journal. SQLite does not
    /// check those rows afterwards either, so the writer answers for them. The connection checks
    /// again from the next write on. No effect inside another write, or on PostgreSQL.
    func write<T: Sendable>(checkingForeignKeys: Bool = true, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if WriteTransaction.isOpen { return try await work(self) }
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite", !inTransaction else {
            return try await transaction(work)
        }
        return try await withConnection { connection in
            let raw = connection as! any SQLDatabase
            // SQLite reads this pragma outside a transaction only.
            if !checkingForeignKeys { try await raw.raw("PRAGMA foreign_keys = OFF").run() }
            do {
                try await raw.raw("BEGIN IMMEDIATE").run()
                let result: T
                do {
                    result = try await WriteTransaction.$isOpen.withValue(true) { try await work(connection) }
                    try await raw.raw("COMMIT").run()
                } catch {
                    try? await raw.raw("ROLLBACK").run()
                    throw error
                }
                if !checkingForeignKeys { try await raw.raw("PRAGMA foreign_keys = ON").run() }
                return result
            } catch {
                if !checkingForeignKeys { try? await raw.raw("PRAGMA foreign_keys = ON").run() }
                throw error
            }
        }
    }
}

/// Whether the current task runs inside `Database.write` on SQLite, where the connection holds a
/// transaction Fluent does not know of (`inTransaction` stays false).
enum WriteTransaction {
    @TaskLocal static var isOpen = false
}
