import Fluent
import Foundation
import VigilCore

/// Information systems: created and changed within the caller's scope, each change recorded (what,
/// who, when) for the response plans that must be reviewed when their system changes.
struct SystemService: Sendable {
    let organisations: OrganisationRepository

    func list(for user: CurrentUser, on db: any Database) async throws -> [InformationSystemRecord] {
        let ids = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        return try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id ~~ ids).with(\.$organisation).sort(\.$name).all()
    }

    func find(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> InformationSystemRecord {
        guard let system = try await InformationSystemRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first(),
              user.scope.contains(path: system.organisation.path) else { throw VigilError.notFound }
        return system
    }

    /// The draft's problems as field errors (the form's field names are the CSV's columns).
    static func check(_ problems: [FieldProblem]) throws {
        guard !problems.isEmpty else { return }
        var error = VigilError.invalid(problems[0].field, problems[0].key, problems[0].arguments)
        error.fieldErrors = problems.map { VigilError.invalid($0.field, $0.key, $0.arguments) }
        throw error
    }

    private func owner(_ draft: SystemDraft, for user: CurrentUser, on db: any Database) async throws -> OrganisationRecord {
        let visible = try await organisations.all(in: user.scope, on: db)
        let wanted = draft.organisation?.lowercased()
        guard let found = wanted.map({ wanted in
            visible.first { $0.id?.uuidString.lowercased() == wanted || $0.code.lowercased() == wanted || $0.name.lowercased() == wanted }
        }) ?? visible.first(where: { $0.id == user.organisationID }) else {
            throw VigilError.invalid("organisation", "import.error.organisation", [draft.organisation ?? ""])
        }
        return found
    }

    /// Creates or changes a system; `hostIDs` and `supplierIDs`, when given, become its hosts and
    /// the suppliers it depends on (each of the owner's organisation). Every changed field, host
    /// list and supplier list goes into the change history with the audit entry, in one transaction.
    func save(_ draft: SystemDraft, problems: [FieldProblem], existing: InformationSystemRecord?, hostIDs: [UUID]? = nil, supplierIDs: [UUID]? = nil,
              by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> InformationSystemRecord {
        try Self.check(problems)
        let owner = try await owner(draft, for: user, on: db)
        let ownerID = try owner.requireID()
        let duplicate = try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id == ownerID).filter(\.$name == draft.name).first()
        if let duplicate, duplicate.id != existing?.id { throw VigilError.conflict("name", "system.error.name_taken") }
        let hosts = try await hostIDs.asyncMap { ids in
            let found = try await HostRecord.query(on: db).filter(\.$id ~~ ids).filter(\.$organisation.$id == ownerID).all()
            guard found.count == Set(ids).count else { throw VigilError.invalid("hosts", "system.error.hosts") }
            return found
        }
        let suppliers = try await supplierIDs.asyncMap { ids in
            let found = try await SupplierRecord.query(on: db).filter(\.$id ~~ ids).filter(\.$organisation.$id == ownerID).all()
            guard found.count == Set(ids).count else { throw VigilError.invalid("suppliers", "system.error.suppliers") }
            return found
        }
        let system = existing ?? InformationSystemRecord()
        var changes = AuditChanges()
        var recorded: SystemChangeLog.Fields = [:]
        func set(_ field: String, _ old: String?, _ new: String) {
            guard old != new else { return }
            changes.set(field, from: old, to: new)
            recorded[field] = ["from": old ?? "", "to": new]
        }
        set("name", existing?.name, draft.name)
        set("organisation", existing.map { $0.$organisation.id.uuidString.lowercased() }, ownerID.uuidString.lowercased())
        set("purpose", existing?.purpose, draft.purpose)
        set("security_level", existing.map { String($0.securityLevel) }, String(draft.securityLevel))
        set("national_critical", existing.map { String($0.nationalCritical) }, String(draft.nationalCritical))
        set("hosting", existing?.hosting, draft.hosting.rawValue)
        set("public_urls", existing?.publicURLs, draft.publicURLs.joined(separator: "\n"))
        set("responsible", existing?.responsible, draft.responsible)
        set("scan_interval_months", existing.map { String($0.scanIntervalMonths) }, String(draft.scanIntervalMonths))
        set("backups", existing?.backups, draft.backups)
        set("spare_equipment", existing?.spareEquipment, draft.spareEquipment)
        set("supplier_support", existing?.supplierSupport, draft.supplierSupport)
        let existingID = existing?.id
        if let hosts {
            let old = try await existingID.asyncMap { try await SystemChangeLog.hostList(ofSystem: $0, on: db) }
            set("hosts", old, hosts.map(\.hostname).sorted().joined(separator: ", "))
        }
        if let suppliers {
            let old = try await existingID.asyncMap { try await SystemChangeLog.supplierList(ofSystem: $0, on: db) }
            set("suppliers", old, suppliers.map(\.name).sorted().joined(separator: ", "))
        }
        if existing != nil && recorded.isEmpty { return system }
        system.name = draft.name
        system.$organisation.id = ownerID
        system.purpose = draft.purpose
        system.securityLevel = draft.securityLevel
        system.nationalCritical = draft.nationalCritical
        system.hosting = draft.hosting.rawValue
        system.publicURLs = draft.publicURLs.joined(separator: "\n")
        system.responsible = draft.responsible
        system.scanIntervalMonths = draft.scanIntervalMonths
        system.backups = draft.backups
        system.spareEquipment = draft.spareEquipment
        system.supplierSupport = draft.supplierSupport
        if existing == nil { system.scanReminded = "" }
        let snapshot = recorded
        let audited = changes
        let hostIDs = hosts?.compactMap(\.id), supplierIDs = suppliers?.compactMap(\.id)
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            if existing == nil { system.id = UUID() }
            try await system.save(on: db)
            let systemID = try system.requireID()
            if let hostIDs { try await Self.link(systemID, hosts: hostIDs, on: db) }
            if let supplierIDs { try await Self.link(systemID, suppliers: supplierIDs, on: db) }
            try await SystemChangeLog.record(systemID: systemID, snapshot, actor: user.displayName, at: now, on: db)
            audit.record(organisationID: ownerID, action: existing == nil ? "system.create" : "system.update", objectType: "information_system",
                         objectID: systemID.uuidString.lowercased(), changes: audited)
        }
        system.$organisation.value = owner
        return system
    }

    /// Makes `hostIDs` the system's hosts: links that go are removed, new ones added.
    private static func link(_ systemID: UUID, hosts hostIDs: [UUID], on db: any Database) async throws {
        let wanted = Set(hostIDs)
        let links = try await HostSystemRecord.query(on: db).filter(\.$systemID == systemID).all()
        for link in links where !wanted.contains(link.hostID) { try await link.delete(on: db) }
        for hostID in wanted.subtracting(links.map(\.hostID)) {
            let link = HostSystemRecord()
            link.id = UUID()
            link.hostID = hostID
            link.systemID = systemID
            try await link.create(on: db)
        }
    }

    /// Makes `supplierIDs` the suppliers the system depends on.
    private static func link(_ systemID: UUID, suppliers supplierIDs: [UUID], on db: any Database) async throws {
        let wanted = Set(supplierIDs)
        let links = try await SupplierDependencyRecord.query(on: db).filter(\.$systemID == systemID).all()
        for link in links where !wanted.contains(link.supplierID) { try await link.delete(on: db) }
        for supplierID in wanted.subtracting(links.map(\.supplierID)) {
            let link = SupplierDependencyRecord()
            link.id = UUID()
            link.supplierID = supplierID
            link.systemID = systemID
            try await link.create(on: db)
        }
    }

    func changes(of system: InformationSystemRecord, on db: any Database) async throws -> [SystemChangeRecord] {
        try await SystemChangeLog().changes(ofSystem: system.requireID(), on: db)
    }
}
