import Vapor

/// E-mail: the mail server's settings and test message, the outbox page; the outbox itself
/// (`MailOutbox`) is written by other capabilities through `NotificationService`, and sent by
/// `MailSender`, which `serve` starts.
struct MailCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try routes.signedIn.register(collection: MailController(settings: services.mailSettings, outbox: services.mailOutbox, client: services.smtp))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .administration, order: 47, path: MailPath.settings.path, labelKey: "mail.settings.title",
                         visible: { $0.isRootAdmin })]
    }

    var jobs: [PeriodicJob] {
        // Old messages out of the outbox once a day (`MailOutbox.prune` says how old).
        [PeriodicJob(name: "mail-outbox-prune", interval: 86_400, lease: 600) { [outbox = services.mailOutbox] db, _ in
            try await outbox.prune(on: db, now: Date())
        }]
    }
}
