import Fluent
import Foundation
import SQLKit
import VigilCore

/// The only code on `compliance_snapshots`: each organisation's indicators once a day, for the
/// trend charts. A day's row per organisation and code is replaced by a later run of the same
/// day (the day's last run stands), one upsert per batch of rows.
struct ComplianceSnapshotRepository: Sendable {
    static let schema = "compliance_snapshots"
    /// Rows per statement: 9 values each, well under SQLite's and PostgreSQL's limits on binds.
    static let batchSize = 500

    /// Writes the snapshots inside the caller's transaction.
    func save(_ snapshots: [(snapshot: IndicatorSnapshot, reason: String?)], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for start in stride(from: 0, to: snapshots.count, by: Self.batchSize) {
            var insert = sql.insert(into: Self.schema)
                .columns("id", "organisation_id", "day", "code", "status", "value", "numerator", "denominator", "reason")
            for (snapshot, reason) in snapshots[start..<min(start + Self.batchSize, snapshots.count)] {
                insert = insert.values(SQLBind(UUID()), SQLBind(snapshot.organisationID), SQLBind(snapshot.day), SQLBind(snapshot.code.rawValue),
                                       SQLBind(snapshot.status.rawValue), SQLBind(snapshot.value), SQLBind(snapshot.numerator),
                                       SQLBind(snapshot.denominator), SQLBind(reason))
            }
            try await insert.onConflict(with: ["organisation_id", "day", "code"]) { conflict in
                conflict.set(excludedValueOf: "status").set(excludedValueOf: "value").set(excludedValueOf: "numerator")
                    .set(excludedValueOf: "denominator").set(excludedValueOf: "reason")
            }.run()
        }
    }

    /// The snapshots of these organisations from `since` (a yyyy-MM-dd day) on, by organisation and
    /// code, oldest first: twelve months of them for a trend chart.
    func history(organisations ids: [UUID], since: String, on db: any Database) async throws -> [UUID: [IndicatorCode: [IndicatorSnapshot]]] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable {
            let organisation_id: UUID, day: String, code: String, status: String, value: Double, numerator: Int, denominator: Int?
        }
        let rows = try await sql.select().columns("organisation_id", "day", "code", "status", "value", "numerator", "denominator")
            .from(Self.schema).where("organisation_id", .in, ids).where("day", .greaterThanOrEqual, SQLBind(since))
            .orderBy("organisation_id").orderBy("day").all(decoding: Row.self)
        var result: [UUID: [IndicatorCode: [IndicatorSnapshot]]] = [:]
        for row in rows {
            guard let code = IndicatorCode(rawValue: row.code), let status = IndicatorStatus(rawValue: row.status) else { continue }
            result[row.organisation_id, default: [:]][code, default: []].append(
                IndicatorSnapshot(organisationID: row.organisation_id, day: row.day, code: code, status: status, value: row.value,
                                  numerator: row.numerator, denominator: row.denominator))
        }
        return result
    }

    /// `history` of one organisation over the twelve months before `today`.
    func yearOfHistory(organisation id: UUID, today: Date, timeZone: TimeZone, on db: any Database) async throws -> [IndicatorCode: [IndicatorSnapshot]] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let since = ISODay.string(calendar.date(byAdding: .month, value: -12, to: today) ?? today, in: timeZone)
        return try await history(organisations: [id], since: since, on: db)[id] ?? [:]
    }
}
