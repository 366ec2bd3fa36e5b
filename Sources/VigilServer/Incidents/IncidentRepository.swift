import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// The only place that queries incidents. Every read applies `IncidentVisibility`, so an incident
/// the caller may not see is simply not found.
struct IncidentRepository: Sendable {
    struct Filter: Sendable {
        var status: IncidentStatus?
        var scenario: Scenario?
        var severity: Severity?
        var organisationID: UUID?
        var discoveredFrom: Date?
        var discoveredTo: Date?
        var assigneeID: UUID?
        var overdueAt: Date?
        var text: String?
        /// Only those still open (not closed, not set aside as no incident or a duplicate).
        var openOnly = false
    }

    /// Keyset cursor: newest first by report time (milliseconds), then reference.
    struct Cursor: Sendable {
        let reportedMillis: Int64
        let reference: String

        init(_ record: IncidentRecord) {
            reportedMillis = record.reportedMillis
            reference = record.reference
        }

        init?(_ key: String) {
            guard let separator = key.firstIndex(of: "_"), let millis = Int64(key[..<separator]) else { return nil }
            reportedMillis = millis
            reference = String(key[key.index(after: separator)...])
            guard !reference.isEmpty, reference.count <= 64 else { return nil }
        }

        var key: String { "\(reportedMillis)_\(reference)" }
    }

    /// An incident by id whoever asks: for Vigil's own work (a monitor's incident), never for a request.
    func record(_ id: UUID, on db: any Database) async throws -> IncidentRecord? {
        try await IncidentRecord.find(id, on: db)
    }

