import Fluent
import SQLKit

/// Issue 21: the search documents' keys follow the list's order (report time, then reference), and
/// the status filter has an index in the list's order.
///
/// SQLite: the documents are renumbered (`IncidentSearchIndex`'s comment says how) and the FTS5
/// index rebuilt, so that a common word's newest matches are read first: the list sorted every
/// match (10 % of 100,000 incidents) for each page. PostgreSQL's GIN index has no order; its
/// documents stay as they are.
///
/// Both: `(status, reported_ms, reference)` replaces the index on status alone, so that a status
/// filter reads its newest incidents in order instead of sorting all of that status.
struct OrderIncidentSearchByReport: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX \(ident: "idx_incidents_status")").run()
        try await sql.raw("""
            CREATE INDEX \(ident: "idx_incidents_status_order") ON \(ident: "incidents") \
            (\(ident: "status"), \(ident: "reported_ms"), \(ident: "reference"))
            """).run()
        guard IncidentSearchIndex.isSQLite(database) else { return }
        for trigger in ["incident_search_ai", "incident_search_ad", "incident_search_au"] {
            try await sql.raw("DROP TRIGGER \(ident: trigger)").run()
        }
        try await sql.raw("DROP TABLE incident_search_fts").run()
        try await sql.raw("ALTER TABLE incident_search RENAME TO incident_search_old").run()
        try await sql.raw("""
            CREATE TABLE incident_search (doc INTEGER PRIMARY KEY, incident_id BLOB NOT NULL UNIQUE
              REFERENCES incidents(id) ON DELETE CASCADE, body TEXT NOT NULL)
            """).run()
        try await sql.raw("""
            INSERT INTO incident_search (doc, incident_id, body) \
            SELECT i.reported_ms * \(unsafeRaw: "\(IncidentSearchIndex.docsPerMillisecond)") \
            + ROW_NUMBER() OVER (PARTITION BY i.reported_ms ORDER BY i.reference) - 1, o.incident_id, o.body \
            FROM incident_search_old o JOIN incidents i ON i.id = o.incident_id
            """).run()
        try await sql.raw("DROP TABLE incident_search_old").run()
        try await IncidentSearchIndex.createFullTextIndex(on: sql)
        try await sql.raw("INSERT INTO incident_search_fts(incident_search_fts) VALUES ('rebuild')").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX \(ident: "idx_incidents_status_order")").run()
        try await sql.raw("CREATE INDEX \(ident: "idx_incidents_status") ON \(ident: "incidents") (\(ident: "status"))").run()
    }
}
