import Fluent
import Foundation
import VigilCore

/// Notifications by e-mail: the notification's own text, in each recipient's language, queued in
/// the notifying change's transaction (`NotificationService` calls it beside the in-app record).
/// Nothing is queued while mail is not set up.
struct MailNotifier: Sendable {
    /// A person to write to.
    struct Recipient: Sendable {
        let email: String
        let language: String
    }

    let outbox: MailOutbox
    let settings: MailSettingsStore
    let localizer: Localizer

    /// Whether mail is set up, and what links point to: asked once per notification.
    func linking(on db: any Database) async throws -> MailSettingsStore.Linking? {
        try await settings.linking(on: db)
    }

    func queue(to recipients: [Recipient], messageKey: String, arguments: [String], link: String,
               linking: MailSettingsStore.Linking, on db: any Database, now: Date) async throws {
        let mails = recipients.compactMap { recipient -> OutgoingMail? in
            // Vigil's own reporter has an address under `.invalid`, which no server takes.
            guard let address = try? MailAddress(recipient.email), !address.domain.hasSuffix(".invalid") else { return nil }
            let language = UILanguage(rawValue: recipient.language) ?? .default
            return compose(to: address, language: language, messageKey: messageKey, arguments: arguments, link: link, siteAddress: linking.siteAddress)
        }
        try await outbox.enqueue(mails, on: db, now: now)
    }

    func compose(to address: MailAddress, language: UILanguage, messageKey: String, arguments: [String], link: String,
                 siteAddress: String?) -> OutgoingMail {
        let message = localizer.text(messageKey, language, arguments)
        let subject = localizer.text("mail.notification.subject", language, [message])
        let pointer = siteAddress.flatMap { site in link.hasPrefix("/") && !link.hasPrefix("//") ? site + link : nil }
            .map { localizer.text("mail.notification.open", language, [$0]) } ?? localizer.text("mail.notification.sign_in", language)
        let body = [message, "", pointer, "", "-- ", localizer.text("mail.notification.footer", language)].joined(separator: "\n")
        return OutgoingMail(recipient: address, language: language.rawValue, subject: subject, body: body)
    }
}
