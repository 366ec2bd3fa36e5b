import Fluent

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id", onDelete: .restrict))
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("roles", .string, .required)
            .field("locale", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("totp_secret", .string)
            .field("totp_enabled", .bool, .required)
            .field("totp_required", .bool, .required)
            .field("totp_last_step", .int64)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("last_login_at", .datetime)
            .field("disabled_at", .datetime)
            .unique(on: "email")
            .create()
        try await createIndex(UserRecord.schema, on: "organisation_id", in: database)
        try await database.schema(RecoveryCodeRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
        try await createIndex(RecoveryCodeRecord.schema, on: "user_id", in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCodeRecord.schema).delete()
        try await database.schema(UserRecord.schema).delete()
    }
}
