import Fluent
import Vapor
import VigilCore

/// Rule data from the law that an administrator of a root organisation adds and retires, never
/// deletes, because records name it: sub-scenarios (`TaxonomyPage`) and reporting bodies
/// (`ReportingBodyPage`). Each is one settings page, its list, its add form, a retire button per
/// row; administrators of other organisations read it.
protocol RuleDataPage: Sendable {
    associatedtype Form: Content
    associatedtype Page: Encodable & Sendable

    static var list: IncidentsPath { get }
    static func retirePath(_ id: PathParameter<UUID>) -> IncidentsPath
    /// The retire path's parameter (`retirePath(.key)` names it).
    static var idParameter: String { get }
    static var template: String { get }
    static var titleKey: String { get }

    /// The page's view model, with the form as it was sent back after a problem.
    func page(_ req: Request, user: CurrentUser, form: FormState) async throws -> Page
    /// The form's fields, to show again after a problem.
    static func values(of form: Form) -> [String: String]
    /// Adds the record the form describes; throws a `VigilError` naming the field.
    func add(_ form: Form, by user: CurrentUser, address: String, on db: any Database) async throws
    func retire(_ id: UUID, by user: CurrentUser, address: String, on db: any Database) async throws
}

/// The one controller of every `RuleDataPage`.
struct RuleDataController<Data: RuleDataPage>: RouteCollection, Sendable {
    let data: Data

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageSettings))
        admin.get(Data.list, use: page)
        admin.post(Data.list, use: add)
        admin.post(Data.retirePath(.key), use: retire)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    private func render(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await data.page(req, user: try req.currentUser, form: form)
        return try await req.renderPage(Data.template, titleKey: Data.titleKey, page, status: status)
    }

    @Sendable func add(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(Data.Form.self)
        do {
            try await data.add(form, by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: Data.list.link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, form: .failed(error, values: Data.values(of: form), request: req), status: error.status)
        }
    }

    @Sendable func retire(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        guard let id = req.parameters.get(Data.idParameter, as: UUID.self) else { throw VigilError.notFound }
        try await data.retire(id, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: Data.list.link(notice: "saved"))
    }
}