    func find(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> IncidentRecord? {
        guard let incident = try await IncidentRecord.query(on: db).filter(\.$id == id)
            .with(\.$organisation).with(\.$reporter).with(\.$assignee).first()
        else { return nil }
        let visibility = IncidentVisibility(principal: user.principal)
        guard visibility.canSee(organisationPath: incident.organisation.path, escalated: incident.escalated,
                                reportedByUser: incident.$reporter.id == user.userID)
        else { return nil }
        return incident
    }

    func list(for user: CurrentUser, filter: Filter, after: Cursor?, limit: Int, on db: any Database) async throws -> [IncidentRecord] {
        let matches = try await newestMatches(for: user, filter: filter, after: after, limit: limit, on: db)
        if case .only(let ids) = matches, ids.isEmpty { return [] }
        return try await page(visible(to: user, filter: filter, matches: matches, on: db), after: after)
            .with(\.$organisation).with(\.$assignee)
            .sort(\.$reportedMillis, .descending).sort(\.$reference, .descending).limit(limit).all()
    }

    /// The rows after the cursor.
    private func page(_ query: QueryBuilder<IncidentRecord>, after: Cursor?) -> QueryBuilder<IncidentRecord> {
        guard let after else { return query }
        // `<=` first so that the database can range-scan the (reported_ms, reference) index;
        // the group then drops the rows of the same millisecond already shown.
        return query.filter(\.$reportedMillis <= after.reportedMillis).group(.or) { or in
            or.filter(\.$reportedMillis < after.reportedMillis)
            or.filter(\.$reference < after.reference)
        }
    }

    /// How a page of a text search reads the matching documents.
    enum SearchMatches {
        /// Every match (PostgreSQL, and the other orders).
        case all
        /// The matches reported from this millisecond on.
        case since(Int64)
        /// These incidents: all that match, fewer than a page.
        case only([UUID])
    }

    /// For a text search on SQLite: FTS5 walks the matches newest first (their keys follow report
    /// time) and stops at the `limit`-th visible one, so that the page reads only the matches from
    /// that one's millisecond on and sorts those, not every match of a common word. When fewer
    /// than `limit` match, the walk has found them all.
    private func newestMatches(for user: CurrentUser, filter: Filter, after: Cursor?, limit: Int, on db: any Database) async throws -> SearchMatches {
        guard IncidentSearchIndex.isSQLite(db), limit > 0, let text = filter.text, let search = SearchText.Query(text) else { return .all }
        var unsearched = filter
        unsearched.text = nil
        let walk = IncidentSearchIndex.joinMatches(search, to: page(visible(to: user, filter: unsearched, on: db), after: after))
        let newest = try await walk.sort(.custom(IncidentSearchIndex.newestFirst)).limit(limit).all()
        guard newest.count == limit, let last = newest.last else { return .only(newest.compactMap(\.id)) }
        return .since(last.reportedMillis)
    }

    /// The list page's other orders (newest first is the keyset order above); they page by offset.
    enum Sort: String, CaseIterable, Sendable {
        /// Those still waiting to be notified, the nearest notification deadline first; then the rest, newest first.
        case deadline
        /// The most severe first (not yet classified last), newest first within a level.
        case severity
        /// The earliest discovered first.
        case discovered

        /// A fixed SQL text (no input reaches it), the same on SQLite and PostgreSQL.
        var orderBy: String {
            let table = "\"\(IncidentRecord.schema)\"."
            let newest = "\(table)\"reported_ms\" DESC, \(table)\"reference\" DESC"
            switch self {
            case .deadline:
                return "CASE WHEN \(table)\"notified_at\" IS NULL AND \(table)\"disposition\" = 'open' AND \(table)\"status\" <> 'closed' "
                    + "AND \(table)\"notify_by\" IS NOT NULL THEN 0 ELSE 1 END, "
                    + "CASE WHEN \(table)\"notified_at\" IS NULL AND \(table)\"disposition\" = 'open' AND \(table)\"status\" <> 'closed' "
                    + "THEN \(table)\"notify_by\" END, \(newest)"
            case .severity:
                return "CASE \(table)\"severity\" WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, \(newest)"
            case .discovered:
                return "\(table)\"discovered_at\", \(table)\"reference\""
            }
        }
    }

    /// One page of the list in another order than newest first.
    func list(for user: CurrentUser, filter: Filter, sort: Sort, descending: Bool = false, offset: Int, limit: Int,
              on db: any Database) async throws -> [IncidentRecord] {
        try await visible(to: user, filter: filter, on: db).with(\.$organisation).with(\.$assignee)
            .sort(.custom(SQLRaw(descending ? ListSort<Sort>.reversed(sort.orderBy) : sort.orderBy))).range(offset..<(offset + limit)).all()
    }

    /// How many incidents the user sees that match the filter (the dashboard's figures).
    func count(for user: CurrentUser, filter: Filter, on db: any Database) async throws -> Int {
        try await visible(to: user, filter: filter, on: db).count()
    }

    /// The incidents the user may see, filtered, unsorted.
    /// `matches` (SQLite) narrows a text search as `newestMatches` found.
    private func visible(to user: CurrentUser, filter: Filter, matches: SearchMatches = .all, on db: any Database) -> QueryBuilder<IncidentRecord> {
        var query = IncidentRecord.query(on: db)
            .join(OrganisationRecord.self, on: \IncidentRecord.$organisation.$id == \OrganisationRecord.$id)
        let visibility = IncidentVisibility(principal: user.principal)
        let scope = visibility.scope
        let prefix = OrganisationRepository.likePrefix(scope.organisationPath)
        query = query.group(.or) { or in
            or.filter(\.$reporter.$id == user.userID)
            switch visibility.reach {
            case .ownReports:
                break
            case .scope:
                if scope.includesSubtree {
                    or.filter(OrganisationRecord.self, \.$path, .custom("LIKE"), prefix)
                } else {
                    or.filter(OrganisationRecord.self, \.$path == scope.organisationPath)
                }
            case .escalatedInSubtree:
                or.filter(OrganisationRecord.self, \.$path == scope.organisationPath)
                or.group(.and) { and in
                    and.filter(OrganisationRecord.self, \.$path, .custom("LIKE"), prefix).filter(\.$escalated == true)
                }
            }
        }
        if let status = filter.status { query = query.filter(\.$status == status) }
        if let scenario = filter.scenario { query = query.filter(\.$scenario == scenario.rawValue) }
        if let severity = filter.severity { query = query.filter(\.$severity == severity.rawValue) }
        if let organisationID = filter.organisationID { query = query.filter(\.$organisation.$id == organisationID) }
        if let from = filter.discoveredFrom { query = query.filter(\.$discoveredAt >= from) }
        if let to = filter.discoveredTo { query = query.filter(\.$discoveredAt < to) }
        if let assignee = filter.assigneeID { query = query.filter(\.$assignee.$id == assignee) }
        if filter.openOnly { query = query.filter(\.$disposition == "open").filter(\.$status != .closed) }
        if let now = filter.overdueAt {
            // The notification clock has run out and nobody has recorded the notification.
            query = query.filter(\.$notifiedAt == nil).filter(\.$disposition == "open").filter(\.$notifyBy < now)
        }
        if let text = filter.text, let search = SearchText.Query(text) {
            switch matches {
            case .all: query = query.filter(.sql(IncidentSearchIndex.matching(search, on: db)))
            case .since(let millis): query = query.filter(.sql(IncidentSearchIndex.matching(search, reportedSince: millis)))
            case .only(let ids): query = query.filter(\.$id ~~ ids)
            }
        }
        return query
    }

    func events(of incidentID: UUID, on db: any Database) async throws -> [IncidentEventRecord] {
        try await IncidentEventRecord.query(on: db).filter(\.$incident.$id == incidentID).sort(\.$at).all()
    }

    func indicators(of incidentID: UUID, on db: any Database) async throws -> [IncidentIndicatorRecord] {
        try await IncidentIndicatorRecord.query(on: db).filter(\.$incident.$id == incidentID).sort(\.$addedAt).all()
    }

    /// Other incidents, visible to the user, that share an indicator with this one.
    func related(to incidentID: UUID, for user: CurrentUser, on db: any Database) async throws -> [String: [IncidentRecord]] {
        let mine = try await indicators(of: incidentID, on: db)
        guard !mine.isEmpty else { return [:] }
        let matches = try await IncidentIndicatorRecord.query(on: db)
            .filter(\.$value ~~ mine.map(\.value)).filter(\.$incident.$id != incidentID)
            .with(\.$incident) { $0.with(\.$organisation) }.all()
        let visibility = IncidentVisibility(principal: user.principal)
        var result: [String: [IncidentRecord]] = [:]
        for match in matches {
            let incident = match.incident
            guard mine.contains(where: { $0.type == match.type && $0.value == match.value }),
                  visibility.canSee(organisationPath: incident.organisation.path, escalated: incident.escalated,
                                    reportedByUser: incident.$reporter.id == user.userID)
            else { continue }
            result[match.value, default: []].append(incident)
        }
        return result
    }

    /// The next reference number of an organisation for a year, inside the caller's transaction.
    /// An insert that ignores conflicts, then one atomic increment: safe when several processes
    /// report at once (the update's row lock serialises them on PostgreSQL; SQLite has one writer).
    func nextNumber(organisationID: UUID, year: Int, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        try await sql.insert(into: IncidentCounterRecord.schema)
            .columns("id", "organisation_id", "year", "last_number")
            .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(year), SQLBind(0))
            .ignoringConflicts(with: ["organisation_id", "year"])
            .run()
        let row = try await sql.update(IncidentCounterRecord.schema)
            .set(SQLIdentifier("last_number"), to: SQLBinaryExpression(SQLIdentifier("last_number"), .add, SQLLiteral.numeric("1")))
            .where("organisation_id", .equal, organisationID)
            .where("year", .equal, year)
            .returning("last_number")
            .first()
        guard let number = try row?.decode(column: "last_number", as: Int.self) else { throw Abort(.internalServerError) }
        return number
    }
}

