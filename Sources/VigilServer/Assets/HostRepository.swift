import Fluent
import Foundation
import SQLKit
import VigilCore

/// Reads hosts within the caller's scope, with each host's protection verdict computed in SQL
/// (`CoverageRepository.reasonExpression`), so that the list filters by it.
struct HostRepository: Sendable {
    struct Filter: Sendable {
        var organisationPath: String?
        /// A reason code (`real_time_off`…), `protected`, or a status (`unprotected`, `stale`, `unknown`).
        var verdict: String?
        var text: String?
        /// One host (the API's `GET /hosts/{id}`).
        var hostID: UUID?
    }

    struct Row: Decodable, Sendable {
        let id: UUID
        let hostname: String
        let machine_id: String?
        let organisation_id: UUID
        let organisation: String
        let role: String
        let os_name: String
        let os_version: String
        let addresses: String
        let last_seen_at: Date?
        let source: String
        let av_detail: String
        let reason: String
    }

    /// The list page's other orders (by name is the keyset order); they page by offset.
    enum Sort: String, CaseIterable, Sendable {
        /// Unprotected first, then not reporting, then protected.
        case protection
        /// Never seen first, then the longest silent.
        case lastSeen = "last_seen"
        case organisation

        /// A fixed SQL text over the listed columns (no input reaches it).
        var orderBy: String {
            switch self {
            case .protection:
                "CASE reason WHEN 'protected' THEN 2 WHEN 'not_reported' THEN 1 WHEN 'never_reported' THEN 1 ELSE 0 END, hostname, id"
            case .lastSeen: "(last_seen_at IS NOT NULL), last_seen_at, hostname, id"
            case .organisation: "organisation, hostname, id"
            }
        }
    }

    /// Where a page starts: after a (hostname, id) key in name order, or at an offset in another order.
    enum Position: Sendable {
        case after(String, UUID)
        case offset(Sort, Int, descending: Bool = false)
    }

    /// Keyset paging by (hostname, id), or offset paging in another order.
    func list(scope: AccessScope, filter: Filter, from position: Position?, limit: Int, policy: ProtectionPolicy, now: Date,
              on db: any Database) async throws -> [Row] {
        let sql = db as! any SQLDatabase
        var conditions: [SQLQueryString] = [CoverageRepository.pathCondition(scope.organisationPath, subtree: scope.includesSubtree)]
        if let path = filter.organisationPath { conditions.append("o.path LIKE \(bind: OrganisationRepository.likePrefix(path))") }
        if let id = filter.hostID { conditions.append("h.id = \(bind: id)") }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%" + text.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            conditions.append("(LOWER(h.hostname) LIKE \(bind: pattern) OR LOWER(h.addresses) LIKE \(bind: pattern))")
        }
        var outer: [SQLQueryString] = []
        if let verdict = filter.verdict {
            switch verdict {
            case "unprotected": outer.append("reason NOT IN ('protected', 'not_reported', 'never_reported')")
            case "stale": outer.append("reason = 'not_reported'")
            case "unknown": outer.append("reason = 'never_reported'")
            default: outer.append("reason = \(bind: verdict)")
            }
        }
        var order = "hostname, id"
        var offset = 0
        switch position {
        case .after(let hostname, let id)?:
            outer.append("(hostname > \(bind: hostname) OR (hostname = \(bind: hostname) AND id > \(bind: id)))")
        case .offset(let sort, let start, let descending)?:
            order = descending ? ListSort<Sort>.reversed(sort.orderBy) : sort.orderBy
            offset = max(0, start)
        case nil:
            break
        }
        let inner: SQLQueryString = """
            SELECT h.id AS id, h.hostname AS hostname, h.machine_id AS machine_id, h.organisation_id AS organisation_id, \
            o.name AS organisation, h.role AS role, h.os_name AS os_name, h.os_version AS os_version, h.addresses AS addresses, \
            h.last_seen_at AS last_seen_at, h.source AS source, h.av_detail AS av_detail, \
            \(CoverageRepository.reasonExpression(policy: policy, now: now)) AS reason \
            FROM hosts h JOIN organisations o ON o.id = h.organisation_id WHERE \(conditions.joined(separator: " AND "))
            """
        let whereOuter: SQLQueryString = outer.isEmpty ? "" : "WHERE \(outer.joined(separator: " AND "))"
        let query: SQLQueryString = """
            SELECT * FROM (\(inner)) AS listed \(whereOuter) ORDER BY \(unsafeRaw: order) \
            LIMIT \(unsafeRaw: String(max(1, min(limit, 501)))) OFFSET \(unsafeRaw: String(offset))
            """
        return try await sql.raw(query).all(decoding: Row.self)
    }

    func find(_ id: UUID, scope: AccessScope, on db: any Database) async throws -> HostRecord? {
        guard let host = try await HostRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first(),
              scope.contains(path: host.organisation.path) else { return nil }
        return host
    }
}

extension Array where Element == SQLQueryString {
    func joined(separator: String) -> SQLQueryString {
        var result: SQLQueryString = ""
        for (index, part) in enumerated() {
            if index > 0 { result.appendInterpolation(unsafeRaw: separator) }
            result.appendInterpolation(part)
        }
        return result
    }
}
