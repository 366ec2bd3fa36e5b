import Fluent
import Foundation
import Vapor
import VigilCore

extension MonitorService {
    /// `?status=&kind=&organisation=&system=`, each checked.
    struct Filter: Sendable {
        var status: MonitorStatus?
        var kind: MonitorKind?
        var organisationID: UUID?
        var systemID: UUID?

        init() {}

        init(_ req: Request) throws {
            func code<T: RawRepresentable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
                guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
                guard let value = T(rawValue: raw) else { throw VigilError.invalid(name, "validation.unknown_code", [String(raw.prefix(40))]) }
                return value
            }
            status = try code("status", MonitorStatus.self)
            kind = try code("kind", MonitorKind.self)
            organisationID = try InputValidation.uuid(req.query[String.self, at: "organisation"].flatMap { $0.isEmpty ? nil : $0 }, field: "organisation")
            systemID = try InputValidation.uuid(req.query[String.self, at: "system"].flatMap { $0.isEmpty ? nil : $0 }, field: "system")
        }
    }

    /// Monitors in scope, by id (cursor: the last id).
    func list(in scope: AccessScope, filter: Filter, after: String?, limit: Int, on db: any Database) async throws -> [MonitorRecord] {
        var query = MonitorRecord.query(on: db).join(OrganisationRecord.self, on: \MonitorRecord.$organisation.$id == \OrganisationRecord.$id)
            .joinedOrganisation(within: scope)
        if let status = filter.status { query = query.filter(\.$status == status.rawValue) }
        if let kind = filter.kind { query = query.filter(\.$kind == kind.rawValue) }
        if let id = filter.organisationID { query = query.filter(\.$organisation.$id == id) }
        if let id = filter.systemID { query = query.filter(\.$systemID == id) }
        if let after {
            guard let id = UUID(uuidString: after) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            query = query.filter(\.$id > id)
        }
        return try await query.with(\.$organisation).sort(\.$id).limit(limit).all()
    }
}

extension MonitorService {
    /// A monitor's history, newest first (cursor: the last id).
    func history(of monitorID: UUID, before: String?, limit: Int, on db: any Database) async throws -> [MonitorCheckRecord] {
        var query = MonitorCheckRecord.query(on: db).filter(\.$monitorID == monitorID)
        if let before {
            guard let id = UUID(uuidString: before) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            query = query.filter(\.$id < id)
        }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }
}

extension MonitorRunner {
    /// Fetches the page now and makes it the baseline (a new version; the old ones are kept); a
    /// monitor marked defaced is up again, its incident told.
    func acceptBaseline(_ monitor: MonitorRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        guard monitor.monitorKind == .http else { throw VigilError.invalid("kind", "monitor.error.defacement_http") }
        var config = try await config(for: monitor, on: db)
        config.defacement = true
        config.baseline = nil
        let result = await probe.run(config, now: now)
        guard result.outcome.verdict == .ok, let page = result.page, let snapshot = result.snapshot else {
            throw VigilError.invalid("baseline", "monitor.error.baseline_fetch", [result.outcome.code ?? ""])
        }
        try await saveBaseline(page, snapshot, of: monitor, acceptedBy: user.displayName, on: db, now: now)
        var changes = AuditChanges()
        changes.created("baseline", try await activeBaseline(of: try monitor.requireID(), on: db).map { String($0.version) })
        let audited = changes
        let wasDefaced = monitor.monitorStatus == .defaced
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            if wasDefaced || monitor.failures > 0 {
                monitor.status = MonitorStatus.up.rawValue
                monitor.failures = 0
                monitor.lastChangeAt = now
                try await monitor.save(on: db)
            }
            audit.record(organisationID: monitor.$organisation.id, action: "monitor.baseline", objectType: "monitor",
                         objectID: try monitor.requireID().uuidString.lowercased(), changes: audited)
        }
        if wasDefaced { try await note(monitor, kind: "monitor_baseline_accepted", detail: user.displayName, on: db, now: now) }
    }
}
