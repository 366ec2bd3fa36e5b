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
            // SQLiteNIO's busy handler retries the lock at once, without sleeping: a writer waiting
            // for another spins on a core the holder and the monitors need (seen as most of the CPU
            // while thousands of monitors were created). SQLite's own handler, which this pragma
            // installs on the connection in its place, sleeps 1, 2, 5 … 100 ms between tries. The
            // wait stays practically unbounded (24 days), as before: a long scan import holds the
            // lock for minutes and those waiting must not fail. Set on every write, as the pool may
            // open a connection anew at any time; it costs no I/O.
            try await raw.raw(SQLQueryString(WriteTransaction.sqliteBusyTimeout)).run()
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

    /// SQLite's sleeping busy handler, with a wait of 24 days (see `Database.write`).
    static let sqliteBusyTimeout = "PRAGMA busy_timeout = 2147483647"
}

/// What a change writes into the audit trail, besides who made it and when (given to
/// `Database.change`).
struct AuditEntry: Sendable {
    var organisationID: UUID?
    var action: String
    var objectType: String
    var objectID: String?
    var changes: AuditChanges
}

/// The audit entries one change records while it runs. `Database.change` appends them to the
/// chain inside the change's own transaction, after the change's work.
final class AuditEntries: @unchecked Sendable {
    // Used by the one task that runs the change, never shared: no lock needed.
    fileprivate var entries: [AuditEntry] = []
    fileprivate var unchanged = false

    func record(organisationID: UUID?, action: String, objectType: String, objectID: String?, changes: AuditChanges) {
        entries.append(AuditEntry(organisationID: organisationID, action: action, objectType: objectType, objectID: objectID, changes: changes))
    }

    /// Says that this run records no entry: it changed nothing (a record already retired, say), or the
    /// system seeded its own defaults, which were never audited.
    func noEntry() { unchanged = true }
}

/// A change that recorded no audit entry and did not say it changed nothing: refused, rolled back.
struct MissingAuditEntry: Error, CustomStringConvertible {
    var description: String { "a change must record its audit entry (AuditEntries.record) or say it changed nothing" }
}

extension Database {
    /// A change somebody made: `work` runs in one write transaction (`write`), records what it did
    /// in `audit`, and the entries are appended to the audit chain in the same transaction, so the
    /// change and its entry are stored together or not at all. A change that records no entry is
    /// refused (`MissingAuditEntry`) unless it says it changed nothing. This is the write path of
    /// every repository and service; plain `write` is left for bookkeeping nobody did (sessions,
    /// check-ins, job claims, indexes), and `ArchitectureTests` keeps it so.
    func change<T: Sendable>(by actor: AuditActor, at now: Date = Date(), checkingForeignKeys: Bool = true,
                             _ work: @escaping @Sendable (any Database, AuditEntries) async throws -> T) async throws -> T {
        try await write(checkingForeignKeys: checkingForeignKeys) { db in
            let audit = AuditEntries()
            let result = try await work(db, audit)
            guard !audit.entries.isEmpty || audit.unchanged else { throw MissingAuditEntry() }
            for entry in audit.entries {
                try await AuditLog.append(on: db, actor: actor, organisationID: entry.organisationID, action: entry.action,
                                          objectType: entry.objectType, objectID: entry.objectID, changes: entry.changes, now: now)
            }
            return result
        }
    }
}
