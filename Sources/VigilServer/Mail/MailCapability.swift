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
}
