import Fluent
import SQLKit

/// Issue 21: indexes for the compliance indicators' counts, which read every organisation of a
/// province at once (`ComplianceService.countOwn`). Each holds exactly the columns its count
/// reads, so the count is read from the index without visiting a million finding rows:
/// - overdue findings (`FindingRepository.overdueCounts`): organisation, status, deadline, intrusion;
/// - incidents notified on time (`IncidentRepository.notificationCounts`): organisation, discovery
///   day, disposition and the two notification times;
/// - each system's latest scan (`ScanCadenceService.lastScans`): system, import time.
struct AddComplianceCountIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("findings_overdue", "findings", ["organisation_id", "status", "due_at", "allows_intrusion"]),
        ("incidents_notification", "incidents", ["organisation_id", "discovered_at", "disposition", "notify_by", "notified_at"]),
        ("scans_system_latest", "scans", ["system_id", "imported_at"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            var create = sql.create(index: index.name).on(index.table)
            for column in index.columns { create = create.column(column) }
            try await create.run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes { try await sql.drop(index: index.name).run() }
    }
}
