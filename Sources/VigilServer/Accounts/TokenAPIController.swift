import Fluent
import Vapor
import VigilCore

/// The caller's own API tokens over the JSON API.
struct TokenAPIController: RouteCollection, Sendable {
    let tokens: ApiTokenStore

    func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsAPIPath.tokens, use: list)
        routes.post(AccountsAPIPath.tokens, use: create)
        routes.delete(AccountsAPIPath.token(.key).components, use: revoke)
    }

    struct TokenDTO: Content {
        let id: String
        let name: String
        let prefix: String
        let createdAt: Date?
        let expiresAt: Date?
        let lastUsedAt: Date?
        let revokedAt: Date?
        /// The token's scopes; null for a personal token that reaches what its holder's roles do.
        let scopes: [String]?

        init(_ record: ApiTokenRecord) throws {
            self.id = try record.requireID().uuidString.lowercased()
            self.name = record.name
            self.prefix = record.prefix
            self.createdAt = record.createdAt
            self.expiresAt = record.expiresAt
            self.lastUsedAt = record.lastUsedAt
            self.revokedAt = record.revokedAt
            self.scopes = record.scopes?.scopes.map(\.description)
        }
    }

    struct CreatedTokenDTO: Content {
        let token: String
        let details: TokenDTO
    }

    struct CreateTokenRequest: Content {
        var name: String
        var expiresInDays: Int?
        /// `["incidents:read", ...]`; none: what the roles allow (or the calling token's scopes).
        var scopes: [String]?
    }

    @Sendable func list(req: Request) async throws -> APIPage<TokenDTO> {
        let current = try req.currentUser
        let rows = try await tokens.list(userID: current.userID, on: req.db).map(TokenDTO.init)
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let current = try req.currentUser
        let body = try req.decodeJSON(CreateTokenRequest.self)
        let (name, days) = try ApiTokenActions.validate(name: body.name, expiresDays: body.expiresInDays.map(String.init))
        let asked = try ApiTokenActions.scopes(body.scopes ?? [])
        let scopes = try ApiTokenActions.checked { () throws(TokenScopeError) in
            try current.principal.personalTokenScopes(asked: asked, callerScopes: current.tokenScopes)
        }
        let issued = try await ApiTokenActions.issue(tokens, userID: current.userID, name: name, expiresInDays: days, scopes: scopes,
                                                actor: .user(current, address: req.clientAddress), organisationID: current.organisationID, on: req.db)
        return try await CreatedTokenDTO(token: issued.token, details: TokenDTO(issued.record)).encodeResponse(status: .created, for: req)
    }

    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        let current = try req.currentUser
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let token = try await tokens.find(id: id, userID: current.userID, on: req.db)
        else { throw VigilError.notFound }
        try await ApiTokenActions.revoke(token, actor: .user(current, address: req.clientAddress), organisationID: current.organisationID, on: req.db)
        return .noContent
    }
}
