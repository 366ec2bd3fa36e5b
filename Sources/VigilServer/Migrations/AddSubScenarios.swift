import Fluent
import Foundation
import VigilCore

struct AddSubScenarios: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SubScenarioRecord.schema)
            .id()
            .field("scenario", .string, .required)
            .field("code", .string, .required)
            .field("label_vi", .string, .required)
            .field("label_en", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("retired_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(IncidentRecord.schema).field("sub_scenario", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IncidentRecord.schema).deleteField("sub_scenario").update()
        try await database.schema(SubScenarioRecord.schema).delete()
    }
}
