import Vapor
import VigilCore

/// `/integration-tokens`: the integration tokens of the organisations in an administrator's scope
/// (a SIEM, a ticket system). A new token is shown once, on the page that created it.
struct IntegrationTokenController: RouteCollection, Sendable {
    let service: IntegrationTokenService
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageUsers))
        admin.get(AccountsPath.integrationTokens, use: page)
        admin.post(AccountsPath.integrationTokens, use: create)
        admin.post(AccountsPath.revokeIntegrationToken(.key), use: revoke)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, newToken: nil, form: FormState(), checked: [])
    }

    private func render(_ req: Request, newToken: String?, form: FormState, checked: Set<String>, organisation: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let now = Date()
        let visible = try await organisations.all(in: user.scope, on: req.db)
        let rows = try await service.list(in: user.scope, on: req.db).map {
            Page.Row(id: $0.id?.uuidString.lowercased() ?? "", name: $0.name, organisation: $0.organisation?.name ?? "", prefix: $0.prefix,
                     scopes: ScopeWording.list($0.scopes, request: req),
                     created: req.formDateTime($0.createdAt), createdBy: $0.createdBy ?? "", expires: req.formDateTime($0.expiresAt),
                     lastUsed: req.formDateTime($0.lastUsedAt), active: $0.isUsable(at: now))
        }
        let selected = organisation ?? user.organisationID.uuidString.lowercased()
        let page = Page(
            rows: rows, noRows: rows.isEmpty,
            organisations: visible.map { SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id?.uuidString.lowercased() == selected) },
            scopes: ScopeOption.options(TokenScope.all.filter(\.area.isForIntegrations), checked: checked, request: req),
            newToken: newToken, form: form)
        return try await req.renderPage("accounts/integration-tokens", titleKey: "integration_tokens.title", page, status: status)
    }

    struct CreateForm: Content {
        var organisation: String
        var name: String
        var expires_days: String?
        var scopes: [String]?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(CreateForm.self)
        let draft = IntegrationTokenService.Draft(organisation: form.organisation, name: form.name, expiresDays: form.expires_days, scopes: form.scopes ?? [])
        do {
            let issued = try await service.create(draft, by: user, address: req.clientAddress, on: req.db)
            return try await render(req, newToken: issued.token, form: FormState(), checked: [], status: .created)
        } catch let error as VigilError where error.field != nil {
            return try await render(req, newToken: nil, form: .failed(error, values: ["name": form.name, "expires_days": form.expires_days ?? ""], request: req),
                                    checked: Set(form.scopes ?? []), organisation: form.organisation, status: error.status)
        }
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard let id = req.parameters.get("tokenID", as: UUID.self), let token = try await service.find(id, in: user.scope, on: req.db)
        else { throw VigilError.notFound }
        try await service.revoke(token, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: AccountsPath.integrationTokens.link(notice: "token_revoked"))
    }
}
