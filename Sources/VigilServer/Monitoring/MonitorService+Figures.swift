import Fluent
import Foundation
import SQLKit
import VigilCore

extension MonitorService {
    /// Uptime over the last 24 hours, 7 and 30 days, from the hourly counters.
    struct UptimeFigures: Sendable {
        var day: Double?
        var week: Double?
        var month: Double?
    }

    /// The figures of several monitors in one query (the database adds up the hours).
    func uptime(of ids: [UUID], now: Date, on db: any Database) async throws -> [UUID: UptimeFigures] {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let day = now.addingTimeInterval(-86_400), week = now.addingTimeInterval(-7 * 86_400), month = now.addingTimeInterval(-30 * 86_400)
        struct Row: Decodable {
            let monitor_id: UUID
            let day_checks: Int?, day_failures: Int?, week_checks: Int?, week_failures: Int?, month_checks: Int?, month_failures: Int?
        }
        var figures: [UUID: UptimeFigures] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[start..<min(start + 500, ids.count)])
            let rows = try await sql.raw("""
                SELECT monitor_id,
                  SUM(CASE WHEN hour >= \(bind: day) THEN checks ELSE 0 END) AS day_checks,
                  SUM(CASE WHEN hour >= \(bind: day) THEN failures ELSE 0 END) AS day_failures,
                  SUM(CASE WHEN hour >= \(bind: week) THEN checks ELSE 0 END) AS week_checks,
                  SUM(CASE WHEN hour >= \(bind: week) THEN failures ELSE 0 END) AS week_failures,
                  SUM(checks) AS month_checks, SUM(failures) AS month_failures
                FROM monitor_hours WHERE hour >= \(bind: month) AND monitor_id IN (\(binds: part)) GROUP BY monitor_id
                """).all(decoding: Row.self)
            for row in rows {
                figures[row.monitor_id] = UptimeFigures(
                    day: Uptime.percent(checks: row.day_checks ?? 0, failures: row.day_failures ?? 0),
                    week: Uptime.percent(checks: row.week_checks ?? 0, failures: row.week_failures ?? 0),
                    month: Uptime.percent(checks: row.month_checks ?? 0, failures: row.month_failures ?? 0))
            }
        }
        return figures
    }

    /// The hourly counters of one monitor since a time, oldest first (the response-time chart).
    func hours(of monitorID: UUID, since: Date, on db: any Database) async throws -> [MonitorHourRecord] {
        try await MonitorHourRecord.query(on: db).filter(\.$monitorID == monitorID).filter(\.$hour >= since).sort(\.$hour).all()
    }

    /// The baseline versions of a monitor, newest first.
    func baselines(of monitorID: UUID, on db: any Database) async throws -> [MonitorBaselineRecord] {
        try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == monitorID).sort(\.$version, .descending).all()
    }
}

extension MonitorService {
    /// How many monitors in scope are in each state (paused ones not counted).
    func counts(in scope: AccessScope, on db: any Database) async throws -> [MonitorStatus: Int] {
        let monitors = try await MonitorRecord.query(on: db).join(OrganisationRecord.self, on: \MonitorRecord.$organisation.$id == \OrganisationRecord.$id)
            .joinedOrganisation(within: scope).filter(\.$paused == false).field(\.$status).all()
        var counts: [MonitorStatus: Int] = [:]
        for monitor in monitors { counts[monitor.monitorStatus, default: 0] += 1 }
        return counts
    }

    /// The information system a monitor watches, if any.
    func system(of monitor: MonitorRecord, on db: any Database) async throws -> InformationSystemRecord? {
        try await monitor.systemID.asyncMap { try await assets.system($0, on: db) } ?? nil
    }
}
