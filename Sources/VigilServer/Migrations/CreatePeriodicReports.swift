import Fluent

/// The periodic reports (6-month and annual), their templates' versions, and the reminders sent.
struct CreatePeriodicReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PeriodicReportRecord.schema)
            .id()
            .field("generated_at", .datetime, .required)
            .field("generated_by", .string, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("content", .string, .required)
            .field("issued_at", .datetime)
            .field("issued_by", .string)
            .field("issued_by_id", .uuid)
            .field("sha256", .string)
            .field("size_bytes", .int64)
            .field("template_version", .int)
            .field("supersedes_id", .uuid)
            .create()
        try await createIndex(PeriodicReportRecord.schema, on: "organisation_id", in: database)
        try await database.schema(PeriodicReportTemplateRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("body", .string, .required)
            .field("legal_reference", .string, .required)
            .field("effective_from", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .unique(on: "kind", "version")
            .create()
        try await database.schema(PeriodicReportReminderRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("days_before", .int, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "organisation_id", "kind", "year", "days_before")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PeriodicReportReminderRecord.schema).delete()
        try await database.schema(PeriodicReportTemplateRecord.schema).delete()
        try await database.schema(PeriodicReportRecord.schema).delete()
    }
}
