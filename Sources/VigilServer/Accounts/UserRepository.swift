import Fluent
import Foundation
import VigilCore

/// The only place that queries users; reads are limited to the caller's scope.
struct UserRepository: Sendable {
    func find(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> UserRecord? {
        guard let user = try await UserRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first(),
              scope.contains(path: user.organisation.path)
        else { return nil }
        return user
    }

    func find(email: String, on db: any Database) async throws -> UserRecord? {
        try await UserRecord.query(on: db).filter(\.$email == email.lowercased()).with(\.$organisation).first()
    }

    /// Users in scope ordered by e-mail; `after` is an e-mail.
    func list(in scope: AccessScope, after: String?, limit: Int, on db: any Database) async throws -> [UserRecord] {
        var query = UserRecord.query(on: db).join(OrganisationRecord.self, on: \UserRecord.$organisation.$id == \OrganisationRecord.$id)
            .filter(\.$isSystem == false).joinedOrganisation(within: scope)
        if let after { query = query.filter(\.$email > after) }
        return try await query.with(\.$organisation).sort(\.$email).limit(limit).all()
    }

    func count(on db: any Database) async throws -> Int {
        try await UserRecord.query(on: db).filter(\.$isSystem == false).count()
    }
}

extension UserRepository {
    /// The active users of these organisations, by name.
    func active(inOrganisations ids: [UUID], on db: any Database) async throws -> [UserRecord] {
        try await UserRecord.query(on: db).filter(\.$organisation.$id ~~ ids).filter(\.$disabledAt == nil).sort(\.$displayName).all()
    }

    /// A sign-in is a security event: the user's last sign-in and its audit entry, with the address.
    func recordSignIn(_ user: UserRecord, address: String, method: String, on db: any Database, now: Date) async throws {
        user.lastLoginAt = now
        try await db.change(by: AuditActor(userID: user.id?.uuidString.lowercased(), label: user.email, address: address), at: now) { db, audit in
            try await user.update(on: db)
            var changes = AuditChanges()
            changes.created("method", method)
            audit.record(organisationID: user.$organisation.id, action: "session.sign_in", objectType: "user",
                         objectID: user.id?.uuidString.lowercased(), changes: changes)
        }
    }
}

extension UserRepository {
    /// The user with their organisation loaded, whoever asks (the caller checks who may see them).
    func withOrganisation(_ id: UUID, on db: any Database) async throws -> UserRecord? {
        try await UserRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first()
    }
}

extension UserRepository {
    /// Active users of these organisations, and how many of them hold `role` (the first steps).
    func counts(inOrganisations ids: [UUID], holding role: Role, on db: any Database) async throws -> (users: Int, holding: Int) {
        guard !ids.isEmpty else { return (0, 0) }
        let base = UserRecord.query(on: db).filter(\.$organisation.$id ~~ ids).filter(\.$disabledAt == nil)
        let users = try await base.copy().count()
        let holding = try await base.copy().filter(\.$rolesText, .custom("LIKE"), "%\(role.rawValue)%").count()
        return (users, holding)
    }

    /// Active users of one organisation holding any of these roles, by name: who to ask for something.
    func holders(of roles: [Role], inOrganisation id: UUID, on db: any Database) async throws -> [UserRecord] {
        let users = try await UserRecord.query(on: db).filter(\.$organisation.$id == id).filter(\.$disabledAt == nil)
            .sort(\.$displayName).limit(200).all()
        return users.filter { user in user.roles.contains { roles.contains($0) } }
    }
}

extension UserRepository {
    /// Vigil as a reporter in an organisation (what monitors find): a user marked as the system,
    /// disabled (it never signs in), in no list; made the first time it is needed.
    func systemUser(in organisation: OrganisationRecord, on db: any Database, now: Date) async throws -> UserRecord {
        let organisationID = try organisation.requireID()
        // Integration tokens' users are system users too; Vigil's own is `vigil+…`.
        if let existing = try await UserRecord.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$isSystem == true)
            .filter(\.$email, .contains(inverse: false, .prefix), "vigil+").first() {
            return existing
        }
        let user = UserRecord(email: "vigil+\(organisation.code.lowercased())@system.vigil.invalid", displayName: "Vigil", passwordHash: "!",
                              roles: [.reporter], organisationID: organisationID, mustChangePassword: false)
        user.isSystem = true
        user.disabledAt = now
        try await user.create(on: db)
        return user
    }
}
