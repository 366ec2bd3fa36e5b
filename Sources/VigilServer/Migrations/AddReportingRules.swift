import Fluent
import SQLKit
import Foundation
import VigilCore

/// Reporting deadlines become versioned data, and each incident keeps the rule it is judged by and
/// its notification due time (which the overdue list filters on).
struct AddReportingRules: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReportingRuleRecord.schema)
            .id()
            .field("notification_days", .int, .required)
            .field("immediate_hours", .int, .required)
            .field("legal_reference", .string, .required)
            .field("effective_from", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .create()
        let rule = ReportingRule.circular20of2017
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(IncidentRecord.schema)
            .field("notification_days", .int, .required, .sql(.default(rule.notificationDays))).update()
        try await database.schema(IncidentRecord.schema)
            .field("immediate_hours", .int, .required, .sql(.default(rule.immediateWithinHours))).update()
        try await database.schema(IncidentRecord.schema)
            .field("reporting_source", .string, .required, .sql(.default(rule.source.reference))).update()
        try await database.schema(IncidentRecord.schema).field("notify_by", .datetime).update()
        try await createIndex(IncidentRecord.schema, on: "notify_by", in: database)
        // Existing incidents: due times under the rule they were reported under (the default).
        // Through SQL, not the model, which later migrations may extend.
        struct Row: Decodable {
            let id: UUID
            let discovered_at: Date
            let serious: Bool
            let beyond_capacity: Bool
        }
        let sql = database as! any SQLDatabase
        let rows = try await sql.select().columns("id", "discovered_at", "serious", "beyond_capacity").from(IncidentRecord.schema)
            .all(decoding: Row.self)
        for row in rows {
            let due = rule.due(discoveredAt: row.discovered_at, immediate: row.serious || row.beyond_capacity)
            try await sql.update(IncidentRecord.schema).set("notify_by", to: SQLBind(due)).where("id", .equal, SQLBind(row.id)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportingRuleRecord.schema).delete()
    }
}
