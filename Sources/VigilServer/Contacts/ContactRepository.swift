import Fluent
import Foundation
import Vapor
import VigilCore

/// The contacts' reads, for this capability's pages and for others (the dashboard); every read of
/// a person's record takes the caller's scope, so another organisation's contact is not found.
struct ContactRepository: Sendable {
    let settings: SettingsStore

    static let staleDaysKey = "contacts.stale_days"

    /// The reachability rules in force (the stale setting is the administrator's).
    func policy(on db: any Database) async throws -> ReachabilityPolicy {
        let days = Int(try await settings.value(Self.staleDaysKey, on: db) ?? "") ?? ReachabilityPolicy.defaultStaleAfterDays
        return ReachabilityPolicy(staleAfterDays: days)
    }

    func find(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> ContactRecord? {
        guard let contact = try await ContactRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first(),
              scope.contains(path: contact.organisation.path) else { return nil }
        return contact
    }

    /// The contact the route names (`contactID`) in the caller's scope.
    func load(_ req: Request) async throws -> ContactRecord {
        guard let id = req.parameters.get("contactID", as: UUID.self),
              let contact = try await find(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        return contact
    }

    /// `?organisation=&role=`, each checked.
    struct Filter: Sendable {
        var organisationID: UUID?
        var role: ContactRole?

        init() {}

        init(_ req: Request) throws {
            organisationID = try InputValidation.uuid(req.query[String.self, at: "organisation"], field: "organisation")
            if let raw = req.query[String.self, at: "role"], !raw.isEmpty {
                guard let role = ContactRole(rawValue: raw) else { throw VigilError.invalid("role", "validation.unknown_code", [String(raw.prefix(40))]) }
                self.role = role
            }
        }
    }

    /// Contacts in scope, by id (cursor: the last id).
    func list(in scope: AccessScope, filter: Filter, after: String?, limit: Int, on db: any Database) async throws -> [ContactRecord] {
        var query = ContactRecord.query(on: db).join(OrganisationRecord.self, on: \ContactRecord.$organisation.$id == \OrganisationRecord.$id)
            .joinedOrganisation(within: scope)
        if let id = filter.organisationID { query = query.filter(\.$organisation.$id == id) }
        if let role = filter.role { query = query.filter(\.$role == role.rawValue) }
        if let after {
            guard let id = UUID(uuidString: after) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            query = query.filter(\.$id > id)
        }
        return try await query.with(\.$organisation).sort(\.$id).limit(limit).all()
    }

    /// An organisation's contacts, focal point and deputy first, then by name.
    func all(ofOrganisation id: UUID, on db: any Database) async throws -> [ContactRecord] {
        try await ContactRecord.query(on: db).filter(\.$organisation.$id == id).all().sorted(by: ContactRecord.directoryOrder)
    }

    /// The contacts of several organisations (a plan's: the system's organisation and those above it).
    func all(ofOrganisations ids: [UUID], on db: any Database) async throws -> [ContactRecord] {
        guard !ids.isEmpty else { return [] }
        return try await ContactRecord.query(on: db).filter(\.$organisation.$id ~~ ids).all()
    }

    /// Who holds a role an organisation names once (focal point, deputy).
    func holder(of role: ContactRole, in organisationID: UUID, on db: any Database) async throws -> ContactRecord? {
        try await ContactRecord.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$role == role.rawValue).first()
    }

    /// The contacts of several organisations in one query (the focal points and deputies of a list).
    func named(inOrganisations ids: [UUID], on db: any Database) async throws -> [ContactRecord] {
        guard !ids.isEmpty else { return [] }
        return try await ContactRecord.query(on: db).filter(\.$organisation.$id ~~ ids)
            .filter(\.$role ~~ [ContactRole.focalPoint.rawValue, ContactRole.deputyFocalPoint.rawValue]).all()
    }

    /// An organisation's focal point, deputy and their problems.
    struct FocalPointStatus: Sendable {
        let organisation: OrganisationRecord
        let focalPoint: ContactRecord?
        let deputy: ContactRecord?
        let problems: [FocalPointProblem]
    }

    func status(of organisations: [OrganisationRecord], on db: any Database, now: Date = Date()) async throws -> [FocalPointStatus] {
        let policy = try await policy(on: db)
        let contacts = Dictionary(grouping: try await named(inOrganisations: organisations.compactMap(\.id), on: db)) { $0.$organisation.id }
        return organisations.map { organisation in
            let own = organisation.id.flatMap { contacts[$0] } ?? []
            let focal = own.first { $0.contactRole == .focalPoint }, deputy = own.first { $0.contactRole == .deputyFocalPoint }
            return FocalPointStatus(organisation: organisation, focalPoint: focal, deputy: deputy,
                                    problems: FocalPointRule.problems(focalPoint: focal?.named, deputy: deputy?.named, policy: policy, now: now))
        }
    }

    /// The focal points and deputies (every organisation) whom the periodic job should check now.
    func needingCheck(policy: ReachabilityPolicy, on db: any Database, now: Date) async throws -> [ContactRecord] {
        try await ContactRecord.query(on: db)
            .filter(\.$role ~~ [ContactRole.focalPoint.rawValue, ContactRole.deputyFocalPoint.rawValue]).filter(\.$email != nil).all()
            .filter { policy.needsCheck(confirmedAt: $0.confirmedAt, checkSentAt: $0.checkSentAt, now: now) }
    }

    /// The notices an organisation sent, newest first.
    func notices(ofOrganisation id: UUID, on db: any Database) async throws -> [FocalPointNoticeRecord] {
        try await FocalPointNoticeRecord.query(on: db).filter(\.$organisation.$id == id).sort(\.$sentAt, .descending).all()
    }

    func notice(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> FocalPointNoticeRecord? {
        guard let notice = try await FocalPointNoticeRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first(),
              scope.contains(path: notice.organisation.path) else { return nil }
        return notice
    }

    /// Takes a removed contact out of the chains (the later steps move up) and skips its pending runs.
    func removeFromChains(_ contactID: UUID, on db: any Database, now: Date) async throws {
        let steps = try await EscalationStepRecord.query(on: db).filter(\.$contactID == contactID).all()
        for organisationID in Set(steps.map(\.organisationID)) {
            let remaining = try await EscalationStepRecord.query(on: db).filter(\.$organisationID == organisationID).sort(\.$position).all()
                .filter { $0.contactID != contactID }
            try await EscalationStepRecord.query(on: db).filter(\.$organisationID == organisationID).delete()
            for (index, step) in remaining.enumerated() {
                try await EscalationStepRecord(organisationID: organisationID, position: index + 1,
                                               step: EscalationStep(contactID: step.contactID, waitMinutes: step.waitMinutes)).create(on: db)
            }
        }
        try await EscalationRunRecord.query(on: db).filter(\.$contactID == contactID).filter(\.$status == EscalationRunRecord.Status.pending.rawValue)
            .set(\.$status, to: EscalationRunRecord.Status.skipped.rawValue).set(\.$doneAt, to: now).set(\.$note, to: "contact_removed").update()
    }
}

extension ContactRepository {
    /// The administrator's "stale after N days".
    func saveStaleDays(_ raw: String, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        let range = ReachabilityPolicy.staleAfterDaysRange
        guard let days = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(days) else {
            throw VigilError.invalid("staleDays", "settings.error.days", [String(range.lowerBound), String(range.upperBound)])
        }
        let old = try await policy(on: db).staleAfterDays
        let settings = self.settings
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await settings.set(Self.staleDaysKey, to: String(days), on: db)
            var changes = AuditChanges()
            changes.set(Self.staleDaysKey, from: String(old), to: String(days))
            audit.record(organisationID: nil, action: "settings.update", objectType: "settings", objectID: "contacts", changes: changes)
        }
    }
}

extension ContactRepository {
    /// The organisations that name a focal point: agencies, and a lone organisation at the top of
    /// its tree that is no province.
    static func namingOrganisations(_ organisations: [OrganisationRecord]) -> [OrganisationRecord] {
        organisations.filter { $0.kind == .agency || ($0.$parent.id == nil && $0.kind != .province) }
    }
}
