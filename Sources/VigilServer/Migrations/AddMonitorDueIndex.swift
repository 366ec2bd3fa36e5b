import Fluent
import SQLKit
import Vapor

/// An index on the monitors' next check time: the scheduler's claim asks for the due monitors in
/// that order many times a second, and without it each claim read and sorted every monitor's row
/// (10,000 monitors: the checks fell behind while monitors were being created).
struct AddMonitorDueIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX \(ident: "monitors_due") ON \(ident: MonitorRecord.schema) (\(ident: "next_check_at"))").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX \(ident: "monitors_due")").run()
    }
}
