import Fluent
import Foundation
import VigilCore

/// Token input rules, issuing and revocation, shared by the account page, the API and the command line.
enum ApiTokenActions {
    static func validate(name: String, expiresDays: String?) throws -> (String, Int?) {
        let name = try InputValidation.name(name, maxLength: 100)
        guard let text = expiresDays?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return (name, nil) }
        guard let days = Int(text), (1...3650).contains(days) else { throw VigilError.invalid("expires_days", "validation.expires_days") }
        return (name, days)
    }

    /// The scopes asked for (`incidents:read`, several per item allowed); nil when none is.
    static func scopes(_ items: [String]) throws -> TokenScopes? {
        let scopes = try checked { () throws(TokenScopeError) in try TokenScopes.parse(items) }
        return scopes.isEmpty ? nil : scopes
    }

    /// Runs a core scope rule, turning its refusal into the `scopes` field's translated error.
    static func checked<T>(_ rule: () throws(TokenScopeError) -> T) throws -> T {
        do {
            return try rule()
        } catch {
            switch error {
            case .unknown(let text): throw VigilError.invalid("scopes", "token.scope.unknown", [text])
            case .beyondRoles(let text): throw VigilError.invalid("scopes", "token.scope.beyond_roles", [text])
            case .beyondToken(let text): throw VigilError.invalid("scopes", "token.scope.beyond_token", [text])
            case .notForIntegrations(let text): throw VigilError.invalid("scopes", "token.scope.not_for_integrations", [text])
            case .empty: throw VigilError.invalid("scopes", "token.scope.empty")
            }
        }
    }

    /// Issues a token and records it in the audit trail, in one transaction.
    static func issue(_ tokens: ApiTokenStore, userID: UUID, name: String, expiresInDays days: Int?, scopes: TokenScopes? = nil,
                      actor: AuditActor, organisationID: UUID?, on db: any Database) async throws -> ApiTokenStore.Issued {
        try await db.change(by: actor) { db, audit in
            let issued = try await tokens.issue(userID: userID, name: name, expiresInDays: days, scopes: scopes, on: db, now: Date())
            var changes = AuditChanges()
            changes.created("name", name)
            changes.created("user", userID.uuidString.lowercased())
            changes.created("expires_days", days.map(String.init))
            if let scopes { changes.created("scopes", scopes.serialized) }
            audit.record(organisationID: organisationID, action: "token.create", objectType: "api_token",
                         objectID: issued.record.id?.uuidString.lowercased(), changes: changes)
            return issued
        }
    }

    /// Issues an organisation's integration token (and its user) with its audit entry, in one transaction.
    static func issueIntegration(_ tokens: ApiTokenStore, organisationID: UUID, name: String, expiresInDays days: Int?, scopes: TokenScopes,
                                 actor: AuditActor, createdBy: String, on db: any Database) async throws -> ApiTokenStore.Issued {
        try await db.change(by: actor) { db, audit in
            let issued = try await tokens.issueIntegration(organisationID: organisationID, name: name, expiresInDays: days, scopes: scopes,
                                                           createdBy: createdBy, on: db, now: Date())
            var changes = AuditChanges()
            changes.created("name", name)
            changes.created("organisation", organisationID.uuidString.lowercased())
            changes.created("expires_days", days.map(String.init))
            changes.created("scopes", scopes.serialized)
            audit.record(organisationID: organisationID, action: "integration_token.create", objectType: "api_token",
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
            audit.record(organisationID: organisationID, action: token.isIntegration ? "integration_token.revoke" : "token.revoke",
                         objectType: "api_token", objectID: token.id?.uuidString.lowercased(), changes: changes)
        }
    }
}
