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
    func write<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if WriteTransaction.isOpen { return try await work(self) }
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite", !inTransaction else {
            return try await transaction(work)
        }
        return try await withConnection { connection in
            let raw = connection as! any SQLDatabase
            try await raw.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await WriteTransaction.$isOpen.withValue(true) { try await work(connection) }
                try await raw.raw("COMMIT").run()
                return result
            } catch {
                try? await raw.raw("ROLLBACK").run()
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
