import Fluent

struct CreateSession: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSessionRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("csrf_token", .string, .required)
            .field("stage", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("address", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()
        try await createIndex(UserSessionRecord.schema, on: "user_id", in: database)
        try await database.schema(LoginAttemptRecord.schema)
            .id()
            .field("at", .datetime, .required)
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("succeeded", .bool, .required)
            .create()
        try await createIndex(LoginAttemptRecord.schema, on: "email", in: database)
        try await createIndex(LoginAttemptRecord.schema, on: "address", in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginAttemptRecord.schema).delete()
        try await database.schema(UserSessionRecord.schema).delete()
    }
}
