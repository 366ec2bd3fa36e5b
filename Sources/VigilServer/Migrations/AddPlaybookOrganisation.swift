import Fluent

/// Playbooks become per agency: each copy names the organisation that keeps it.
struct AddPlaybookOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlaybookRecord.schema).field("organisation_id", .uuid).update()
        try await createIndex(PlaybookRecord.schema, on: "organisation_id", in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlaybookRecord.schema).deleteField("organisation_id").update()
    }
}
