import Fluent
import SQLKit

/// The compliance indicators' daily history: one row per organisation, day and code.
struct CreateComplianceSnapshots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ComplianceSnapshotRepository.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("day", .string, .required)
            .field("code", .string, .required)
            .field("status", .string, .required)
            .field("value", .double, .required)
            .field("numerator", .int, .required)
            .field("denominator", .int)
            .field("reason", .string)
            // The upsert's conflict target, and the history's index (an organisation's days in order).
            .unique(on: "organisation_id", "day", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ComplianceSnapshotRepository.schema).delete()
    }
}
