import Fluent
import SQLKit

/// The e-mail outbox (`MailOutboxRecord`); due messages are found by status and time.
struct CreateMailOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MailOutboxRecord.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("queued_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("last_error_code", .string)
            .field("last_error", .string)
            .field("recipient", .string, .required)
            .field("language", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_mail_outbox_due").on(MailOutboxRecord.schema).column("status").column("next_attempt_at").run()
        try await sql.create(index: "idx_mail_outbox_created").on(MailOutboxRecord.schema).column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MailOutboxRecord.schema).delete()
    }
}
