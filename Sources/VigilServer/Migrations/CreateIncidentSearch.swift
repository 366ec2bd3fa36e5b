import Fluent
import Foundation
import SQLKit
import VigilCore

/// Creates the search index and fills it from the incidents already stored. Reads through SQL,
/// not the model: a migration must not depend on columns that later migrations add.
struct CreateIncidentSearch: AsyncMigration {
    struct Row: Decodable {
        let id: UUID
        let reference: String
        let title: String
        let description: String
        let system_name: String?
    }
    struct IndicatorRow: Decodable {
        let incident_id: UUID
        let value: String
    }

    func prepare(on database: any Database) async throws {
        try await IncidentSearchIndex.create(on: database)
        let sql = database as! any SQLDatabase
        var offset = 0
        let size = 500
        while true {
            let rows = try await sql.select().columns("id", "reference", "title", "description", "system_name").from(IncidentRecord.schema)
                .orderBy("id").limit(size).offset(offset).all(decoding: Row.self)
            if rows.isEmpty { break }
            let indicators = Dictionary(grouping: try await sql.select().columns("incident_id", "value").from(IncidentIndicatorRecord.schema)
                .where("incident_id", .in, rows.map(\.id)).all(decoding: IndicatorRow.self), by: \.incident_id)
            try await IncidentSearchIndex.write(rows.map { row in
                (row.id, IncidentSearchIndex.body(reference: row.reference, title: row.title, details: row.description,
                                                  systemName: row.system_name, indicators: (indicators[row.id] ?? []).map(\.value)))
            }, on: database)
            offset += size
        }
    }

    func revert(on database: any Database) async throws {
        try await IncidentSearchIndex.drop(on: database)
    }
}
