import Fluent
import Foundation
import SQLKit
import VigilCore

/// The findings' and scans' counts the compliance indicators are made of, every organisation's in
/// one statement each (`GROUP BY organisation_id`), by the same conditions as the list's filters.
extension FindingRepository {
    /// Open or in progress: what can be overdue.
    static let openStatuses = [FindingStatus.open.rawValue, FindingStatus.inProgress.rawValue]

    struct OverdueCounts: Sendable, Equatable {
        var immediate = 0
        var other = 0
    }

    /// Findings past their deadline (`overdue=true`), per organisation, those that allow intrusion
    /// (`intrusion=true`) apart from the others.
    func overdueCounts(organisations ids: [UUID], now: Date, on db: any Database) async throws -> [UUID: OverdueCounts] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable { let organisation_id: UUID; let immediate: Int; let overdue: Int }
        // Grouped by organisation alone, in the order of the `findings_overdue` index that holds
        // every column read: the count streams through the index, no sort.
        let immediate = SQLFunction("SUM", args: SQLRaw("CASE WHEN \"allows_intrusion\" THEN 1 ELSE 0 END"))
        let rows = try await sql.select().column("organisation_id")
            .column(SQLAlias(immediate, as: SQLIdentifier("immediate")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("overdue")))
            .from(FindingRecord.schema).where("organisation_id", .in, ids).where("status", .in, Self.openStatuses)
            .where("due_at", .lessThan, SQLBind(now))
            .groupBy("organisation_id").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.organisation_id, OverdueCounts(immediate: $0.immediate, other: $0.overdue - $0.immediate)) })
    }

    /// Scanner reports imported per organisation.
    func scanCounts(organisations ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable { let organisation_id: UUID; let scans: Int }
        return Dictionary(uniqueKeysWithValues: try await sql.select().column("organisation_id")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("scans")))
            .from(ScanRecord.schema).where("organisation_id", .in, ids).groupBy("organisation_id")
            .all(decoding: Row.self).map { ($0.organisation_id, $0.scans) })
    }
}

extension FindingRepository.Filter {
    /// The organisations the list reads: those the caller sees, narrowed to `org` and those below
    /// it when the filter names one (none when `org` is outside the caller's scope).
    func scope(_ visible: [OrganisationRecord]) -> [UUID] {
        guard let organisation else { return visible.compactMap(\.id) }
        guard let path = visible.first(where: { $0.id == organisation })?.path else { return [] }
        return visible.filter { $0.path.hasPrefix(path) }.compactMap(\.id)
    }
}
