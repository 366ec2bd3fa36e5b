import Fluent
import Foundation
import SQLKit
import VigilCore

/// Anti-malware coverage from the hosts' stored facts. The verdict depends on the time of asking,
/// so it is computed in SQL, for every host at once, by the same rule as
/// `ProtectionPolicy.evaluate` (a test checks that the two agree host by host).
struct CoverageRepository: Sendable {
    /// The reason code of each host as an SQL expression, `protected` when it is.
    static func reasonExpression(policy: ProtectionPolicy, now: Date) -> SQLQueryString {
        // "More than N whole days ago" is "at or before now − (N + 1) days".
        let silence = now.addingTimeInterval(-Double(policy.maxSilenceDays + 1) * 86_400)
        let signatures = now.addingTimeInterval(-Double(policy.maxSignatureAgeDays + 1) * 86_400)
        return """
            CASE WHEN h.av_report_at IS NULL THEN 'never_reported' \
            WHEN h.av_report_at <= \(bind: silence) THEN 'not_reported' \
            WHEN h.av_products = 0 THEN 'no_product' \
            WHEN NOT h.av_enabled THEN 'product_disabled' \
            WHEN NOT h.av_real_time THEN 'real_time_off' \
            WHEN h.av_signature_at IS NULL THEN 'signatures_unknown' \
            WHEN h.av_signature_at <= \(bind: signatures) THEN 'signatures_old' \
            ELSE 'protected' END
            """
    }

    /// True exactly where `reasonExpression` is `protected` (every column it reads is required
    /// except the two times, whose NULL fails the comparison as it fails there).
    static func protectedCondition(policy: ProtectionPolicy, now: Date) -> SQLQueryString {
        let silence = now.addingTimeInterval(-Double(policy.maxSilenceDays + 1) * 86_400)
        let signatures = now.addingTimeInterval(-Double(policy.maxSignatureAgeDays + 1) * 86_400)
        return """
            h.av_report_at > \(bind: silence) AND h.av_products <> 0 AND h.av_enabled AND h.av_real_time \
            AND h.av_signature_at > \(bind: signatures)
            """
    }

    /// Hosts of the organisations whose path matches: the subtree, or the organisation alone.
    static func pathCondition(_ path: String, subtree: Bool) -> SQLQueryString {
        subtree ? "o.path LIKE \(bind: OrganisationRepository.likePrefix(path))" : "o.path = \(bind: path)"
    }

    private struct CountRow: Decodable {
        let organisation_id: UUID
        let reason: String
        let hosts: Int
    }

    /// The hosts of these organisations, as an SQL condition. Organisations are named by id (the
    /// caller has them already), so the count reads `hosts` alone, without a join.
    static func organisationCondition(_ ids: [UUID]) -> SQLQueryString {
        guard !ids.isEmpty else { return "1 = 0" }
        var list: SQLQueryString = ""
        for (index, id) in ids.enumerated() {
            if index > 0 { list.appendInterpolation(unsafeRaw: ", ") }
            list.appendInterpolation(bind: id)
        }
        return "h.organisation_id IN (\(list))"
    }

    /// Each organisation's own hosts, counted by verdict.
    func counts(organisations ids: [UUID], policy: ProtectionPolicy, now: Date, on db: any Database) async throws -> [UUID: Coverage] {
        let sql = db as! any SQLDatabase
        let query: SQLQueryString = """
            SELECT h.organisation_id AS organisation_id, \(Self.reasonExpression(policy: policy, now: now)) AS reason, COUNT(*) AS hosts \
            FROM hosts h WHERE \(Self.organisationCondition(ids)) GROUP BY h.organisation_id, reason
            """
        var result: [UUID: Coverage] = [:]
        for row in try await sql.raw(query).all(decoding: CountRow.self) {
            var coverage = result[row.organisation_id] ?? Coverage()
            coverage.total += row.hosts
            if row.reason == "protected" {
                coverage.protected += row.hosts
            } else {
                coverage.byReason[row.reason, default: 0] += row.hosts
            }
            result[row.organisation_id] = coverage
        }
        return result
    }

    /// Each organisation's own hosts and those protected, without the reasons: one sum per
    /// organisation, read in the `hosts_protection` index's order with no grouping by reason (at
    /// 100,000 hosts half the time of `counts`, which sorts by reason; measured on SQLite).
    func protectedCounts(organisations ids: [UUID], policy: ProtectionPolicy, now: Date, on db: any Database) async throws -> [UUID: (total: Int, protected: Int)] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { let organisation_id: UUID; let hosts: Int; let protected: Int }
        let query: SQLQueryString = """
            SELECT h.organisation_id AS organisation_id, COUNT(*) AS hosts, \
            SUM(CASE WHEN \(Self.protectedCondition(policy: policy, now: now)) THEN 1 ELSE 0 END) AS protected \
            FROM hosts h WHERE \(Self.organisationCondition(ids)) GROUP BY h.organisation_id
            """
        return Dictionary(uniqueKeysWithValues: try await (db as! any SQLDatabase).raw(query).all(decoding: Row.self).map {
            ($0.organisation_id, (total: $0.hosts, protected: $0.protected))
        })
    }

    struct UncoveredHost: Decodable, Sendable {
        let id: UUID
        let hostname: String
        let organisation_id: UUID
        let role: String
        let reason: String
        let av_report_at: Date?
        let av_signature_at: Date?
    }

    /// The hosts that keep coverage below 100 %, organisation by organisation. The condition is
    /// read from the `hosts_protection` index in its order, so only the rows returned touch the
    /// table.
    func uncovered(organisations ids: [UUID], policy: ProtectionPolicy, now: Date, limit: Int, on db: any Database) async throws -> [UncoveredHost] {
        let sql = db as! any SQLDatabase
        let query: SQLQueryString = """
            SELECT h.id AS id, h.hostname AS hostname, h.organisation_id AS organisation_id, h.role AS role, \
            \(Self.reasonExpression(policy: policy, now: now)) AS reason, h.av_report_at AS av_report_at, h.av_signature_at AS av_signature_at \
            FROM hosts h WHERE \(Self.organisationCondition(ids)) AND \(Self.reasonExpression(policy: policy, now: now)) <> 'protected' \
            ORDER BY h.organisation_id LIMIT \(unsafeRaw: String(max(1, min(limit, 1000))))
            """
        return try await sql.raw(query).all(decoding: UncoveredHost.self)
    }
}
