import Fluent

struct CreateIncidentTask: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IncidentTaskRecord.schema)
            .id()
            .field("incident_id", .uuid, .required, .references(IncidentRecord.schema, "id", onDelete: .cascade))
            .field("owner_id", .uuid, .references(UserRecord.schema, "id", onDelete: .setNull))
            .field("position", .int, .required)
            .field("phase", .string, .required)
            .field("title_vi", .string, .required)
            .field("title_en", .string, .required)
            .field("detail_vi", .string, .required)
            .field("detail_en", .string, .required)
            .field("actor", .string, .required)
            .field("due_at", .datetime, .required)
            .field("status", .string, .required)
            .field("note", .string)
            .field("done_at", .datetime)
            .field("done_by", .string)
            .field("playbook_scenario", .string, .required)
            .field("playbook_version", .int, .required)
            .create()
        try await createIndex(IncidentTaskRecord.schema, on: "incident_id", in: database)
        try await database.schema(PlaybookRecord.schema)
            .id()
            .field("scenario", .string, .required)
            .field("version", .int, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .unique(on: "scenario", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlaybookRecord.schema).delete()
        try await database.schema(IncidentTaskRecord.schema).delete()
    }
}