extension IncidentRepository {
    /// An organisation's latest incidents that name one of these systems (by id, or by the name
    /// the reporter typed), newest first.
    func recent(ofOrganisation id: UUID, systemIDs: [String], systemNames: [String], limit: Int,
                on db: any Database) async throws -> [IncidentRecord] {
        try await IncidentRecord.query(on: db).filter(\.$organisation.$id == id)
            .group(.or) { $0.filter(\.$systemID ~~ systemIDs).filter(\.$systemName ~~ systemNames) }
            .sort(\.$reportedMillis, .descending).limit(limit).all()
    }

    /// The id of the incident with this reference (any organisation: the caller checks visibility).
    func id(ofReference reference: String, on db: any Database) async throws -> UUID? {
        try await IncidentRecord.query(on: db).filter(\.$reference == reference.uppercased()).first()?.id
    }

    /// The incident's response tasks, in the playbook's order.
    func tasks(of incidentID: UUID, on db: any Database) async throws -> [IncidentTaskRecord] {
        try await IncidentTaskRecord.query(on: db).filter(\.$incident.$id == incidentID).sort(\.$position).all()
    }

    /// A report issued for this incident.
    func issuedReport(_ id: UUID, of incidentID: UUID, on db: any Database) async throws -> IssuedReportRecord? {
        try await IssuedReportRecord.query(on: db).filter(\.$id == id).filter(\.$incident.$id == incidentID).first()
    }

    /// The incident's issued reports, newest first.
    func issuedReports(of incidentID: UUID, on db: any Database) async throws -> [IssuedReportRecord] {
        try await IssuedReportRecord.query(on: db).filter(\.$incident.$id == incidentID).sort(\.$issuedAt, .descending).all()
    }
}
