import Fluent
import Foundation
import VigilCore

/// Organisations' integration tokens (for a SIEM or a ticket system), kept by the administrators
/// of the organisation or above it, through the page, the API and the command line alike.
struct IntegrationTokenService: Sendable {
    let tokens: ApiTokenStore
    let organisations: OrganisationRepository

    /// What a form or a request asks for, before anything is checked.
    struct Draft: Sendable {
        var organisation: String
        var name: String
        var expiresDays: String?
        var scopes: [String]
    }

    /// The checked draft: the organisation (in the caller's scope), name, expiry and scopes;
    /// every refusal names its field.
    func validate(_ draft: Draft, scope: AccessScope?, callerScopes: TokenScopes?, on db: any Database)
        async throws -> (organisation: OrganisationRecord, name: String, days: Int?, scopes: TokenScopes) {
        let (name, days) = try ApiTokenActions.validate(name: draft.name, expiresDays: draft.expiresDays)
        let asked = try ApiTokenActions.scopes(draft.scopes) ?? TokenScopes([])
        let scopes = try ApiTokenActions.checked { () throws(TokenScopeError) in
            try Principal.integrationTokenScopes(asked: asked, callerScopes: callerScopes)
        }
        guard let id = UUID(uuidString: draft.organisation.trimmingCharacters(in: .whitespaces)) else {
            throw VigilError.invalid("organisation", "validation.organisation_unknown")
        }
        let found = if let scope { try await organisations.find(id, in: scope, on: db) } else { try await organisations.find(id, on: db) }
        guard let organisation = found else { throw VigilError.invalid("organisation", "validation.organisation_unknown") }
        return (organisation, name, days, scopes)
    }

    /// Checks the draft and issues the token: by a signed-in administrator (`caller`) or, without
    /// one, from the command line.
    func create(_ draft: Draft, by caller: CurrentUser?, address: String?, on db: any Database) async throws -> ApiTokenStore.Issued {
        let checked = try await validate(draft, scope: caller?.scope, callerScopes: caller?.tokenScopes, on: db)
        let actor = caller.map { AuditActor.user($0, address: address) } ?? .commandLine
        return try await ApiTokenActions.issueIntegration(
            tokens, organisationID: try checked.organisation.requireID(), name: checked.name, expiresInDays: checked.days,
            scopes: checked.scopes, actor: actor, createdBy: caller?.displayName ?? "vigil token create", on: db)
    }

    /// The integration tokens of the organisations in scope, newest first.
    func list(in scope: AccessScope, on db: any Database) async throws -> [ApiTokenRecord] {
        let visible = try await organisations.all(in: scope, on: db)
        return try await tokens.integrationTokens(organisationIDs: visible.compactMap(\.id), on: db)
    }

    /// One integration token in scope; another organisation's is not found.
    func find(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> ApiTokenRecord? {
        guard let token = try await tokens.integrationToken(id: id, on: db), let organisation = token.organisation,
              scope.contains(path: organisation.path)
        else { return nil }
        return token
    }

    func revoke(_ token: ApiTokenRecord, by caller: CurrentUser, address: String?, on db: any Database) async throws {
        guard let organisationID = token.$organisation.id else { throw VigilError.notFound }
        try await ApiTokenActions.revoke(token, actor: .user(caller, address: address), organisationID: organisationID, on: db)
    }
}
