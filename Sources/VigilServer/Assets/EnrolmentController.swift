import Fluent
import Vapor
import VigilCore

/// `/assets/enrolment`: the enrolment tokens of the organisations in scope, with the lines that
/// install the agents. A new token is shown once, on the page that created it.
struct EnrolmentController: RouteCollection, Sendable {
    let store: EnrolmentTokenStore
    let organisations: OrganisationRepository
    let assets: AssetRepository

    func boot(routes: any RoutesBuilder) throws {
        let enrolment = routes.grouped(RequirePermission(permission: .manageAssets))
        enrolment.get(AssetsPath.enrolment, use: page)
        enrolment.post(AssetsPath.enrolment, use: create)
        enrolment.post(AssetsPath.rotateEnrolment(.key), use: rotate)
        enrolment.post(AssetsPath.revokeEnrolment(.key), use: revoke)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, newToken: nil, form: FormState())
    }

    private func render(_ req: Request, newToken: String?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let visible = try await organisations.all(in: user.scope, on: req.db)
        let rows = try await store.list(organisationIDs: visible.compactMap(\.id), on: req.db).map {
            Page.Row(id: $0.id!.uuidString.lowercased(), name: $0.name, organisation: $0.organisation.name, prefix: $0.prefix,
                     created: "\(req.formDateTime($0.createdAt)) — \($0.createdBy)", lastUsed: $0.lastUsedAt.map(req.formDateTime) ?? "—",
                     revoked: $0.revokedAt != nil)
        }
        let host = req.headers.first(name: .host) ?? "vigil.example.gov.vn"
        let page = Page(
            rows: rows, noRows: rows.isEmpty,
            organisations: visible.map { SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id == user.organisationID) },
            newToken: newToken, serverURL: "http\(req.application.vigilConfig.secureCookies ? "s" : "")://\(host)", form: form)
        return try await req.renderPage("assets/enrolment", titleKey: "enrolment.title", page, status: status)
    }

    struct CreateForm: Content {
        var organisation: String
        var name: String
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(CreateForm.self)
        do {
            guard let id = UUID(uuidString: form.organisation), let organisation = try await organisations.find(id, in: user.scope, on: req.db) else {
                throw VigilError.invalid("organisation", "validation.organisation_unknown")
            }
            let issued = try await EnrolmentActions.issue(store, organisationID: try organisation.requireID(), name: form.name,
                                                          actor: .user(user, address: req.clientAddress), createdBy: user.displayName, on: req.db)
            return try await render(req, newToken: issued.token, form: FormState())
        } catch let error as VigilError where error.field != nil {
            return try await render(req, newToken: nil, form: .failed(error, values: ["name": form.name], request: req), status: error.status)
        }
    }

    private func load(_ req: Request) async throws -> EnrolmentTokenRecord {
        let user = try req.currentUser
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let record = try await assets.enrolmentToken(id, on: req.db),
              user.scope.contains(path: record.organisation.path)
        else { throw VigilError.notFound }
        return record
    }

    @Sendable func rotate(req: Request) async throws -> Response {
        let user = try req.currentUser
        let record = try await load(req)
        guard record.revokedAt == nil else { throw VigilError.conflict(nil, "enrolment.error.revoked") }
        let issued = try await EnrolmentActions.rotate(store, record, actor: .user(user, address: req.clientAddress),
                                                       createdBy: user.displayName, on: req.db)
        return try await render(req, newToken: issued.token, form: FormState())
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        let user = try req.currentUser
        let record = try await load(req)
        try await EnrolmentActions.revoke(store, record, actor: .user(user, address: req.clientAddress), on: req.db)
        return req.redirect(to: AssetsPath.enrolment.link(notice: "enrolment_revoked"))
    }
}
