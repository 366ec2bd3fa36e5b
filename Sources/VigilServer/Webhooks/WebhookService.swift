import Fluent
import Foundation
import VigilCore

/// Creates and removes webhooks and sends a call again (validated, audited); `WebhookSender`
/// sends the calls, `WebhookEvents` queues them.
struct WebhookService: Sendable {
    let repository: WebhookRepository
    let organisations: OrganisationRepository
    let client: OutboundClient
    let secrets: MailSecretBox

    /// What the API and the form send.
    struct Draft: Sendable {
        var url: String?
        var events: [String]?
        var secret: String?
        var organisationID: String?
    }

    /// Creates the webhook; returns it and its secret, which is shown this once.
    func create(_ draft: Draft, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> (WebhookRecord, String) {
        var problems = FieldProblems()
        let webhook = WebhookRecord()
        webhook.id = UUID.timeOrdered(at: now)
        webhook.createdAt = now
        webhook.createdBy = user.displayName
        do {
            let url = try WebhookTarget.parse(draft.url ?? "")
            let host = url.host ?? ""
            try await client.refuseInward(host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
                                          port: url.port ?? (url.scheme == "https" ? 443 : 80))
            webhook.url = url.absoluteString
        } catch WebhookProblem.invalidURL {
            problems.add((draft.url ?? "").isEmpty ? .invalid("url", "validation.required")
                         : VigilError(status: .unprocessableEntity, code: "invalid_url", messageKey: "webhook.error.url", field: "url"))
        } catch OutboundClient.Failure.refusedAddress(let address) {
            problems.add(VigilError(status: .unprocessableEntity, code: "address_not_allowed", messageKey: "webhook.error.address",
                                    arguments: [address], field: "url"))
        }
        do {
            webhook.eventNames = try WebhookEvent.parseList(draft.events ?? []).map(\.rawValue).joined(separator: " ")
        } catch .unknownEvent(let name) {
            problems.add(VigilError(status: .unprocessableEntity, code: "unknown_event", messageKey: "webhook.error.event",
                                    arguments: [String(name.prefix(60))], field: "events"))
        } catch {
            problems.add(.invalid("events", "webhook.error.no_events"))
        }
        var secret = WebhookSignature.newSecret()
        if let given = draft.secret, !given.isEmpty {
            do { secret = try WebhookSignature.checkSecret(given) } catch {
                problems.add(VigilError(status: .unprocessableEntity, code: "invalid_secret", messageKey: "webhook.error.secret", field: "secret"))
            }
        }
        if let text = draft.organisationID, !text.isEmpty {
            if let id = UUID(uuidString: text), try await organisations.find(id, in: user.scope, on: db) != nil {
                webhook.organisationID = id
            } else {
                problems.add(.invalid("organisationId", "webhook.error.organisation"))
            }
        } else {
            webhook.organisationID = user.organisationID
        }
        try problems.throwIfAny()
        webhook.sealedSecret = try secrets.seal(secret)
        var changes = AuditChanges()
        changes.created("url", webhook.url)
        changes.created("events", webhook.eventNames)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await webhook.create(on: db)
            audit.record(organisationID: webhook.organisationID, action: "webhook.create", objectType: "webhook",
                         objectID: try webhook.requireID().uuidString.lowercased(), changes: audited)
        }
        return (webhook, secret)
    }

    /// Removes the webhook with its calls and their log.
    func delete(_ webhook: WebhookRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        var changes = AuditChanges()
        changes.set("url", from: webhook.url, to: nil)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let id = try webhook.requireID()
            try await WebhookAttemptRecord.query(on: db).filter(\.$webhookID == id).delete()
            try await WebhookDeliveryRecord.query(on: db).filter(\.$webhookID == id).delete()
            try await webhook.delete(on: db)
            audit.record(organisationID: webhook.organisationID, action: "webhook.delete", objectType: "webhook",
                         objectID: id.uuidString.lowercased(), changes: audited)
        }
    }

    /// "Send again": the call is queued afresh, now, with a new day before it is given up. It keeps
    /// its place in the order, so it goes out before the webhook's later pending calls.
    func resend(_ deliveryID: UUID, of webhook: WebhookRecord, by user: CurrentUser, address: String?, on db: any Database,
                now: Date = Date()) async throws {
        let webhookID = try webhook.requireID()
        guard let delivery = try await repository.delivery(deliveryID, of: webhookID, on: db) else { throw VigilError.notFound }
        var changes = AuditChanges()
        changes.set("status", from: delivery.statusText, to: WebhookDeliveryRecord.Status.pending.rawValue)
        changes.created("event", delivery.event)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            delivery.statusText = WebhookDeliveryRecord.Status.pending.rawValue
            delivery.nextAttemptAt = now
            delivery.queuedAt = now
            delivery.deliveredAt = nil
            try await delivery.update(on: db)
            audit.record(organisationID: webhook.organisationID, action: "webhook.resend", objectType: "webhook",
                         objectID: webhookID.uuidString.lowercased(), changes: audited)
        }
    }
}
