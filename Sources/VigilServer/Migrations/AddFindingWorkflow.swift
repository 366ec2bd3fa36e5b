import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// The remediation workflow: the changes people make, an accepted risk's expiry, and the
/// overdue escalation (sent once).
struct AddFindingWorkflow: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FindingEventRecord.schema)
            .id()
            .field("finding_id", .uuid, .required, .references(FindingRecord.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("note", .string, .required)
            .create()
        try await createIndex(FindingEventRecord.schema, on: "finding_id", in: database)
        try await database.schema(FindingRecord.schema).field("accepted_until", .datetime).update()
        try await database.schema(FindingRecord.schema).field("escalated_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FindingRecord.schema).deleteField("escalated_at").update()
        try await database.schema(FindingRecord.schema).deleteField("accepted_until").update()
        try await database.schema(FindingEventRecord.schema).delete()
    }
}
