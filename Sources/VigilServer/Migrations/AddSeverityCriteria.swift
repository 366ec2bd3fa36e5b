import Fluent
import Foundation
import SQLKit
import VigilCore

struct AddSeverityCriteria: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SeverityCriteriaRecord.schema)
            .id()
            .field("body", .string, .required)
            .field("legal_reference", .string, .required)
            .field("effective_from", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SeverityCriteriaRecord.schema).delete()
    }
}
