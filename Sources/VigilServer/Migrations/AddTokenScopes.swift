import Fluent

/// API tokens get scopes (none: the holder's roles, as before) and may belong to an organisation
/// rather than a person (integration tokens, with who made them).
struct AddTokenScopes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(ApiTokenRecord.schema).field("scopes", .string).update()
        try await database.schema(ApiTokenRecord.schema).field("organisation_id", .uuid).update()
        try await database.schema(ApiTokenRecord.schema).field("created_by", .string).update()
        try await createIndex(ApiTokenRecord.schema, on: "organisation_id", in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApiTokenRecord.schema).deleteField("created_by").update()
        try await database.schema(ApiTokenRecord.schema).deleteField("organisation_id").update()
        try await database.schema(ApiTokenRecord.schema).deleteField("scopes").update()
    }
}
