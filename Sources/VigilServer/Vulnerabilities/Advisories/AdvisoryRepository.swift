import Fluent
import Foundation
import SQLKit
import VigilCore

/// Reads of the warnings' tables for other capabilities' pages (a host's page lists the warnings
/// that hit it).
struct AdvisoryRepository: Sendable {
    /// The warnings with an unresolved hit on the host, each with its hits, by reference and title.
    func openHits(onHost id: UUID, on db: any Database) async throws -> [(AdvisoryRecord, [AdvisoryMatchRecord])] {
        let hits = try await AdvisoryMatchRecord.query(on: db).filter(\.$hostID == id).filter(\.$resolvedAt == nil).all()
        let warned = try await AdvisoryRecord.query(on: db).filter(\.$id ~~ Set(hits.map(\.advisoryID))).all()
        let byAdvisory = Dictionary(grouping: hits, by: \.advisoryID)
        return warned.map { ($0, byAdvisory[$0.id!] ?? []) }
    }

    struct TaskCounts: Sendable, Equatable {
        var tasks = 0
        var overdue = 0
    }

    /// Each organisation's tasks, and those overdue: not closed after the end of the warning's
    /// deadline day (`AdvisoryTaskStatus.isOverdue`: the deadline before `today`, both days in the
    /// display time zone), in one statement.
    func taskCounts(organisations ids: [UUID], today: String, on db: any Database) async throws -> [UUID: TaskCounts] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable { let organisation_id: UUID; let tasks: Int; let overdue: Int }
        let open = AdvisoryTaskStatus.allCases.filter { !$0.isClosed }.map(\.rawValue)
        var statuses: SQLQueryString = ""
        for (index, status) in open.enumerated() {
            if index > 0 { statuses.appendInterpolation(unsafeRaw: ", ") }
            statuses.appendInterpolation(bind: status)
        }
        var organisations: SQLQueryString = ""
        for (index, id) in ids.enumerated() {
            if index > 0 { organisations.appendInterpolation(unsafeRaw: ", ") }
            organisations.appendInterpolation(bind: id)
        }
        let query: SQLQueryString = """
            SELECT t.organisation_id AS organisation_id, COUNT(*) AS tasks, \
            SUM(CASE WHEN t.status IN (\(statuses)) AND a.deadline < \(bind: today) THEN 1 ELSE 0 END) AS overdue \
            FROM advisory_tasks t JOIN advisories a ON a.id = t.advisory_id \
            WHERE t.organisation_id IN (\(organisations)) GROUP BY t.organisation_id
            """
        return Dictionary(uniqueKeysWithValues: try await sql.raw(query).all(decoding: Row.self).map {
            ($0.organisation_id, TaskCounts(tasks: $0.tasks, overdue: $0.overdue))
        })
    }
}
