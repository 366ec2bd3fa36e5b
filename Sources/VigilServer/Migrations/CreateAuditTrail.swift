import Fluent

struct CreateAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryRecord.schema)
            .field("sequence", .int64, .identifier(auto: false))
            .field("at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("actor_label", .string, .required)
            .field("organisation_id", .string)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .string)
            .field("changes", .string, .required)
            .field("address", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await createIndex(AuditEntryRecord.schema, on: "at_ms", in: database)
        try await createIndex(AuditEntryRecord.schema, on: "organisation_id", in: database)
        try await database.schema(AuditHeadRecord.schema)
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        try await AuditHeadRecord(lastSequence: 0, lastHash: "0000000000000000000000000000000000000000000000000000000000000000")
            .create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditHeadRecord.schema).delete()
        try await database.schema(AuditEntryRecord.schema).delete()
    }
}
