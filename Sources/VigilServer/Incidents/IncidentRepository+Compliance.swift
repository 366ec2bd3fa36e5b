import Fluent
import Foundation
import SQLKit

extension IncidentRepository {
    struct NotificationCounts: Sendable, Equatable {
        /// Incidents whose notification came due: notified, or past `notify_by` without it.
        var due = 0
        /// Of those, notified by `notify_by`.
        var onTime = 0
    }

    /// Each organisation's incidents discovered since `since` (kept as incidents: not set aside as
    /// no incident or a duplicate) counted against their notification deadline, in one statement.
    /// An incident copies its deadline (`notify_by`) from the reporting rule in force on its
    /// discovery day, so these are the legal clocks, whatever changed since. The late ones not yet
    /// notified are the list's `overdue=true`.
    func notificationCounts(organisations ids: [UUID], since: Date, now: Date, on db: any Database) async throws -> [UUID: NotificationCounts] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable { let organisation_id: UUID; let due: Int; let on_time: Int }
        var organisations: SQLQueryString = ""
        for (index, id) in ids.enumerated() {
            if index > 0 { organisations.appendInterpolation(unsafeRaw: ", ") }
            organisations.appendInterpolation(bind: id)
        }
        let query: SQLQueryString = """
            SELECT i.organisation_id AS organisation_id, \
            SUM(CASE WHEN i.notified_at IS NOT NULL OR i.notify_by < \(bind: now) THEN 1 ELSE 0 END) AS due, \
            SUM(CASE WHEN i.notified_at IS NOT NULL AND i.notified_at <= i.notify_by THEN 1 ELSE 0 END) AS on_time \
            FROM incidents i WHERE i.organisation_id IN (\(organisations)) AND i.disposition = 'open' \
            AND i.notify_by IS NOT NULL AND i.discovered_at >= \(bind: since) GROUP BY i.organisation_id
            """
        return Dictionary(uniqueKeysWithValues: try await sql.raw(query).all(decoding: Row.self).map {
            ($0.organisation_id, NotificationCounts(due: $0.due, onTime: $0.on_time))
        })
    }
}
