import Fluent
import Foundation
import SQLKit
import VigilCore

extension IncidentRepository {
    /// The incidents each organisation received in `[from, until)`, grouped by cause, scenario,
    /// severity, status and disposition, in one statement: the periodic reports' figures.
    func periodTallies(organisations ids: [UUID], from: Date, until: Date, on db: any Database) async throws -> [UUID: [IncidentTally]] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable {
            let organisation_id: UUID, cause_group: String?, scenario: String?, severity: String?, status: String, disposition: String, count: Int
        }
        let rows = try await sql.select()
            .columns("organisation_id", "cause_group", "scenario", "severity", "status", "disposition")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("count")))
            .from(IncidentRecord.schema)
            .where("organisation_id", .in, ids)
            .where("created_at", .greaterThanOrEqual, SQLBind(from)).where("created_at", .lessThan, SQLBind(until))
            .groupBy("organisation_id").groupBy("cause_group").groupBy("scenario").groupBy("severity").groupBy("status").groupBy("disposition")
            .all(decoding: Row.self)
        var result: [UUID: [IncidentTally]] = [:]
        for row in rows {
            result[row.organisation_id, default: []].append(
                IncidentTally(causeGroup: row.cause_group, scenario: row.scenario, severity: row.severity, status: row.status,
                              disposition: row.disposition, count: row.count))
        }
        return result
    }

    /// Incidents (kept as incidents) each organisation closed in `[from, until)`, whenever received.
    func handledCounts(organisations ids: [UUID], from: Date, until: Date, on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable { let organisation_id: UUID; let count: Int }
        return Dictionary(uniqueKeysWithValues: try await sql.select().column("organisation_id")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("count")))
            .from(IncidentRecord.schema)
            .where("organisation_id", .in, ids).where("disposition", .equal, SQLBind("open")).where("status", .equal, SQLBind("closed"))
            .where("closed_at", .greaterThanOrEqual, SQLBind(from)).where("closed_at", .lessThan, SQLBind(until))
            .groupBy("organisation_id").all(decoding: Row.self).map { ($0.organisation_id, $0.count) })
    }
}
