import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// `vigil backup FILE` and `vigil restore FILE`: the database and every evidence file and issued report
/// it refers to, in one archive (`BackupArchive`), taken while the server runs.
///
/// Consistency: the database is copied first (SQLite's `VACUUM INTO` or `pg_dump` read one
/// snapshot), then the files that snapshot refers to. Stored files are content-addressed and never
/// deleted, and each is written before the row that refers to it commits, so every file the snapshot
/// names is there to copy.
public enum BackupOperations {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Written: Sendable {
        public let files: Int
        public let bytes: Int64
        public let damaged: [String]
    }

    public struct Restored: Sendable {
        /// Where the replaced database was put (empty when there was none).
        public let keptAside: String
        public let files: Int
        public let damaged: [String]
    }

    public static func backup(config: AppConfig, to file: String, skipDamaged: Bool = false) async throws -> Written {
        let target = URL(fileURLWithPath: file).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw Failure(description: "\(target.path) exists already; choose a new file name")
        }
        let staging = target.deletingLastPathComponent().appendingPathComponent(".vigil-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let kind: BackupManifest.DatabaseKind
        let snapshot: URL
        let digests: [String]
        switch config.database {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "no database at \(path)") }
            kind = .sqlite
            snapshot = staging.appendingPathComponent("vigil.sqlite")
            try await withDatabase(.sqlite(path: path)) { sql in
                try await sql.raw("VACUUM INTO \(bind: snapshot.path)").run()
            }
            digests = try await withDatabase(.sqlite(path: snapshot.path)) { try await referencedFiles($0) }
        case .postgres(let url):
            kind = .postgresql
            snapshot = staging.appendingPathComponent("postgres.dump")
            try PostgresTools(url: url).dump(to: snapshot)
            // Rows that refer to files are never deleted, so those named now include all the dump names.
            digests = try await withDatabase(config.database) { try await referencedFiles($0) }
        }
        let partial = staging.appendingPathComponent("backup.zip")
        let manifest = try BackupArchive.write(to: partial, kind: kind, database: snapshot, databaseEntry: snapshot.lastPathComponent,
                                               digests: digests, blobRoot: config.blobDirectory, skipDamaged: skipDamaged)
        try FileManager.default.moveItem(at: partial, to: target)
        return Written(files: manifest.blobs.count, bytes: manifest.blobs.reduce(0) { $0 + $1.size }, damaged: manifest.damaged)
    }

    /// Replaces the database by a backup's and adds its files to the blob store, after checking the
    /// whole backup; only when no server uses the database. Works on an empty data folder too. The
    /// replaced database is kept aside; stored files are only ever added (they are content-addressed).
    public static func restore(config: AppConfig, from file: String) async throws -> Restored {
        let source = URL(fileURLWithPath: file).standardizedFileURL
        guard let handle = FileHandle(forReadingAtPath: source.path) else { throw Failure(description: "cannot read \(source.path)") }
        let header = try handle.read(upToCount: 16) ?? Data()
        try handle.close()
        if header == Data("SQLite format 3\0".utf8) {
            throw Failure(description: "\(source.path) is a bare SQLite database, written by an earlier Vigil without the evidence files; this version restores only its own backups (a ZIP archive)")
        }
        let (archive, manifest) = try BackupArchive.open(source)

        let lock: DataFolderLock
        do { lock = try DataFolderLock(dataDirectory: config.dataDirectory, mode: .exclusive) } catch is DataFolderLock.Busy {
            throw Failure(description: "refused: a Vigil server is using \(config.dataDirectory.path); stop it, then restore")
        }
        defer { withExtendedLifetime(lock) {} }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let staging = config.dataDirectory.appendingPathComponent(".restoring-\(stamp)")
        try? FileManager.default.removeItem(at: staging)
        defer { try? FileManager.default.removeItem(at: staging) }

        // 1. Everything out of the archive and checked, before anything is replaced.
        let database = staging.appendingPathComponent(manifest.databaseEntry)
        try BackupArchive.extract(manifest.databaseEntry, from: archive, to: database, sha256: manifest.databaseSHA256)
        for blob in manifest.blobs {
            try BackupArchive.extract(BackupManifest.blobEntry(blob.sha256), from: archive,
                                      to: staging.appendingPathComponent("blobs").appendingPathComponent(blob.sha256), sha256: blob.sha256, size: blob.size)
        }
        let present = Set(manifest.blobs.map(\.sha256))
        let tools: PostgresTools?
        switch (config.database, manifest.database) {
        case (.sqlite, .sqlite):
            tools = nil
            let referenced = try await withDatabase(.sqlite(path: database.path)) { sql in
                try await checkSQLite(sql)
                return try await referencedFiles(sql)
            }
            let absent = Set(referenced).subtracting(present).subtracting(manifest.damaged)
            guard absent.isEmpty else { throw Failure(description: "the backup's database refers to \(absent.count) file(s) the backup does not hold") }
        case (.postgres(let url), .postgresql):
            let postgres = try PostgresTools(url: url)
            try postgres.check(database)
            let others = try await withDatabase(config.database) { sql in
                try await sql.raw("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
                    .first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
            }
            guard others == 0 else { throw Failure(description: "refused: \(others) other connection(s) use the database; stop every Vigil server, then restore") }
            tools = postgres
        case (.sqlite, .postgresql), (.postgres, .sqlite):
            throw Failure(description: "the backup holds a \(manifest.database == .sqlite ? "SQLite" : "PostgreSQL") database and this installation uses the other; restore it into the same kind")
        }

        // 2. Files first (only added), then the database swapped whole.
        for blob in manifest.blobs {
            try place(staging.appendingPathComponent("blobs").appendingPathComponent(blob.sha256), digest: blob.sha256, in: config.blobDirectory)
        }
        var keptAside = ""
        switch config.database {
        case .sqlite(let path):
            if FileManager.default.fileExists(atPath: path) {
                let aside = config.dataDirectory.appendingPathComponent("before-restore-\(stamp)")
                try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
                for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                    try FileManager.default.moveItem(atPath: path + suffix, toPath: aside.appendingPathComponent("vigil.sqlite" + suffix).path)
                }
                keptAside = aside.path
            }
            try FileManager.default.moveItem(atPath: database.path, toPath: path)
        case .postgres:
            let aside = config.dataDirectory.appendingPathComponent("before-restore-\(stamp).dump")
            try tools?.dump(to: aside)
            keptAside = aside.path
            try tools?.restore(database)
        }
        return Restored(keptAside: keptAside, files: manifest.blobs.count, damaged: manifest.damaged)
    }

    /// Moves a checked file into the blob store unless an intact copy is there already.
    private static func place(_ file: URL, digest: String, in root: URL) throws {
        let target = BlobStore.location(of: digest, in: root)
        if let existing = try? Data(contentsOf: target), BlobStore.digest(of: existing) == digest { return }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: file, to: target)
        try? FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: target.path)
    }

    /// The SHA-256 of every stored file a row refers to: evidence and issued reports.
    static func referencedFiles(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT sha256 FROM \(ident: EvidenceRecord.schema) UNION SELECT sha256 FROM \(ident: IssuedReportRecord.schema)")
            .all().map { try $0.decode(column: "sha256", as: String.self) }
    }

    private static func checkSQLite(_ sql: any SQLDatabase) async throws {
        let integrity = try await sql.raw("PRAGMA integrity_check").all().first.flatMap { try? $0.decode(column: "integrity_check", as: String.self) }
        guard integrity == "ok" else { throw Failure(description: "the backup's database fails SQLite's integrity check: \(integrity ?? "no answer")") }
        let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_fluent_migrations', 'audit_entries', 'users')").all()
        guard tables.count == 3 else { throw Failure(description: "the backup's database is not a Vigil database") }
        // Leave the staged copy self-contained: fold any WAL back into the main file.
        try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
    }

    /// Opens one database for the work and closes it again, whatever happens.
    private static func withDatabase<T>(_ kind: AppConfig.DatabaseKind, _ work: (any SQLDatabase) async throws -> T) async throws -> T {
        var environment = Environment.production
        environment.arguments = ["vigil"]
        let app = try await Application.make(environment)
        switch kind {
        case .sqlite(let path): app.databases.use(.sqlite(.file(path)), as: .sqlite)
        case .postgres(let url):
            var postgres = try SQLPostgresConfiguration(url: url)
            postgres.searchPath = nil
            app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 1), as: .psql)
        }
        do {
            let result = try await work(app.db as! any SQLDatabase)
            try await app.asyncShutdown()
            return result
        } catch let failure as Failure {
            try? await app.asyncShutdown()
            throw failure
        } catch {
            try? await app.asyncShutdown()
            throw Failure(description: String(describing: error))
        }
    }
}
