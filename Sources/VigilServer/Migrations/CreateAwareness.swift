import Fluent
import SQLKit

/// Staff awareness: the notices (`AwarenessNoticeRecord`), acknowledgements and deliveries with
/// their e-mail links.
struct CreateAwareness: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AwarenessNoticeRecord.schema)
            .id()
            .field("issued_at", .datetime, .required)
            .field("version", .int, .required)
            .field("digest", .string, .required)
            .field("audience", .string, .required)
            .field("audience_paths", .string, .required)
            .field("text_vi", .string, .required)
            .field("text_en", .string, .required)
            .field("focal_point_name", .string, .required)
            .field("focal_point_phone", .string, .required)
            .field("issued_by_name", .string, .required)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("issued_by_id", .uuid, .required, .references("users", "id"))
            .unique(on: "organisation_id", "version")
            .create()
        try await database.schema(AwarenessAcknowledgementRecord.schema)
            .id()
            .field("acknowledged_at", .datetime, .required)
            .field("channel", .string, .required)
            .field("notice_id", .uuid, .required, .references(AwarenessNoticeRecord.schema, "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .unique(on: "user_id", "notice_id")
            .create()
        try await database.schema(AwarenessDeliveryRecord.schema)
            .id()
            .field("sent_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("token_digest", .string)
            .field("expires_at", .datetime)
            .field("used_at", .datetime)
            .field("notice_id", .uuid, .required, .references(AwarenessNoticeRecord.schema, "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .unique(on: "token_digest")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_awareness_ack_notice").on(AwarenessAcknowledgementRecord.schema).column("notice_id").run()
        try await sql.create(index: "idx_awareness_delivery_notice").on(AwarenessDeliveryRecord.schema).column("notice_id").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AwarenessDeliveryRecord.schema).delete()
        try await database.schema(AwarenessAcknowledgementRecord.schema).delete()
        try await database.schema(AwarenessNoticeRecord.schema).delete()
    }
}
