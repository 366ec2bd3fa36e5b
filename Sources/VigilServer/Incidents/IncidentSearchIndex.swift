import Fluent
import Foundation
import SQLKit
import VigilCore

/// Full-text search over incidents: reference, title, description, the system's name and the
/// indicators, cut into terms by `SearchText`. SQLite keeps them in an FTS5 index, PostgreSQL in a
/// `tsvector` with a GIN index; both hold the same terms, so a search finds the same incidents.
///
/// `incident_search` holds one document per incident. On SQLite an external-content FTS5 table
/// (`incident_search_fts`) indexes it, kept in step by triggers, so that a document is replaced by
/// its key rather than by scanning the index.
package enum IncidentSearchIndex {
    static let table = "incident_search"

    static func isSQLite(_ db: any Database) -> Bool {
        (db as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    static func create(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if isSQLite(db) {
            try await sql.raw("""
                CREATE TABLE incident_search (doc INTEGER PRIMARY KEY, incident_id BLOB NOT NULL UNIQUE
                  REFERENCES incidents(id) ON DELETE CASCADE, body TEXT NOT NULL)
                """).run()
            try await sql.raw("CREATE VIRTUAL TABLE incident_search_fts USING fts5(body, content='incident_search', content_rowid='doc', tokenize='unicode61')").run()
            try await sql.raw("""
                CREATE TRIGGER incident_search_ai AFTER INSERT ON incident_search BEGIN
                  INSERT INTO incident_search_fts(rowid, body) VALUES (new.doc, new.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER incident_search_ad AFTER DELETE ON incident_search BEGIN
                  INSERT INTO incident_search_fts(incident_search_fts, rowid, body) VALUES ('delete', old.doc, old.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER incident_search_au AFTER UPDATE ON incident_search BEGIN
                  INSERT INTO incident_search_fts(incident_search_fts, rowid, body) VALUES ('delete', old.doc, old.body);
                  INSERT INTO incident_search_fts(rowid, body) VALUES (new.doc, new.body);
                END
                """).run()
        } else {
            try await sql.raw("""
                CREATE TABLE incident_search (incident_id UUID PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
                  body TEXT NOT NULL, document TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)
                """).run()
            try await sql.raw("CREATE INDEX incident_search_document ON incident_search USING GIN (document)").run()
        }
    }

    static func drop(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if isSQLite(db) { try await sql.raw("DROP TABLE IF EXISTS incident_search_fts").run() }
        try await sql.raw("DROP TABLE IF EXISTS incident_search").run()
    }

    package static func body(reference: String, title: String, details: String, systemName: String?, indicators: [String]) -> String {
        SearchText.document([reference, title, details, systemName ?? ""] + indicators)
    }

    /// Rebuilds one incident's document from the record the caller holds; call it in the
    /// transaction that changed the incident. `indicators` are read when not given (a new
    /// incident has none).
    static func update(_ incident: IncidentRecord, indicators: [String]? = nil, on db: any Database) async throws {
        let incidentID = try incident.requireID()
        var values = indicators ?? []
        if indicators == nil {
            values = try await IncidentIndicatorRecord.query(on: db).filter(\.$incident.$id == incidentID).all().map(\.value)
        }
        let text = body(reference: incident.reference, title: incident.title, details: incident.details,
                        systemName: incident.systemName, indicators: values)
        try await write([(incidentID, text)], on: db)
    }

    /// Inserts or replaces documents.
    package static func write(_ documents: [(UUID, String)], on db: any Database) async throws {
        guard !documents.isEmpty else { return }
        let sql = db as! any SQLDatabase
        var insert = sql.insert(into: table).columns("incident_id", "body")
        for (id, text) in documents { insert = insert.values(SQLBind(id), SQLBind(text)) }
        try await insert.onConflict(with: ["incident_id"]) { $0.set(excludedValueOf: "body") }.run()
    }

    /// `incidents.id IN (…the incidents whose document matches…)`, for the list's query.
    static func matching(_ query: SearchText.Query, on db: any Database) -> any SQLExpression {
        let subquery: SQLQueryString = isSQLite(db)
            ? "SELECT s.incident_id FROM incident_search s JOIN incident_search_fts f ON f.rowid = s.doc WHERE incident_search_fts MATCH \(bind: query.fts5)"
            : "SELECT incident_id FROM incident_search WHERE document @@ to_tsquery('simple', \(bind: query.tsquery))"
        return SQLBinaryExpression(left: SQLColumn("id", table: IncidentRecord.schema), op: SQLBinaryOperator.in, right: SQLGroupExpression(subquery))
    }
}
