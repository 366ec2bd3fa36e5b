import Foundation
import VigilCore

/// The notice's words that come from the localization tables: the default text a focal point
/// starts from (the directive's principle, how and to whom to report), and the e-mail each
/// recipient gets in their own language.
struct AwarenessText: Sendable {
    let localizer: Localizer

    /// The default text in both languages, naming the organisation.
    func defaultDraft(organisationName: String, focalPoint: FocalPointDirectory.Details?) -> NoticeDraft {
        NoticeDraft(textVi: localizer.text("awareness.default.text", .vi, [organisationName]),
                    textEn: localizer.text("awareness.default.text", .en, [organisationName]),
                    focalPointName: focalPoint?.name ?? "", focalPointPhone: focalPoint?.phone ?? "")
    }

    /// The line that names the focal point, in `language`.
    func focalPointLine(_ notice: AwarenessNoticeRecord, _ language: UILanguage) -> String {
        localizer.text("awareness.focal_point_line", language, [notice.focalPointName, notice.focalPointPhone])
    }

    /// The notice's e-mail to one person: the text and focal point in their language, and either
    /// the one-time link that acknowledges it or, when Vigil's address is not set, where to go.
    func mail(_ notice: AwarenessNoticeRecord, organisationName: String, to address: MailAddress, language: UILanguage,
              link: String?, reminder: Bool) -> OutgoingMail {
        let subject = localizer.text(reminder ? "awareness.mail.reminder_subject" : "awareness.mail.subject", language,
                                     [organisationName, String(notice.version)])
        let action = link.map { localizer.text("awareness.mail.link", language, [$0, String(Int(AcknowledgementLink.lifetime / 86_400))]) }
            ?? localizer.text("awareness.mail.sign_in", language)
        let body = [localizer.text("awareness.mail.intro", language, [organisationName]), "", notice.text(language), "",
                    focalPointLine(notice, language), "", action, "", "-- ", localizer.text("mail.notification.footer", language)]
            .joined(separator: "\n")
        return OutgoingMail(recipient: address, language: language.rawValue, subject: subject, body: body)
    }

    /// The notice as a page shows it, in the reader's language, with the other language beside it.
    func page(_ notice: AwarenessNoticeRecord, language: UILanguage, issuedAt: String, audience: String) -> AwarenessPages.Notice {
        let other: UILanguage = language == .vi ? .en : .vi
        return AwarenessPages.Notice(
            id: notice.id!.uuidString.lowercased(), organisation: notice.organisation.name, version: notice.version, issuedAt: issuedAt,
            issuedBy: notice.issuedByName, audience: audience, text: notice.text(language), otherText: notice.text(other),
            otherLanguage: localizer.text("language.\(other.rawValue)", language), focalPointLine: focalPointLine(notice, language),
            digest: notice.digest)
    }
}
