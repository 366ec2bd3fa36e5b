import Vapor
import VigilCore

/// `/webhooks`: the organisation's webhooks (list, new, remove), a webhook's delivery log and
/// "send again". The secret is shown once, on the page that answers the creation.
struct WebhookPageController: RouteCollection, Sendable {
    let service: WebhookService
    let repository: WebhookRepository

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageWebhooks))
        manage.get(WebhooksPath.webhooks, use: list)
        manage.post(WebhooksPath.webhooks, use: create)
        manage.get(WebhooksPath.webhook(.key), use: show)
        manage.post(WebhooksPath.remove(.key), use: remove)
        manage.post(WebhooksPath.resend(.key), use: resend)
    }

    struct Form: Content {
        var url: String?
        var events: [String]?
        var secret: String?
    }

    private func render(_ req: Request, form: FormState = FormState(), chosen: Set<String> = [], created: WebhookPages.Created? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let rows = try await repository.list(in: try req.currentUser.scope, on: req.db)
        let page = WebhookPages.ListPage(req, rows: rows, form: form, chosen: chosen, created: created)
        return try await req.renderPage("webhooks/list", titleKey: "webhook.title", page, status: status)
    }

    @Sendable func list(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let events = form.events ?? []
        do {
            let (webhook, secret) = try await service.create(.init(url: form.url, events: events, secret: form.secret, organisationID: nil),
                                                             by: try req.currentUser, address: req.clientAddress, on: req.db)
            return try await render(req, created: .init(id: webhook.id!.uuidString.lowercased(), url: webhook.url, secret: secret), status: .created)
        } catch let error as VigilError where error.field != nil {
            return try await render(req, form: .failed(error, values: ["url": form.url ?? ""], request: req), chosen: Set(events),
                                    status: error.status)
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let webhook = try await repository.load(req)
        let id = try webhook.requireID()
        let deliveries = try await repository.deliveries(of: id, before: nil, limit: 200, on: req.db)
        let attempts = try await repository.attempts(of: deliveries.compactMap(\.id), on: req.db)
        let page = WebhookPages.ShowPage(req, webhook: webhook, organisation: try await repository.organisationName(of: webhook, on: req.db),
                                         counts: try await repository.counts(of: id, on: req.db), deliveries: deliveries, attempts: attempts)
        return try await req.renderPage("webhooks/show", titleKey: "webhook.deliveries.title", title: webhook.url, page)
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let webhook = try await repository.load(req)
        try await service.delete(webhook, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: WebhooksPath.webhooks.link(notice: "webhook_removed"))
    }

    struct ResendForm: Content {
        var delivery: String?
    }

    @Sendable func resend(req: Request) async throws -> Response {
        let webhook = try await repository.load(req)
        guard let id = try InputValidation.uuid(try req.content.decode(ResendForm.self).delivery, field: "delivery") else {
            throw VigilError.invalid("delivery", "validation.required")
        }
        try await service.resend(id, of: webhook, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: WebhooksPath.webhook(.value(try webhook.requireID())).link(notice: "webhook_resent"))
    }
}
