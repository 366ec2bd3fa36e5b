import Fluent

struct CreateScheduledJob: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ScheduledJobRecord.schema)
            .field("name", .string, .identifier(auto: false))
            .field("next_run_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("locked_by", .string)
            .field("last_started_at", .datetime)
            .field("last_finished_at", .datetime)
            .field("last_error", .string)
            .field("run_count", .int, .required)
            .create()
        try await database.schema(SettingRecord.schema)
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SettingRecord.schema).delete()
        try await database.schema(ScheduledJobRecord.schema).delete()
    }
}
