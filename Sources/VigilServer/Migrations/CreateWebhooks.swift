import Fluent
import SQLKit

/// Webhooks (`WebhookRecord`), their deliveries in order and each delivery's attempts.
struct CreateWebhooks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WebhookRecord.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("locked_until", .datetime)
            .field("locked_by", .string)
            .field("url", .string, .required)
            .field("events", .string, .required)
            .field("sealed_secret", .string, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .create()
        try await database.schema(WebhookDeliveryRecord.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("queued_at", .datetime, .required)
            .field("delivered_at", .datetime)
            .field("last_status_code", .int)
            .field("last_error", .string)
            .field("sequence", .int64, .required)
            .field("event_id", .uuid, .required)
            .field("event", .string, .required)
            .field("body", .string, .required)
            .field("webhook_id", .uuid, .required, .references(WebhookRecord.schema, "id"))
            .create()
        try await database.schema(WebhookAttemptRecord.schema)
            .id()
            .field("delivery_id", .uuid, .required, .references(WebhookDeliveryRecord.schema, "id"))
            .field("webhook_id", .uuid, .required)
            .field("at", .datetime, .required)
            .field("status_code", .int)
            .field("error", .string)
            .field("excerpt", .string, .required)
            .field("millis", .int, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_webhooks_organisation").on(WebhookRecord.schema).column("organisation_id").run()
        // A webhook's head (its oldest pending call) and the log, newest first.
        try await sql.create(index: "idx_webhook_deliveries_order").on(WebhookDeliveryRecord.schema)
            .column("webhook_id").column("status").column("sequence").run()
        try await sql.create(index: "idx_webhook_deliveries_due").on(WebhookDeliveryRecord.schema).column("status").column("next_attempt_at").run()
        try await sql.create(index: "idx_webhook_attempts_delivery").on(WebhookAttemptRecord.schema).column("delivery_id").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WebhookAttemptRecord.schema).delete()
        try await database.schema(WebhookDeliveryRecord.schema).delete()
        try await database.schema(WebhookRecord.schema).delete()
    }
}
