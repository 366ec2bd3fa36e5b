import Fluent
import Foundation
import SQLKit
import VigilCore

/// Each information system's scan cadence (`ScanCadence`): its last scan (the newest report
/// imported for it), the next due date, and the reminders to the focal point.
struct ScanCadenceService: Sendable {
    let notifications: NotificationService
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let calendar: Calendar

    struct Row: Sendable {
        let system: InformationSystemRecord
        let lastScan: Date?
        let nextDue: Date?
        let state: ScanCadence.State
    }

    /// The systems of these organisations, the most urgent first (never scanned, overdue, due
    /// soon, current), then by due date and name.
    func rows(organisations: [UUID], on db: any Database, now: Date = Date()) async throws -> [Row] {
        let systems = try await assets.systemsWithOrganisation(ofOrganisations: organisations, on: db)
        let last = try await lastScans(of: systems.compactMap(\.id), on: db)
        let order = ScanCadence.State.allCases
        return systems.map { system in
            let lastScan = last[system.id!]
            return Row(system: system, lastScan: lastScan,
                       nextDue: ScanCadence.nextDue(lastScan: lastScan, intervalMonths: system.scanIntervalMonths, calendar: calendar),
                       state: ScanCadence.state(lastScan: lastScan, intervalMonths: system.scanIntervalMonths, now: now, calendar: calendar))
        }.sorted {
            let (left, right) = (order.firstIndex(of: $0.state)!, order.firstIndex(of: $1.state)!)
            if left != right { return left < right }
            if $0.nextDue != $1.nextDue { return ($0.nextDue ?? .distantPast) < ($1.nextDue ?? .distantPast) }
            return $0.system.name < $1.system.name
        }
    }

    /// The newest scan of each system (the compliance indicators read it too).
    func lastScans(of systems: [UUID], on db: any Database) async throws -> [UUID: Date] {
        guard !systems.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Last: Decodable { let system_id: UUID; let last: Date }
        var result: [UUID: Date] = [:]
        for chunk in stride(from: 0, to: systems.count, by: 500) {
            let rows = try await sql.select().column("system_id").column(SQLFunction("MAX", args: SQLColumn("imported_at")), as: "last")
                .from(ScanRecord.schema).where("system_id", .in, Array(systems[chunk..<min(chunk + 500, systems.count)]))
                .groupBy("system_id").all(decoding: Last.self)
            for row in rows { result[row.system_id] = row.last }
        }
        return result
    }

    /// The reminders: once when a scan comes due within `ScanCadence.reminderDays`, once when it
    /// is overdue (or the system was never scanned), to the focal point of the system's
    /// organisation (or the nearest above it).
    func remind(on db: any Database, now: Date = Date()) async throws {
        let all = try await self.organisations.allIDs(on: db)
        for row in try await rows(organisations: all, on: db, now: now) {
            guard let key = ScanCadence.reminderKey(lastScan: row.lastScan, intervalMonths: row.system.scanIntervalMonths, now: now,
                                                    calendar: calendar),
                  key != row.system.scanReminded else { continue }
            let messageKey = switch row.state {
            case .neverScanned: "notification.scan_never"
            case .overdue: "notification.scan_overdue"
            default: "notification.scan_due_soon"
            }
            let due = row.nextDue.map { ISODay.string($0) } ?? ""
            try await db.write { db in
                row.system.scanReminded = key
                try await row.system.update(on: db)
                try await notifications.notifyRole(.focalPoint, nearest: row.system.organisation, messageKey: messageKey,
                                                   arguments: [row.system.name, due],
                                                   link: AssetsPath.system(.value(row.system.id!)).path, on: db, now: now)
            }
        }
    }
}
