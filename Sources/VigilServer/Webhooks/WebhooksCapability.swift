import Vapor

/// Webhooks: an organisation's subscriptions to its events, sent signed and in order to other
/// tools. Events are queued by the audit trail's append (`WebhookEvents`) and sent by
/// `WebhookSender`, which `serve` starts.
struct WebhooksCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try WebhookAPIController(service: services.webhooks, repository: services.webhooks.repository).boot(routes: routes.api)
        try routes.signedIn.register(collection: WebhookPageController(service: services.webhooks, repository: services.webhooks.repository))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .administration, order: 48, path: WebhooksPath.webhooks.path, labelKey: "webhook.title",
                         visible: { $0.has(.manageWebhooks) })]
    }

    var jobs: [PeriodicJob] {
        // Old calls out of the log once a day (`WebhookDeliveryStore.prune` says how old).
        [PeriodicJob(name: "webhook-log-prune", interval: 86_400, lease: 600) { db, _ in
            try await WebhookDeliveryStore().prune(now: Date(), on: db)
        }]
    }
}
