import Fluent
import Foundation

/// Token input rules, issuing and revocation, shared by the account page, the API and the command line.
enum ApiTokenActions {
    static func validate(name: String, expiresDays: String?) throws -> (String, Int?) {
        let name = try InputValidation.name(name, maxLength: 100)
        guard let text = expiresDays?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return (name, nil) }
        guard let days = Int(text), (1...3650).contains(days) else { throw VigilError.invalid("expires_days", "validation.expires_days") }
        return (name, days)
    }

    /// Issues a token and records it in the audit trail, in one transaction.
    static func issue(_ tokens: ApiTokenStore, userID: UUID, name: String, expiresInDays days: Int?, actor: AuditActor,
                      organisationID: UUID?, on db: any Database) async throws -> ApiTokenStore.Issued {
        try await db.change(by: actor) { db, audit in
            let issued = try await tokens.issue(userID: userID, name: name, expiresInDays: days, on: db, now: Date())
            var changes = AuditChanges()
            changes.created("name", name)
            changes.created("user", userID.uuidString.lowercased())
            changes.created("expires_days", days.map(String.init))
            audit.record(organisationID: organisationID, action: "token.create", objectType: "api_token",
                         objectID: issued.record.id?.uuidString.lowercased(), changes: changes)
            return issued
        }
    }

    static func revoke(_ token: ApiTokenRecord, actor: AuditActor, organisationID: UUID, on db: any Database) async throws {
        guard token.revokedAt == nil else { return }
        token.revokedAt = Date()
        try await db.change(by: actor) { db, audit in
            try await token.update(on: db)
            var changes = AuditChanges()
            changes.set("revoked", from: "false", to: "true")
            audit.record(organisationID: organisationID, action: "token.revoke", objectType: "api_token",
                         objectID: token.id?.uuidString.lowercased(), changes: changes)
        }
    }
}
