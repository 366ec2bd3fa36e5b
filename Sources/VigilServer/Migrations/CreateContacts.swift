import Fluent
import SQLKit

/// The contacts directory, reachability checks, official notices of the focal point, escalation
/// chains and their runs per incident.
struct CreateContacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ContactRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("position", .string)
            .field("phone", .string)
            .field("other_phones", .string, .required)
            .field("email", .string)
            .field("availability", .string, .required)
            .field("languages", .string, .required)
            .field("body_kind", .string)
            .field("user_id", .uuid, .references(UserRecord.schema, "id", onDelete: .setNull))
            .field("reporting_body_id", .uuid, .references(ReportingBodyRecord.schema, "id", onDelete: .setNull))
            .field("supplier_id", .uuid, .references(SupplierRecord.schema, "id", onDelete: .setNull))
            .field("confirmed_at", .datetime)
            .field("check_sent_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(ContactCheckRecord.schema)
            .id()
            .field("contact_id", .uuid, .required, .references(ContactRecord.schema, "id", onDelete: .cascade))
            .field("token_sha256", .string, .required)
            .field("sent_to", .string, .required)
            .field("sent_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("sent_by", .string, .required)
            .unique(on: "token_sha256")
            .create()
        try await database.schema(ContactLinkFailureRecord.schema)
            .id()
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(FocalPointNoticeRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("focal_point", .string, .required)
            .field("deputy", .string, .required)
            .field("recipients", .string, .required)
            .field("channel", .string)
            .field("sha256", .string, .required)
            .field("size_bytes", .int, .required)
            .field("sent_at", .datetime, .required)
            .field("sent_by_id", .uuid, .required)
            .field("sent_by", .string, .required)
            .create()
        try await database.schema(EscalationStepRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("position", .int, .required)
            .field("contact_id", .uuid, .required, .references(ContactRecord.schema, "id", onDelete: .cascade))
            .field("wait_minutes", .int, .required)
            .unique(on: "organisation_id", "position")
            .create()
        try await database.schema(EscalationRunRecord.schema)
            .id()
            .field("incident_id", .uuid, .required, .references(IncidentRecord.schema, "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("position", .int, .required)
            .field("contact_id", .uuid, .references(ContactRecord.schema, "id", onDelete: .setNull))
            .field("wait_minutes", .int, .required)
            .field("due_at", .datetime, .required)
            .field("status", .string, .required)
            .field("locked_until", .datetime)
            .field("done_at", .datetime)
            .field("note", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_contacts_organisation").on(ContactRecord.schema).column("organisation_id").run()
        // One focal point and one deputy per organisation, whatever two processes do at once (a
        // partial index: SQLite and PostgreSQL both have them).
        try await sql.raw("""
            CREATE UNIQUE INDEX idx_contacts_singular_role ON contacts (organisation_id, role)
            WHERE role IN ('focal_point', 'deputy_focal_point')
            """).run()
        try await sql.create(index: "idx_contact_link_failures_address").on(ContactLinkFailureRecord.schema).column("address").column("at").run()
        try await sql.create(index: "idx_escalation_runs_due").on(EscalationRunRecord.schema).column("status").column("due_at").run()
        try await sql.create(index: "idx_escalation_runs_incident").on(EscalationRunRecord.schema).column("incident_id").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [EscalationRunRecord.schema, EscalationStepRecord.schema, FocalPointNoticeRecord.schema, ContactLinkFailureRecord.schema,
                       ContactCheckRecord.schema, ContactRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
