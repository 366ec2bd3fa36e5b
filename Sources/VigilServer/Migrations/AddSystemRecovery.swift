import Fluent
import SQLKit

/// Each information system's recovery resources, which its response plan names: backups, spare
/// equipment, the suppliers' support (free text, one item a line).
struct AddSystemRecovery: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        for column in ["backups", "spare_equipment", "supplier_support"] {
            try await database.schema(InformationSystemRecord.schema).field(.string(column), .string, .required, .sql(.default(""))).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["supplier_support", "spare_equipment", "backups"] {
            try await database.schema(InformationSystemRecord.schema).deleteField(.string(column)).update()
        }
    }
}
