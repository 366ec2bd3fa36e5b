import Vapor
import VigilCore

/// `/api/v1/webhooks`: the contract other tools call. Focal points and administrators manage
/// the webhooks of the organisations in their scope; another organisation's is not found.
struct WebhookAPIController: Sendable {
    let service: WebhookService
    let repository: WebhookRepository

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageWebhooks))
        manage.get(WebhooksAPIPath.webhooks, use: list)
        manage.post(WebhooksAPIPath.webhooks, use: create)
        manage.get(WebhooksAPIPath.webhook(.key), use: show)
        manage.delete(WebhooksAPIPath.webhook(.key), use: delete)
        manage.get(WebhooksAPIPath.deliveries(.key), use: deliveries)
        manage.post(WebhooksAPIPath.resend(.key, delivery: .key), use: resend)
    }

    struct Body: Content {
        var url: String?
        var events: [String]?
        var secret: String?
        var organisationId: String?
    }

    struct WebhookDTO: Content {
        let id: String
        let url: String
        let events: [String]
        let organisation: OrganisationRef
        let createdAt: Date
        let createdBy: String
        /// Only in the answer that created it: the secret is shown once.
        var secret: String?

        init(_ webhook: WebhookRecord, organisationName: String, secret: String? = nil) {
            id = webhook.id!.uuidString.lowercased()
            url = webhook.url
            events = webhook.events.map(\.rawValue)
            organisation = OrganisationRef(id: webhook.organisationID.uuidString.lowercased(), name: organisationName)
            createdAt = webhook.createdAt
            createdBy = webhook.createdBy
            self.secret = secret
        }
    }

    struct DeliveryDTO: Content {
        struct Attempt: Content {
            let at: Date
            let statusCode: Int?
            let error: String?
            let excerpt: String
            let millis: Int
        }
        let id: String
        let eventId: String
        let event: String
        let sequence: Int64
        let status: String
        let createdAt: Date
        let attempts: Int
        let nextAttemptAt: Date?
        let deliveredAt: Date?
        let lastStatusCode: Int?
        let lastError: String?
        let log: [Attempt]
    }

    @Sendable func list(req: Request) async throws -> APIPage<WebhookDTO> {
        let rows = try await repository.list(in: try req.currentUser.scope, on: req.db)
        return APIPage(items: rows.map { WebhookDTO($0.0, organisationName: $0.1) }, nextKey: nil)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let body = try req.decodeJSON(Body.self)
        let (webhook, secret) = try await service.create(.init(url: body.url, events: body.events, secret: body.secret, organisationID: body.organisationId),
                                                         by: try req.currentUser, address: req.clientAddress, on: req.db)
        let name = try await repository.organisationName(of: webhook, on: req.db)
        return try await WebhookDTO(webhook, organisationName: name, secret: secret).encodeResponse(status: .created, for: req)
    }

    @Sendable func show(req: Request) async throws -> WebhookDTO {
        let webhook = try await repository.load(req)
        return WebhookDTO(webhook, organisationName: try await repository.organisationName(of: webhook, on: req.db))
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        try await service.delete(try await repository.load(req), by: try req.currentUser, address: req.clientAddress, on: req.db)
        return .noContent
    }

    /// The delivery log, newest event first, each call with its attempts.
    @Sendable func deliveries(req: Request) async throws -> APIPage<DeliveryDTO> {
        let webhook = try await repository.load(req)
        let page = try req.pageRequest()
        let before = try page.after.map { text in
            guard let value = Int64(text) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            return value
        }
        let rows = try await repository.deliveries(of: try webhook.requireID(), before: before, limit: page.limit + 1, on: req.db)
        let log = try await repository.attempts(of: rows.compactMap(\.id), on: req.db)
        let items = rows.map { Self.dto($0, log: log[$0.id!] ?? []) }
        return APIPage(rows: items, limit: page.limit) { String($0.sequence) }
    }

    static func dto(_ delivery: WebhookDeliveryRecord, log: [WebhookAttemptRecord]) -> DeliveryDTO {
        DeliveryDTO(id: delivery.id!.uuidString.lowercased(), eventId: delivery.eventID.uuidString.lowercased(), event: delivery.event,
                    sequence: delivery.sequence, status: delivery.statusText, createdAt: delivery.createdAt, attempts: delivery.attempts,
                    nextAttemptAt: delivery.status == .pending ? delivery.nextAttemptAt : nil, deliveredAt: delivery.deliveredAt,
                    lastStatusCode: delivery.lastStatusCode, lastError: delivery.lastError,
                    log: log.map { .init(at: $0.at, statusCode: $0.statusCode, error: $0.error, excerpt: $0.excerpt, millis: $0.millis) })
    }

    /// Sends a call again (the page's "send again"): queued now, behind nothing it was not behind
    /// before; 202 with the call as it now stands.
    @Sendable func resend(req: Request) async throws -> Response {
        let webhook = try await repository.load(req)
        guard let id = req.parameters.get("deliveryID", as: UUID.self) else { throw VigilError.notFound }
        try await service.resend(id, of: webhook, by: try req.currentUser, address: req.clientAddress, on: req.db)
        guard let delivery = try await repository.delivery(id, of: try webhook.requireID(), on: req.db) else { throw VigilError.notFound }
        let log = try await repository.attempts(of: [id], on: req.db)[id] ?? []
        return try await Self.dto(delivery, log: log).encodeResponse(status: .accepted, for: req)
    }
}
