import Fluent
import SQLKit

/// Response plans per information system (versions: drafts, the approved one, the superseded ones)
/// and the reviews incidents and drills ask for.
struct CreateResponsePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ResponsePlanRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("system_id", .uuid, .required, .references(InformationSystemRecord.schema, "id"))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("content", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("approved_at", .datetime)
            .field("approved_by", .string)
            .field("sha256", .string)
            .unique(on: "system_id", "version")
            .create()
        try await database.schema(PlanReviewRequestRecord.schema)
            .id()
            .field("system_id", .uuid, .required, .references(InformationSystemRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("note", .string, .required)
            .field("at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "response_plans_organisation").on(ResponsePlanRecord.schema).column("organisation_id").run()
            try await sql.create(index: "plan_review_requests_system").on(PlanReviewRequestRecord.schema).column("system_id").column("at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanReviewRequestRecord.schema).delete()
        try await database.schema(ResponsePlanRecord.schema).delete()
    }
}
