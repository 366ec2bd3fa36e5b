import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// On SQLite, what each scan did to each finding kept in one B-tree keyed by (scan, finding), the
/// order `?scan=` reads it in, instead of a rowid table, its id index and the (scan, finding)
/// index: an import writes every sighting once more per tree, so two trees fewer is about a third
/// less of what a scan's sightings write. The finding's index stays (its history, and deleting a
/// finding). Nothing refers to a sighting, and a scan sees a finding once (merged otherwise), so
/// the key is unique. PostgreSQL keeps the table as it is.
struct CompactFindingSightings: AsyncMigration {
    static let compact = "finding_sightings_compact"

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            let table = FindingSightingRecord.schema
            try await sql.raw("""
                CREATE TABLE \(ident: Self.compact) (
                  "scan_id" UUID NOT NULL REFERENCES \(ident: ScanRecord.schema) ("id") ON DELETE CASCADE,
                  "finding_id" UUID NOT NULL REFERENCES \(ident: FindingRecord.schema) ("id") ON DELETE CASCADE,
                  "id" UUID NOT NULL, "change" TEXT NOT NULL,
                  PRIMARY KEY ("scan_id", "finding_id")) WITHOUT ROWID
                """).run()
            try await sql.raw("""
                INSERT OR IGNORE INTO \(ident: Self.compact) ("scan_id", "finding_id", "id", "change")
                SELECT "scan_id", "finding_id", "id", "change" FROM \(ident: table)
                """).run()
            try await sql.raw("DROP TABLE \(ident: table)").run()
            try await sql.raw("ALTER TABLE \(ident: Self.compact) RENAME TO \(ident: table)").run()
            try await sql.raw("CREATE INDEX \(ident: "idx_finding_sightings_finding_id") ON \(ident: table) (\(ident: "finding_id"))").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            let table = FindingSightingRecord.schema
            try await sql.raw("ALTER TABLE \(ident: table) RENAME TO \(ident: Self.compact)").run()
            try await sql.raw("""
                CREATE TABLE \(ident: table) ("id" UUID PRIMARY KEY,
                  "scan_id" UUID NOT NULL REFERENCES \(ident: ScanRecord.schema) ("id") ON DELETE CASCADE,
                  "finding_id" UUID NOT NULL REFERENCES \(ident: FindingRecord.schema) ("id") ON DELETE CASCADE, "change" TEXT NOT NULL)
                """).run()
            try await sql.raw("INSERT INTO \(ident: table) (\"id\", \"scan_id\", \"finding_id\", \"change\") SELECT \"id\", \"scan_id\", \"finding_id\", \"change\" FROM \(ident: Self.compact)").run()
            try await sql.raw("DROP TABLE \(ident: Self.compact)").run()
            try await sql.raw("CREATE INDEX \(ident: "finding_sightings_scan") ON \(ident: table) (\(ident: "scan_id"), \(ident: "finding_id"))").run()
            try await sql.raw("CREATE INDEX \(ident: "idx_finding_sightings_finding_id") ON \(ident: table) (\(ident: "finding_id"))").run()
        }
    }
}
