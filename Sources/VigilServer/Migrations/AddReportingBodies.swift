import Fluent
import Foundation
import SQLKit
import VigilCore

/// Creates the list of bodies and fills it with the starting list and its sources.
struct AddReportingBodies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReportingBodyRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("contact", .string, .required)
            .field("legal_reference", .string, .required)
            .field("effective_from", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("retired_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        let now = Date()
        for (index, body) in ReportingBody.defaults.enumerated() {
            try await sql.insert(into: ReportingBodyRecord.schema)
                .columns("id", "name", "kind", "contact", "legal_reference", "effective_from", "created_at", "created_by")
                .values(SQLBind(UUID()), SQLBind(body.name), SQLBind(body.kind.rawValue), SQLBind(body.contact), SQLBind(body.source.reference),
                        SQLBind(body.source.effectiveFrom), SQLBind(now.addingTimeInterval(Double(index))), SQLBind("Vigil"))
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportingBodyRecord.schema).delete()
    }
}
