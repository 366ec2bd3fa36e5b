import Fluent
import Foundation
import SQLKit
import VigilCore

/// The only code that reads the webhook tables for pages and the API (the sender's claims and
/// records are `WebhookDeliveryStore`'s).
struct WebhookRepository: Sendable {
    let organisations: OrganisationRepository

    /// The webhooks of the organisations in the scope, with their organisation's name.
    func list(in scope: AccessScope, on db: any Database) async throws -> [(WebhookRecord, String)] {
        let names = Dictionary(uniqueKeysWithValues: try await organisations.all(in: scope, on: db).compactMap { org in org.id.map { ($0, org.name) } })
        guard !names.isEmpty else { return [] }
        return try await WebhookRecord.query(on: db).filter(\.$organisationID ~~ Array(names.keys)).sort(\.$createdAt).sort(\.$id).all()
            .map { ($0, names[$0.organisationID] ?? "") }
    }

    /// The webhook if its organisation is in the scope; nil otherwise (another organisation's is not found).
    func find(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> WebhookRecord? {
        guard let webhook = try await WebhookRecord.find(id, on: db),
              let organisation = try await organisations.find(webhook.organisationID, on: db),
              scope.contains(path: organisation.path) else { return nil }
        return webhook
    }

    func organisationName(of webhook: WebhookRecord, on db: any Database) async throws -> String {
        try await organisations.find(webhook.organisationID, on: db)?.name ?? ""
    }

    /// The webhook's calls, newest event first; `before` is a sequence from the previous page.
    func deliveries(of webhookID: UUID, before: Int64?, limit: Int, on db: any Database) async throws -> [WebhookDeliveryRecord] {
        var query = WebhookDeliveryRecord.query(on: db).filter(\.$webhookID == webhookID)
        if let before { query = query.filter(\.$sequence < before) }
        return try await query.sort(\.$sequence, .descending).limit(limit).all()
    }

    func delivery(_ id: UUID, of webhookID: UUID, on db: any Database) async throws -> WebhookDeliveryRecord? {
        try await WebhookDeliveryRecord.query(on: db).filter(\.$id == id).filter(\.$webhookID == webhookID).first()
    }

    /// The attempts of these deliveries, oldest first, by delivery.
    func attempts(of deliveryIDs: [UUID], on db: any Database) async throws -> [UUID: [WebhookAttemptRecord]] {
        guard !deliveryIDs.isEmpty else { return [:] }
        let rows = try await WebhookAttemptRecord.query(on: db).filter(\.$deliveryID ~~ deliveryIDs).sort(\.$at).all()
        return Dictionary(grouping: rows, by: \.deliveryID)
    }

    /// How many of the webhook's calls are in each status.
    func counts(of webhookID: UUID, on db: any Database) async throws -> [WebhookDeliveryRecord.Status: Int] {
        var counts: [WebhookDeliveryRecord.Status: Int] = [:]
        for status in WebhookDeliveryRecord.Status.allCases {
            counts[status] = try await WebhookDeliveryRecord.query(on: db).filter(\.$webhookID == webhookID)
                .filter(\.$statusText == status.rawValue).count()
        }
        return counts
    }
}

/// Turns audit entries into webhook calls, inside the change's own transaction (`AuditLog.append`
/// calls it for every entry): a call is queued exactly when the change it reports is committed,
/// with the entry's sequence number as its place in the order. Only entries that announce an event
/// (`WebhookEvent.announced`) reach the database here, and only when a webhook subscribes to it;
/// which organisations' webhooks hear it is `WebhookAudience`'s rule (their own and their units'
/// events, warnings from above, escalations from below).
enum WebhookEvents {
    static func capture(_ entry: AuditEntryContent, on db: any Database) async throws {
        guard let event = WebhookEvent.announced(byAction: entry.action, changes: entry.changes),
              let organisationText = entry.organisationID, let organisation = UUID(uuidString: organisationText) else { return }
        let subscribed = try await WebhookRecord.query(on: db).all().filter { $0.events.contains(event) }
        guard !subscribed.isEmpty else { return }
        let hearing = try await audience(of: event, from: organisation, on: db)
        let webhooks = subscribed.filter { hearing.contains($0.organisationID) }
        guard !webhooks.isEmpty else { return }
        let at = Date(timeIntervalSince1970: Double(entry.atMillis) / 1000)
        let eventID = UUID.timeOrdered(at: at)
        let body = WebhookPayload(id: eventID.uuidString.lowercased(), event: event, occurredAt: at, organisationID: organisationText.lowercased(),
                                  objectType: entry.objectType, objectID: entry.objectID, changes: entry.changes).body
        try await webhooks.map { webhook in
            let delivery = WebhookDeliveryRecord()
            delivery.id = UUID.timeOrdered(at: at)
            delivery.createdAt = at
            delivery.statusText = WebhookDeliveryRecord.Status.pending.rawValue
            delivery.attempts = 0
            delivery.nextAttemptAt = at
            delivery.queuedAt = at
            delivery.sequence = entry.sequence
            delivery.eventID = eventID
            delivery.event = event.rawValue
            delivery.body = body
            delivery.webhookID = webhook.id!
            return delivery
        }.create(on: db)
    }

    /// The organisations whose webhooks hear `event` of `organisation`.
    static func audience(of event: WebhookEvent, from organisation: UUID, on db: any Database) async throws -> Set<UUID> {
        let organisations = OrganisationRepository()
        let reach = WebhookAudience.reach(of: event)
        if reach == .allBelow {
            guard let source = try await organisations.find(organisation, on: db) else { return [organisation] }
            return Set(try await organisations.subtree(ofPath: source.path, on: db).compactMap(\.id))
        }
        let chain = try await organisations.ancestry(of: organisation, on: db).compactMap { record in record.id.map { (id: $0, kind: record.kind) } }
        return chain.isEmpty ? [organisation] : Set(WebhookAudience.above(chain, reach: reach))
    }
}
