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

    func save(_ draft: SystemDraft, problems: [FieldProblem], existing: InformationSystemRecord?, by user: CurrentUser, address: String?,
              on db: any Database, now: Date = Date()) async throws -> InformationSystemRecord {
        try Self.check(problems)
        let owner = try await owner(draft, for: user, on: db)
        let ownerID = try owner.requireID()
        let duplicate = try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id == ownerID).filter(\.$name == draft.name).first()
        if let duplicate, duplicate.id != existing?.id { throw VigilError.conflict("name", "system.error.name_taken") }
        let system = existing ?? InformationSystemRecord()
        var changes = AuditChanges()
        var recorded: [String: [String: String]] = [:]
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
        if existing == nil { system.scanReminded = "" }
        let snapshot = recorded
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            if existing == nil { system.id = UUID() }
            try await system.save(on: db)
            let change = SystemChangeRecord()
            change.id = UUID()
            change.systemID = try system.requireID()
            change.at = now
            change.actor = user.displayName
            change.changes = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
            try await change.create(on: db)
            audit.record(organisationID: ownerID, action: existing == nil ? "system.create" : "system.update", objectType: "information_system",
                         objectID: try system.requireID().uuidString.lowercased(), changes: audited)
        }
        system.$organisation.value = owner
        return system
    }

    func changes(of system: InformationSystemRecord, on db: any Database) async throws -> [SystemChangeRecord] {
        try await SystemChangeRecord.query(on: db).filter(\.$systemID == system.requireID()).sort(\.$at, .descending).all()
    }
}
