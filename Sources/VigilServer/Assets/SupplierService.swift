import Fluent
import Foundation
import VigilCore

/// Suppliers, their contracts and what depends on them, within the caller's scope; and the
/// reminders when a contract ends or a security review is overdue.
struct SupplierService: Sendable {
    let organisations: OrganisationRepository
    let notifications: NotificationService
    let timeZone: TimeZone

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    struct Draft: Sendable {
        var name: String
        var organisation: String?
        var services: String
        var contacts: String
        var remoteAccess: String
        var lastReview: String
        var reviewResult: String
        var reviewIntervalMonths: String
        var risk: String
    }

    func list(for user: CurrentUser, on db: any Database) async throws -> [SupplierRecord] {
        let ids = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        return try await SupplierRecord.query(on: db).filter(\.$organisation.$id ~~ ids).with(\.$organisation).sort(\.$name).all()
    }

    func find(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> SupplierRecord {
        guard let supplier = try await SupplierRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first(),
              user.scope.contains(path: supplier.organisation.path) else { throw VigilError.notFound }
        return supplier
    }

    static func day(_ text: String, field: String, problems: inout FieldProblems) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let date = ISO8601.parse(trimmed + "T00:00:00Z") else {
            problems.add(.invalid(field, "validation.date"))
            return nil
        }
        return date
    }

