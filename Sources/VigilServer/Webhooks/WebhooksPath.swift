import Foundation

/// The webhook pages' paths.
enum WebhooksPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case webhooks
    case webhook(ID), remove(ID), resend(ID)

    var path: String {
        switch self {
        case .webhooks: "/webhooks"
        case .webhook(let id): "/webhooks/\(id.segment("webhookID"))"
        case .remove(let id): "/webhooks/\(id.segment("webhookID"))/remove"
        case .resend(let id): "/webhooks/\(id.segment("webhookID"))/resend"
        }
    }
}

/// The webhook API's paths, under `/api/v1`.
enum WebhooksAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case webhooks
    case webhook(ID)
    case deliveries(ID)
    case resend(ID, delivery: ID)

    var relativePath: String {
        switch self {
        case .webhooks: "/webhooks"
        case .webhook(let id): "/webhooks/\(id.segment("webhookID"))"
        case .deliveries(let id): "/webhooks/\(id.segment("webhookID"))/deliveries"
        case .resend(let id, let delivery): "/webhooks/\(id.segment("webhookID"))/deliveries/\(delivery.segment("deliveryID"))/resend"
        }
    }
}
