import Fluent
import SQLKit

/// Drills, their timelines and the tasks their findings became.
struct CreateDrills: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DrillRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("title", .string, .required)
            .field("scenario", .string, .required)
            .field("planned_at", .datetime, .required)
            .field("organised_by", .string, .required)
            .field("objectives", .string, .required)
            .field("status", .string, .required)
            .field("started_at", .datetime)
            .field("completed_at", .datetime)
            .field("system_ids", .string, .required)
            .field("participant_ids", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(DrillEventRecord.schema)
            .id()
            .field("drill_id", .uuid, .required, .references(DrillRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("text", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(DrillTaskRecord.schema)
            .id()
            .field("drill_id", .uuid, .required, .references(DrillRecord.schema, "id"))
            .field("event_id", .uuid, .required, .references(DrillEventRecord.schema, "id"))
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("text", .string, .required)
            .field("owner_id", .uuid)
            .field("owner_name", .string, .required)
            .field("due_at", .datetime)
            .field("plan_review", .bool, .required)
            .field("done_at", .datetime)
            .field("done_by", .string)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "drills_organisation").on(DrillRecord.schema).column("organisation_id").column("planned_at").run()
            try await sql.create(index: "drill_events_drill").on(DrillEventRecord.schema).column("drill_id").column("at").run()
            try await sql.create(index: "drill_tasks_drill").on(DrillTaskRecord.schema).column("drill_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DrillTaskRecord.schema).delete()
        try await database.schema(DrillEventRecord.schema).delete()
        try await database.schema(DrillRecord.schema).delete()
    }
}
