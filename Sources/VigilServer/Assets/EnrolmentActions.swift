import Fluent
import Foundation
import VigilCore

/// Creating, rotating and revoking enrolment tokens, with their audit entries; shared by the
/// pages and the command line.
enum EnrolmentActions {
    static func issue(_ store: EnrolmentTokenStore, organisationID: UUID, name rawName: String, actor: AuditActor, createdBy: String,
                      on db: any Database, now: Date = Date()) async throws -> EnrolmentTokenStore.Issued {
        let name = try InputValidation.name(rawName, field: "name", maxLength: 100)
        return try await db.change(by: actor, at: now) { db, audit in
            let issued = try await store.issue(organisationID: organisationID, name: name, createdBy: createdBy, on: db, now: now)
            var changes = AuditChanges()
            changes.created("name", name)
            changes.created("prefix", issued.record.prefix)
            audit.record(organisationID: organisationID, action: "enrolment_token.create", objectType: "enrolment_token",
                         objectID: try issued.record.requireID().uuidString.lowercased(), changes: changes)
            return issued
        }
    }

    static func revoke(_ store: EnrolmentTokenStore, _ record: EnrolmentTokenRecord, actor: AuditActor, on db: any Database,
                       now: Date = Date()) async throws {
        try await db.change(by: actor, at: now) { db, audit in
            try await store.revoke(record, on: db, now: now)
            var changes = AuditChanges()
            changes.set("revoked", from: "false", to: "true")
            audit.record(organisationID: record.$organisation.id, action: "enrolment_token.revoke", objectType: "enrolment_token",
                         objectID: try record.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    /// A new token under the same name, and the old one revoked, in one transaction.
    static func rotate(_ store: EnrolmentTokenStore, _ record: EnrolmentTokenRecord, actor: AuditActor, createdBy: String,
                       on db: any Database, now: Date = Date()) async throws -> EnrolmentTokenStore.Issued {
        try await db.write { db in
            try await revoke(store, record, actor: actor, on: db, now: now)
            return try await issue(store, organisationID: record.$organisation.id, name: record.name, actor: actor, createdBy: createdBy,
                                   on: db, now: now)
        }
    }
}
