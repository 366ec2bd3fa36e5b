import Fluent
import Foundation
import VigilCore

/// Adds, changes and removes contacts (checked, audited). The only code that writes `contacts`.
struct ContactService: Sendable {
    let repository: ContactRepository
    let organisations: OrganisationRepository
    let users: UserRepository
    let suppliers: SupplierService
    let reportingBodies: ReportingBodyStore

    /// What a form or the API sends: the details, and the links (nil: unchanged; "": none).
    struct Input: Sendable {
        var draft = ContactDraft()
        var organisationID: String?
        var userID: String?
        var reportingBodyID: String?
        var supplierID: String?
    }

    func create(_ input: Input, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> ContactRecord {
        let contact = ContactRecord()
        contact.id = UUID()
        try await apply(input, to: contact, creating: true, user: user, on: db)
        var changes = AuditChanges()
        changes.created("name", contact.name)
        changes.created("role", contact.role)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await contact.create(on: db)
            audit.record(organisationID: contact.$organisation.id, action: "contact.create", objectType: "contact",
                         objectID: try contact.requireID().uuidString.lowercased(), changes: audited)
        }
        return contact
    }

    func update(_ contact: ContactRecord, _ input: Input, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        let before = (contact.name, contact.role, contact.phone, contact.email, contact.availability)
        try await apply(input, to: contact, creating: false, user: user, on: db)
        var changes = AuditChanges()
        changes.set("name", from: before.0, to: contact.name)
        changes.set("role", from: before.1, to: contact.role)
        changes.set("phone", from: before.2, to: contact.phone)
        changes.set("email", from: before.3, to: contact.email)
        changes.set("availability", from: before.4, to: contact.availability)
        // New details are not yet proven: reachability is confirmed again on the new ones.
        if before.2 != contact.phone || before.3 != contact.email { contact.confirmedAt = nil }
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await contact.save(on: db)
            audit.record(organisationID: contact.$organisation.id, action: "contact.update", objectType: "contact",
                         objectID: try contact.requireID().uuidString.lowercased(), changes: audited)
        }
    }

    /// Removes the contact, its steps in escalation chains (the steps after close up) and its checks.
    func delete(_ contact: ContactRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        var changes = AuditChanges()
        changes.set("name", from: contact.name, to: nil)
        let audited = changes
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let id = try contact.requireID()
            try await repository.removeFromChains(id, on: db, now: now)
            try await ContactCheckRecord.query(on: db).filter(\.$contactID == id).delete()
            try await contact.delete(on: db)
            audit.record(organisationID: contact.$organisation.id, action: "contact.delete", objectType: "contact",
                         objectID: id.uuidString.lowercased(), changes: audited)
        }
    }

    /// Checks the input and applies it, naming every field that is wrong.
    private func apply(_ input: Input, to contact: ContactRecord, creating: Bool, user: CurrentUser, on db: any Database) async throws {
        var problems = FieldProblems()
        switch ContactDetails.validated(input.draft, over: creating ? nil : contact.details) {
        case .success(let details): contact.apply(details)
        case .failure(let found): for problem in found.all { problems.add(Self.error(problem)) }
        }
        if creating {
            // The caller's own organisation unless the input names one in their scope.
            if let raw = input.organisationID?.nilIfEmpty {
                let id = try problems.check { try InputValidation.uuid(raw, field: "organisationId") } ?? nil
                if let id, try await organisations.find(id, in: user.scope, on: db) != nil {
                    contact.$organisation.id = id
                } else if id != nil {
                    problems.add(.invalid("organisationId", "validation.organisation_unknown"))
                }
            } else {
                contact.$organisation.id = user.organisationID
            }
        }
        if let raw = input.userID {
            contact.userID = nil
            if let id = try problems.check({ try InputValidation.uuid(raw, field: "userId") }) ?? nil {
                if try await users.find(id, in: user.scope, on: db) != nil { contact.userID = id } else { problems.add(.invalid("userId", "contact.error.user")) }
            }
        }
        if let raw = input.reportingBodyID {
            contact.reportingBodyID = nil
            if let id = try problems.check({ try InputValidation.uuid(raw, field: "reportingBodyId") }) ?? nil {
                if try await reportingBodies.all(on: db).contains(where: { $0.id == id }) {
                    contact.reportingBodyID = id
                } else {
                    problems.add(.invalid("reportingBodyId", "contact.error.reporting_body"))
                }
            }
        }
        if let raw = input.supplierID {
            contact.supplierID = nil
            if let id = try problems.check({ try InputValidation.uuid(raw, field: "supplierId") }) ?? nil {
                if (try? await suppliers.find(id, for: user, on: db)) != nil { contact.supplierID = id } else { problems.add(.invalid("supplierId", "contact.error.supplier")) }
            }
        }
        if problems.errors.isEmpty, contact.contactRole.isSingular,
           let holder = try await repository.holder(of: contact.contactRole, in: contact.$organisation.id, on: db), holder.id != contact.id {
            problems.add(.invalid("role", "contact.error.role_taken", [holder.name]))
        }
        try problems.throwIfAny()
    }

    /// A core problem as the error a user reads.
    static func error(_ problem: ContactDetails.Problem) -> VigilError {
        switch problem.code {
        case "required": .invalid(problem.field, "validation.required")
        case "too_long": .invalid(problem.field, "validation.too_long", ["200"])
        case "control_characters": .invalid(problem.field, "validation.control_characters")
        case "unknown": .invalid(problem.field, "contact.error.unknown_\(problem.field)")
        default: .invalid(problem.field, "contact.error.\(problem.code)")
        }
    }
}
