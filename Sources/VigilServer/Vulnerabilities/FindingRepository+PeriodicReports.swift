import Fluent
import Foundation
import SQLKit
import VigilCore

extension FindingRepository {
    /// The scanner reports each organisation imported in `[from, until)`: how many, how many
    /// distinct systems they were for, the findings they found new and found fixed (the import's
    /// own counts), in one statement.
    func scanTallies(organisations ids: [UUID], from: Date, until: Date, on db: any Database) async throws -> [UUID: ScanTally] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable { let organisation_id: UUID; let scans: Int; let systems: Int; let found: Int?; let fixed: Int? }
        var organisations: SQLQueryString = ""
        for (index, id) in ids.enumerated() {
            if index > 0 { organisations.appendInterpolation(unsafeRaw: ", ") }
            organisations.appendInterpolation(bind: id)
        }
        // The sums cast back to BIGINT: PostgreSQL sums a BIGINT column as NUMERIC.
        let query: SQLQueryString = """
            SELECT organisation_id, COUNT(*) AS scans, COUNT(DISTINCT system_id) AS systems, \
            CAST(SUM(new_count) AS BIGINT) AS found, CAST(SUM(fixed_count) AS BIGINT) AS fixed \
            FROM scans WHERE organisation_id IN (\(organisations)) \
            AND imported_at >= \(bind: from) AND imported_at < \(bind: until) GROUP BY organisation_id
            """
        let rows = try await sql.raw(query).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map {
            ($0.organisation_id, ScanTally(scans: $0.scans, systemsScanned: $0.systems, findingsFound: $0.found ?? 0, findingsFixed: $0.fixed ?? 0))
        })
    }
}