    func save(_ draft: Draft, existing: SupplierRecord?, by user: CurrentUser, address: String?, on db: any Database,
              now: Date = Date()) async throws -> SupplierRecord {
        var problems = FieldProblems()
        let name = try problems.check { try InputValidation.name(draft.name, field: "name", maxLength: 200) }
        for (value, field) in [(draft.services, "services"), (draft.contacts, "contacts"), (draft.remoteAccess, "remoteAccess"),
                               (draft.reviewResult, "reviewResult")] where value.count > 4000 {
            problems.add(.invalid(field, "validation.too_long", ["4000"]))
        }
        let lastReview = Self.day(draft.lastReview, field: "lastReview", problems: &problems)
        let interval = Int(draft.reviewIntervalMonths.trimmingCharacters(in: .whitespaces)) ?? 12
        if !(1...60).contains(interval) { problems.add(.invalid("reviewIntervalMonths", "validation.number")) }
        guard let risk = Criticality(rawValue: draft.risk) else {
            problems.add(.invalid("risk", "validation.unknown_code", [draft.risk]))
            try problems.throwIfAny()
            throw VigilError.internal
        }
        let visible = try await organisations.all(in: user.scope, on: db)
        let owner = draft.organisation.flatMap { wanted in visible.first { $0.id?.uuidString.lowercased() == wanted.lowercased() } }
            ?? (existing == nil ? visible.first { $0.id == user.organisationID } : visible.first { $0.id == existing?.$organisation.id })
        if owner == nil { problems.add(.invalid("organisation", "validation.organisation_unknown")) }
        try problems.throwIfAny()
        guard let name, let owner else { throw VigilError.internal }
        let ownerID = try owner.requireID()
        if let other = try await SupplierRecord.query(on: db).filter(\.$organisation.$id == ownerID).filter(\.$name == name).first(),
           other.id != existing?.id {
            throw VigilError.conflict("name", "supplier.error.name_taken")
        }
        let supplier = existing ?? SupplierRecord()
        if existing == nil { supplier.id = UUID() }
        supplier.$organisation.id = ownerID
        supplier.name = name
        supplier.services = draft.services
        supplier.contacts = draft.contacts
        supplier.remoteAccess = draft.remoteAccess
        if supplier.lastReviewOn != lastReview { supplier.reviewRemindedAt = nil }
        supplier.lastReviewOn = lastReview
        supplier.reviewResult = draft.reviewResult
        supplier.reviewIntervalMonths = interval
        supplier.risk = risk.rawValue
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await supplier.save(on: db)
            var changes = AuditChanges()
            changes.created("name", name)
            changes.created("risk", risk.rawValue)
            audit.record(organisationID: ownerID, action: existing == nil ? "supplier.create" : "supplier.update", objectType: "supplier",
                         objectID: try supplier.requireID().uuidString.lowercased(), changes: changes)
        }
        supplier.$organisation.value = owner
        return supplier
    }

    /// Adds a contract, or changes one of the supplier's (a renewal: a new end date is announced
    /// again when it nears).
    func saveContract(_ existingID: UUID?, of supplier: SupplierRecord, reference rawReference: String, startsOn: String, endsOn: String,
                      clauses: String, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        var problems = FieldProblems()
        let reference = try problems.check { try InputValidation.name(rawReference, field: "reference", maxLength: 200) }
        let start = Self.day(startsOn, field: "startsOn", problems: &problems)
        let end = Self.day(endsOn, field: "endsOn", problems: &problems)
        if let start, let end, end < start { problems.add(.invalid("endsOn", "supplier.error.ends_before_start")) }
        if clauses.count > 4000 { problems.add(.invalid("securityClauses", "validation.too_long", ["4000"])) }
        try problems.throwIfAny()
        let supplierID = try supplier.requireID()
        let contract: SupplierContractRecord
        if let existingID {
            guard let found = try await SupplierContractRecord.query(on: db).filter(\.$id == existingID).filter(\.$supplierID == supplierID).first()
            else { throw VigilError.notFound }
            contract = found
        } else {
            contract = SupplierContractRecord()
            contract.id = UUID()
            contract.supplierID = supplierID
        }
        var changes = AuditChanges()
        func set(_ field: String, _ old: String?, _ new: String?) { if old != new { changes.set(field, from: old, to: new) } }
        set("reference", existingID == nil ? nil : contract.reference, reference ?? rawReference)
        set("startsOn", contract.startsOn.map(ISODay.string), start.map(ISODay.string))
        set("endsOn", contract.endsOn.map(ISODay.string), end.map(ISODay.string))
        set("securityClauses", existingID == nil ? nil : contract.securityClauses, clauses)
        if existingID != nil && contract.endsOn != end { contract.remindedAt = nil }
        contract.reference = reference ?? rawReference
        contract.startsOn = start
        contract.endsOn = end
        contract.securityClauses = clauses
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await contract.save(on: db)
            audit.record(organisationID: supplier.$organisation.id, action: existingID == nil ? "supplier.contract.create" : "supplier.contract.update", objectType: "supplier",
                         objectID: supplierID.uuidString.lowercased(), changes: audited)
        }
    }

    func removeContract(_ contractID: UUID, of supplier: SupplierRecord, by user: CurrentUser, address: String?, on db: any Database,
                        now: Date = Date()) async throws {
        let supplierID = try supplier.requireID()
        guard let contract = try await SupplierContractRecord.query(on: db).filter(\.$id == contractID).filter(\.$supplierID == supplierID).first()
        else { throw VigilError.notFound }
        var changes = AuditChanges()
        changes.set("reference", from: contract.reference, to: nil)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await contract.delete(on: db)
            audit.record(organisationID: supplier.$organisation.id, action: "supplier.contract.remove", objectType: "supplier",
                         objectID: supplierID.uuidString.lowercased(), changes: audited)
        }
    }

    /// Links a system or a host of the supplier's organisation.
    func addDependency(to supplier: SupplierRecord, systemID: UUID?, hostID: UUID?, by user: CurrentUser, address: String?,
                       on db: any Database, now: Date = Date()) async throws {
        let organisationID = supplier.$organisation.id
        if let systemID {
            guard try await InformationSystemRecord.query(on: db).filter(\.$id == systemID).filter(\.$organisation.$id == organisationID).count() == 1
            else { throw VigilError.invalid("dependency", "supplier.error.dependency") }
        } else if let hostID {
            guard try await HostRecord.query(on: db).filter(\.$id == hostID).filter(\.$organisation.$id == organisationID).count() == 1
            else { throw VigilError.invalid("dependency", "supplier.error.dependency") }
        } else {
            throw VigilError.invalid("dependency", "validation.required")
        }
        let supplierID = try supplier.requireID()
        let duplicate = try await SupplierDependencyRecord.query(on: db).filter(\.$supplierID == supplierID)
            .filter(\.$systemID == systemID).filter(\.$hostID == hostID).count()
        guard duplicate == 0 else { return }
        let dependency = SupplierDependencyRecord()
        dependency.id = UUID()
        dependency.supplierID = supplierID
        dependency.systemID = systemID
        dependency.hostID = hostID
        var changes = AuditChanges()
        changes.created(systemID == nil ? "host" : "system", (systemID ?? hostID)?.uuidString.lowercased())
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let before = try await systemID.asyncMap { try await SystemChangeLog.supplierList(ofSystem: $0, on: db) }
            try await dependency.create(on: db)
            if let systemID, let before {
                try await SystemChangeLog.record(systemID: systemID, ["suppliers": ["from": before, "to": try await SystemChangeLog.supplierList(ofSystem: systemID, on: db)]],
                                                 actor: user.displayName, at: now, on: db)
            }
            audit.record(organisationID: organisationID, action: "supplier.dependency.create", objectType: "supplier",
                         objectID: supplierID.uuidString.lowercased(), changes: audited)
        }
    }

    func removeDependency(_ dependencyID: UUID, of supplier: SupplierRecord, by user: CurrentUser, address: String?, on db: any Database,
                          now: Date = Date()) async throws {
        let supplierID = try supplier.requireID()
        guard let dependency = try await SupplierDependencyRecord.query(on: db).filter(\.$id == dependencyID).filter(\.$supplierID == supplierID).first()
        else { throw VigilError.notFound }
        var changes = AuditChanges()
        changes.set(dependency.systemID == nil ? "host" : "system", from: (dependency.systemID ?? dependency.hostID)?.uuidString.lowercased(), to: nil)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let systemID = dependency.systemID
            let before = try await systemID.asyncMap { try await SystemChangeLog.supplierList(ofSystem: $0, on: db) }
            try await dependency.delete(on: db)
            if let systemID, let before {
                try await SystemChangeLog.record(systemID: systemID, ["suppliers": ["from": before, "to": try await SystemChangeLog.supplierList(ofSystem: systemID, on: db)]],
                                                 actor: user.displayName, at: now, on: db)
            }
            audit.record(organisationID: supplier.$organisation.id, action: "supplier.dependency.remove", objectType: "supplier",
                         objectID: supplierID.uuidString.lowercased(), changes: audited)
        }
    }

    /// The daily reminders: a contract ending within 30 days (or ended) is announced once; an
    /// overdue review once per overdue period. They go to the organisation's focal point.
    func remind(on db: any Database, now: Date = Date()) async throws {
        for supplier in try await SupplierRecord.query(on: db).with(\.$organisation).all() {
            let supplierID = try supplier.requireID()
            let link = AssetsPath.supplier(.value(supplierID)).path
            for contract in try await SupplierContractRecord.query(on: db).filter(\.$supplierID == supplierID).filter(\.$remindedAt == nil).all() {
                switch SupplierRules.contract(endsOn: contract.endsOn, today: now, calendar: calendar) {
                case .endingSoon, .ended:
                    try await db.write { db in
                        contract.remindedAt = now
                        try await contract.update(on: db)
                        try await notifications.notifyRole(.focalPoint, nearest: supplier.organisation, messageKey: "notification.contract_ending",
                                                           arguments: [supplier.name, contract.reference], link: link, on: db, now: now)
                    }
                case .running, .open:
                    continue
                }
            }
            if supplier.reviewRemindedAt == nil,
               SupplierRules.reviewOverdue(lastReview: supplier.lastReviewOn, intervalMonths: supplier.reviewIntervalMonths, today: now, calendar: calendar) {
                try await db.write { db in
                    supplier.reviewRemindedAt = now
                    try await supplier.update(on: db)
                    try await notifications.notifyRole(.focalPoint, nearest: supplier.organisation, messageKey: "notification.supplier_review_due",
                                                       arguments: [supplier.name], link: link, on: db, now: now)
                }
            }
        }
    }
}
