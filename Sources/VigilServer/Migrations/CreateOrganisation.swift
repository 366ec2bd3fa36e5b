import Fluent
import SQLKit

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrganisationRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("path", .string, .required)
            .field("parent_id", .uuid, .references(OrganisationRecord.schema, "id", onDelete: .restrict))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "path")
            .create()
        try await createIndex(OrganisationRecord.schema, on: "parent_id", in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganisationRecord.schema).delete()
    }
}

/// Fluent's schema builder has no index creation; SQLKit's does, on both databases.
func createIndex(_ schema: String, on column: String, in database: any Database) async throws {
    guard let sql = database as? any SQLDatabase else { return }
    try await sql.create(index: "idx_\(schema)_\(column)").on(schema).column(column).run()
}
