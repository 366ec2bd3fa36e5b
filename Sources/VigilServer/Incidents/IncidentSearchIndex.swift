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
/// its key rather than by scanning the index. A document's key (`doc`, the FTS5 rowid) follows the
/// list's order: the incident's report time in milliseconds times `docsPerMillisecond`, plus its
/// rank among those reported in the same millisecond. FTS5 walks its matches in rowid order, so the
/// newest matches of a common word are read first instead of every match being sorted
/// (`IncidentRepository.newestMatches`).
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
            try await createFullTextIndex(on: sql)
        } else {
            try await sql.raw("""
                CREATE TABLE incident_search (incident_id UUID PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
                  body TEXT NOT NULL, document TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)
                """).run()
            try await sql.raw("CREATE INDEX incident_search_document ON incident_search USING GIN (document)").run()
        }
    }

    /// Room for this many incidents reported in the same millisecond (far more than ever happen).
    static let docsPerMillisecond: Int64 = 1024

    /// The FTS5 table over `incident_search` and the triggers that keep it in step (SQLite only).
    static func createFullTextIndex(on sql: any SQLDatabase) async throws {
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

    /// Inserts or replaces documents; each incident must be stored already. On SQLite a new
    /// document's key is taken from the incident's report time (see the type's comment): the
    /// next free one of its millisecond, those of one statement ranked by reference.
    package static func write(_ documents: [(UUID, String)], on db: any Database) async throws {
        guard !documents.isEmpty else { return }
        let sql = db as! any SQLDatabase
        guard isSQLite(db) else {
            var insert = sql.insert(into: table).columns("incident_id", "body")
            for (id, text) in documents { insert = insert.values(SQLBind(id), SQLBind(text)) }
            try await insert.onConflict(with: ["incident_id"]) { $0.set(excludedValueOf: "body") }.run()
            return
        }
        var values: SQLQueryString = ""
        for (index, (id, text)) in documents.enumerated() {
            if index > 0 { values.appendInterpolation(unsafeRaw: ", ") }
            values.appendInterpolation(unsafeRaw: "(")
            values.appendInterpolation(bind: id)
            values.appendInterpolation(unsafeRaw: ", ")
            values.appendInterpolation(bind: text)
            values.appendInterpolation(unsafeRaw: ")")
        }
        let base = "i.reported_ms * \(docsPerMillisecond)"
        // `WHERE true` tells SQLite's parser that ON CONFLICT is the upsert, not a join constraint.
        try await sql.raw("""
            INSERT INTO incident_search (doc, incident_id, body) \
            SELECT \(unsafeRaw: base) + COALESCE((SELECT MAX(x.doc) + 1 - \(unsafeRaw: base) FROM incident_search x \
            WHERE x.doc BETWEEN \(unsafeRaw: base) AND \(unsafeRaw: base) + \(unsafeRaw: "\(docsPerMillisecond - 1)")), 0) \
            + ROW_NUMBER() OVER (PARTITION BY i.reported_ms ORDER BY i.reference) - 1, v.column1, v.column2 \
            FROM (VALUES \(values)) v JOIN incidents i ON i.id = v.column1 WHERE true \
            ON CONFLICT (incident_id) DO UPDATE SET body = excluded.body
            """).run()
    }

    /// `incidents.id IN (…the incidents whose document matches…)`, for the list's query.
    static func matching(_ query: SearchText.Query, on db: any Database) -> any SQLExpression {
        let subquery: SQLQueryString = isSQLite(db)
            ? "SELECT s.incident_id FROM incident_search s JOIN incident_search_fts f ON f.rowid = s.doc WHERE incident_search_fts MATCH \(bind: query.fts5)"
            : "SELECT incident_id FROM incident_search WHERE document @@ to_tsquery('simple', \(bind: query.tsquery))"
        return SQLBinaryExpression(left: SQLColumn("id", table: IncidentRecord.schema), op: SQLBinaryOperator.in, right: SQLGroupExpression(subquery))
    }

    /// `matching` narrowed to the incidents reported at or after `millis` (SQLite): a range of
    /// FTS5 rowids, which FTS5 reads without visiting the older matches.
    static func matching(_ query: SearchText.Query, reportedSince millis: Int64) -> any SQLExpression {
        let subquery: SQLQueryString = """
            SELECT s.incident_id FROM incident_search s JOIN incident_search_fts f ON f.rowid = s.doc \
            WHERE incident_search_fts MATCH \(bind: query.fts5) AND f.rowid >= \(bind: millis * docsPerMillisecond)
            """
        return SQLBinaryExpression(left: SQLColumn("id", table: IncidentRecord.schema), op: SQLBinaryOperator.in, right: SQLGroupExpression(subquery))
    }

    /// Joins the matching documents to a query of incidents, for walking them newest first by
    /// FTS5 rowid (SQLite; with `newestFirst` as its order).
    static func joinMatches<Model>(_ query: SearchText.Query, to builder: QueryBuilder<Model>) -> QueryBuilder<Model> {
        builder.query.joins.append(.custom(SQLRaw(
            "JOIN incident_search s ON s.incident_id = \"\(IncidentRecord.schema)\".\"id\" JOIN incident_search_fts f ON f.rowid = s.doc")))
        let match: SQLQueryString = "incident_search_fts MATCH \(bind: query.fts5)"
        return builder.filter(.sql(match))
    }

    /// The order of `joinMatches`: the documents' keys, newest report first.
    static let newestFirst = SQLRaw("f.rowid DESC")
}
