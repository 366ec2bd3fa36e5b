import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// Each information system's scan cadence: its interval (default 6 months) and the last reminder.
struct AddScanCadence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        try await database.schema(InformationSystemRecord.schema)
            .field("scan_interval_months", .int, .required, .sql(.default(ScanCadence.defaultIntervalMonths)))
            .update()
        try await database.schema(InformationSystemRecord.schema)
            .field("scan_reminded", .string, .required, .sql(.default("")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InformationSystemRecord.schema).deleteField("scan_reminded").update()
        try await database.schema(InformationSystemRecord.schema).deleteField("scan_interval_months").update()
    }
}
