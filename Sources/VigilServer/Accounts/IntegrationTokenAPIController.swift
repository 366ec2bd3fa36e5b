import Fluent
import Vapor
import VigilCore

/// `/api/v1/integration-tokens`: the organisations' integration tokens, for their administrators.
struct IntegrationTokenAPIController: RouteCollection, Sendable {
    let service: IntegrationTokenService

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageUsers))
        admin.get(AccountsAPIPath.integrationTokens, use: list)
        admin.post(AccountsAPIPath.integrationTokens, use: create)
        admin.delete(AccountsAPIPath.integrationToken(.key).components, use: revoke)
    }

    struct IntegrationTokenDTO: Content {
        struct Organisation: Content { let id: String; let name: String }
        let id: String
        let name: String
        let prefix: String
        let organisation: Organisation
        let scopes: [String]
        let createdAt: Date?
        let createdBy: String?
        let expiresAt: Date?
        let lastUsedAt: Date?
        let revokedAt: Date?

        init(_ record: ApiTokenRecord) throws {
            guard let organisation = record.organisation else { throw VigilError.notFound }
            self.id = try record.requireID().uuidString.lowercased()
            self.name = record.name
            self.prefix = record.prefix
            self.organisation = Organisation(id: try organisation.requireID().uuidString.lowercased(), name: organisation.name)
            self.scopes = (record.scopes?.scopes ?? []).map(\.description)
            self.createdAt = record.createdAt
            self.createdBy = record.createdBy
            self.expiresAt = record.expiresAt
            self.lastUsedAt = record.lastUsedAt
            self.revokedAt = record.revokedAt
        }
    }

    struct CreatedDTO: Content {
        let token: String
        let details: IntegrationTokenDTO
    }

    struct CreateRequest: Content {
        var organisationId: String
        var name: String
        var scopes: [String]
        var expiresInDays: Int?
    }

    @Sendable func list(req: Request) async throws -> APIPage<IntegrationTokenDTO> {
        let current = try req.currentUser
        let rows = try await service.list(in: current.scope, on: req.db).map(IntegrationTokenDTO.init)
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let current = try req.currentUser
        let body = try req.decodeJSON(CreateRequest.self)
        let draft = IntegrationTokenService.Draft(organisation: body.organisationId, name: body.name,
                                                  expiresDays: body.expiresInDays.map(String.init), scopes: body.scopes)
        let issued = try await service.create(draft, by: current, address: req.clientAddress, on: req.db)
        guard let token = try await service.find(try issued.record.requireID(), in: current.scope, on: req.db) else { throw VigilError.notFound }
        return try await CreatedDTO(token: issued.token, details: IntegrationTokenDTO(token)).encodeResponse(status: .created, for: req)
    }

    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        let current = try req.currentUser
        guard let id = req.parameters.get("tokenID", as: UUID.self), let token = try await service.find(id, in: current.scope, on: req.db)
        else { throw VigilError.notFound }
        try await service.revoke(token, by: current, address: req.clientAddress, on: req.db)
        return .noContent
    }
}
