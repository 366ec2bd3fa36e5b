import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// `vigil backup` and `vigil restore` for the embedded SQLite database.
public enum BackupOperations {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A consistent copy while the server runs: SQLite's `VACUUM INTO` reads one snapshot.
    public static func backup(config: AppConfig, to file: String) async throws {
        guard case .sqlite(let path) = config.database else {
            throw Failure(description: "DATABASE_URL points to PostgreSQL: back it up with pg_dump (for example `pg_dump --format=custom --file=vigil.dump \"$DATABASE_URL\"`) and restore with pg_restore.")
        }
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "no database at \(path)") }
        let target = URL(fileURLWithPath: file).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw Failure(description: "\(target.path) exists already; choose a new file name")
        }
        let app = try await sqliteApplication(path: path)
        do {
            try await (app.db as! any SQLDatabase).raw("VACUUM INTO \(bind: target.path)").run()
        } catch {
            try? await app.asyncShutdown()
            throw Failure(description: "backup failed: \(String(describing: error))")
        }
        try await app.asyncShutdown()
    }

    /// Replaces the database by a backup, after checking the backup, and only when no server
    /// uses the data folder. The replaced database is kept beside it.
    public static func restore(config: AppConfig, from file: String) async throws -> String {
        guard case .sqlite(let path) = config.database else {
            throw Failure(description: "DATABASE_URL points to PostgreSQL: restore with pg_restore.")
        }
        let lock: DataFolderLock
        do { lock = try DataFolderLock(dataDirectory: config.dataDirectory, mode: .exclusive) } catch is DataFolderLock.Busy {
            throw Failure(description: "refused: a Vigil server is using \(config.dataDirectory.path); stop it, then restore")
        }
        let source = URL(fileURLWithPath: file).standardizedFileURL
        guard let handle = FileHandle(forReadingAtPath: source.path) else { throw Failure(description: "cannot read \(source.path)") }
        let header = try handle.read(upToCount: 16) ?? Data()
        try handle.close()
        guard header == Data("SQLite format 3\0".utf8) else { throw Failure(description: "\(source.path) is not an SQLite database") }

        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: source.path, toPath: staging)
        do {
            try await check(staging: staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        var kept = ""
        if FileManager.default.fileExists(atPath: path) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            kept = path + ".before-restore-" + stamp
            try FileManager.default.moveItem(atPath: path, toPath: kept)
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try FileManager.default.moveItem(atPath: staging, toPath: path)
        withExtendedLifetime(lock) {}
        return kept
    }

    private static func check(staging: String) async throws {
        let app = try await sqliteApplication(path: staging)
        do {
            let sql = app.db as! any SQLDatabase
            let integrity = try await sql.raw("PRAGMA integrity_check").all().first.flatMap { try? $0.decode(column: "integrity_check", as: String.self) }
            guard integrity == "ok" else { throw Failure(description: "the backup fails SQLite's integrity check: \(integrity ?? "no answer")") }
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_fluent_migrations', 'audit_entries', 'users')").all()
            guard tables.count == 3 else { throw Failure(description: "the file is an SQLite database but not a Vigil backup") }
            // Leave the staged copy self-contained: fold any WAL back into the main file.
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func sqliteApplication(path: String) async throws -> Application {
        var environment = Environment.production
        environment.arguments = ["vigil"]
        let app = try await Application.make(environment)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        return app
    }
}
