import Fluent
import Foundation
import VigilCore

/// Creating and changing accounts, for the UI, the API and the command line alike. Every change
/// is written with its audit entry in one transaction.
struct UserService: Sendable {
    let users: UserRepository
    let organisations: OrganisationRepository
    let hasher: PasswordHasher
    let sessions: SessionStore
    let passwordPolicy = PasswordPolicy()

    struct Draft: Sendable {
        var email: String
        var displayName: String?
        var organisationID: UUID
        var roles: [Role]
        /// nil: a one-time password is made and must be changed at first login.
        var password: String?
    }

    struct Created: Sendable {
        let user: UserRecord
        let oneTimePassword: String?
    }

    /// - Parameter scope: the caller's scope; nil for the command line.
    func create(_ draft: Draft, scope: AccessScope?, actor: AuditActor, on db: any Database) async throws -> Created {
        var problems = FieldProblems()
        let email = try problems.check { try InputValidation.email(draft.email) }
        let displayName = try problems.check {
            try InputValidation.name(draft.displayName ?? String(email?.split(separator: "@").first ?? "user"), field: "display_name")
        }
        if draft.roles.isEmpty { problems.add(.invalid("roles", "validation.roles_required")) }
        let organisation: OrganisationRecord? = if let scope {
            try await organisations.find(draft.organisationID, in: scope, on: db)
        } else {
            try await organisations.find(draft.organisationID, on: db)
        }
        if organisation == nil { problems.add(.invalid("organisation", "validation.organisation_unknown")) }
        if let password = draft.password { _ = try problems.check { try checkPolicy(password, email: email ?? draft.email, field: "password") } }
        try problems.throwIfAny()
        guard let email, let displayName, let organisation else { throw VigilError.internal }
        if try await users.find(email: email, on: db) != nil {
            throw VigilError.conflict("email", "validation.email_taken")
        }
        let oneTimePassword = draft.password == nil ? Secrets.oneTimePassword() : nil
        let user = UserRecord(
            email: email, displayName: displayName, passwordHash: try hasher.hash(draft.password ?? oneTimePassword!),
            roles: draft.roles, organisationID: try organisation.requireID(), mustChangePassword: oneTimePassword != nil)
        try await db.change(by: actor) { db, audit in
            try await user.create(on: db)
            var changes = AuditChanges()
            changes.created("email", email)
            changes.created("display_name", displayName)
            changes.created("roles", user.rolesText)
            changes.created("organisation", organisation.id?.uuidString.lowercased())
            audit.record(organisationID: organisation.id, action: "user.create", objectType: "user",
                         objectID: user.id?.uuidString.lowercased(), changes: changes)
        }
        user.$organisation.value = organisation
        return Created(user: user, oneTimePassword: oneTimePassword)
    }

    struct Update: Sendable {
        var displayName: String
        var roles: [Role]
        var disabled: Bool
        var twoFactorRequired: Bool
    }

    func update(_ user: UserRecord, with update: Update, actor: AuditActor, on db: any Database) async throws {
        let displayName = try InputValidation.name(update.displayName, field: "display_name")
        guard !update.roles.isEmpty else { throw VigilError.invalid("roles", "validation.roles_required") }
        var changes = AuditChanges()
        changes.set("display_name", from: user.displayName, to: displayName)
        changes.set("roles", from: user.rolesText, to: Role.serialize(update.roles))
        changes.set("disabled", from: String(user.disabledAt != nil), to: String(update.disabled))
        changes.set("totp_required", from: String(user.totpRequired), to: String(update.twoFactorRequired))
        guard !changes.isEmpty else { return }
        user.displayName = displayName
        user.roles = update.roles
        if update.disabled != (user.disabledAt != nil) { user.disabledAt = update.disabled ? Date() : nil }
        user.totpRequired = update.twoFactorRequired
        let recorded = changes
        try await db.change(by: actor) { db, audit in
            try await user.update(on: db)
            if update.disabled { try await sessions.endAll(userID: try user.requireID(), on: db) }
            audit.record(organisationID: user.$organisation.id, action: "user.update", objectType: "user",
                         objectID: user.id?.uuidString.lowercased(), changes: recorded)
        }
    }

    /// Replaces the password by a one-time one, ends the user's sessions, returns the password.
    func resetPassword(_ user: UserRecord, actor: AuditActor, on db: any Database) async throws -> String {
        let password = Secrets.oneTimePassword()
        user.passwordHash = try hasher.hash(password)
        user.mustChangePassword = true
        try await db.change(by: actor) { db, audit in
            try await user.update(on: db)
            try await sessions.endAll(userID: try user.requireID(), on: db)
            var changes = AuditChanges()
            changes.set("password", from: nil, to: "reset")
            audit.record(organisationID: user.$organisation.id, action: "user.reset_password", objectType: "user",
                         objectID: user.id?.uuidString.lowercased(), changes: changes)
        }
        return password
    }

    func changePassword(_ user: UserRecord, current: String, new: String, confirmation: String,
                        keepSession: UUID?, actor: AuditActor, on db: any Database) async throws {
        var problems = FieldProblems()
        if !hasher.verify(current, hash: user.passwordHash) { problems.add(.invalid("current_password", "validation.password_wrong")) }
        if new == current { problems.add(.invalid("new_password", "validation.password_same")) }
        _ = try problems.check { try checkPolicy(new, email: user.email, field: "new_password") }
        if new != confirmation { problems.add(.invalid("confirmation", "validation.password_mismatch")) }
        try problems.throwIfAny()
        user.passwordHash = try hasher.hash(new)
        user.mustChangePassword = false
        try await db.change(by: actor) { db, audit in
            try await user.update(on: db)
            try await sessions.endAll(userID: try user.requireID(), except: keepSession, on: db)
            var changes = AuditChanges()
            changes.set("password", from: nil, to: "changed")
            audit.record(organisationID: user.$organisation.id, action: "user.change_password", objectType: "user",
                         objectID: user.id?.uuidString.lowercased(), changes: changes)
        }
    }

    func setLanguage(_ user: UserRecord, _ language: UILanguage, on db: any Database) async throws {
        user.locale = language.rawValue
        try await user.update(on: db)
    }

    private func checkPolicy(_ password: String, email: String, field: String) throws {
        do {
            try passwordPolicy.check(password, email: email)
        } catch {
            switch error {
            case .tooShort(let minimum): throw VigilError.invalid(field, "validation.password_short", [String(minimum)])
            case .tooLong(let maximum): throw VigilError.invalid(field, "validation.password_long", [String(maximum)])
            case .containsEmail: throw VigilError.invalid(field, "validation.password_email")
            case .tooFewDistinctCharacters: throw VigilError.invalid(field, "validation.password_simple")
            }
        }
    }

    /// "Sign out everywhere": ends every session of the user, this one included (a lost phone, a
    /// shared computer). API tokens are not sessions and stay until revoked on their own page.
    func signOutEverywhere(_ user: UserRecord, actor: AuditActor, on db: any Database) async throws -> Int {
        let userID = try user.requireID()
        return try await db.change(by: actor) { db, audit in
            let count = try await sessions.count(userID: userID, on: db)
            try await sessions.endAll(userID: userID, on: db)
            var changes = AuditChanges()
            changes.set("sessions", from: String(count), to: "0")
            audit.record(organisationID: user.$organisation.id, action: "session.sign_out_everywhere", objectType: "user",
                         objectID: userID.uuidString.lowercased(), changes: changes)
            return count
        }
    }

}
