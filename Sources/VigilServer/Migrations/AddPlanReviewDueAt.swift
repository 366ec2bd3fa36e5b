import Fluent

/// When an approved response plan was found due for review and announced (the `plan.review_due`
/// webhook event), so that it is announced once.
struct AddPlanReviewDueAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ResponsePlanRecord.schema).field("review_due_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ResponsePlanRecord.schema).deleteField("review_due_at").update()
    }
}
