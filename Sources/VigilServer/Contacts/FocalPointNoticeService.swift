import Fluent
import Foundation
import VigilCore

/// The official notice of an agency's focal point and deputy, sent upward: a DOCX letter written
/// by the official reports' `DocxWriter`, stored by its digest with a record of whom it went to,
/// when and by whom; the coordinator above is told in-app (and by e-mail).
struct FocalPointNoticeService: Sendable {
    let repository: ContactRepository
    let organisations: OrganisationRepository
    let blobs: BlobStore
    let notifications: NotificationService
    let localizer: Localizer
    let format: DisplayFormat

    /// The letter as it would be sent now, in `language`.
    func document(for organisation: OrganisationRecord, recipients: String, language: UILanguage, on db: any Database,
                  now: Date) async throws -> (title: String, blocks: [DocumentBlock]) {
        let status = try await repository.status(of: [organisation], on: db, now: now)[0]
        guard let focal = status.focalPoint else { throw VigilError.invalid("recipients", "contact.error.notice_no_focal_point") }
        func t(_ key: String, _ arguments: [String] = []) -> String { localizer.text(key, language, arguments) }
        func row(_ contact: ContactRecord?, _ role: ContactRole) -> [String] {
            guard let contact else { return [t("contact.role.\(role.rawValue)"), t("report.missing"), "", "", "", ""] }
            let details = contact.details
            let phones = ([details.phone].compactMap { $0 } + details.otherPhones).map(\.national).joined(separator: ", ")
            return [t("contact.role.\(role.rawValue)"), contact.name, contact.position ?? "", phones, contact.email ?? "",
                    t("contact.availability.\(contact.availability)")]
        }
        let table = DocumentTable(
            headers: ["contact.field.role", "contact.field.name", "contact.field.position", "contact.field.phone", "contact.field.email",
                      "contact.field.availability"].map { t($0) },
            rows: [row(focal, .focalPoint), row(status.deputy, .deputyFocalPoint)])
        return (t("contact.notice.title"), [
            .centred(organisation.name.uppercased()),
            .centred(t("contact.notice.motto")),
            .title(t("contact.notice.title")),
            .paragraph(t("contact.notice.to", [recipients])),
            .paragraph(t("contact.notice.intro", [organisation.name])),
            .table(table),
            .paragraph(t("contact.notice.closing")),
            .paragraph(t("contact.notice.dated", [format.date(now, language)])),
        ])
    }

    /// Writes the letter, keeps it, records that it was sent.
    func issue(for organisation: OrganisationRecord, recipients rawRecipients: String, channel rawChannel: String?, by user: CurrentUser,
               address: String?, on db: any Database, now: Date = Date()) async throws -> FocalPointNoticeRecord {
        var problems = FieldProblems()
        let recipients = try problems.check { try InputValidation.text(rawRecipients, field: "recipients", maxLength: 1000) }
        let channel = try problems.check { try InputValidation.optionalName(rawChannel, field: "channel", maxLength: 200) }
        try problems.throwIfAny()
        guard let recipients else { throw VigilError.internal }
        let document = try await document(for: organisation, recipients: recipients, language: user.language, on: db, now: now)
        let status = try await repository.status(of: [organisation], on: db, now: now)[0]
        let docx = try DocxWriter().write(title: document.title, blocks: document.blocks)
        let digest = try await blobs.put(docx)
        let organisationID = try organisation.requireID()
        // The notice goes up: the coordinators of the organisations above are told, not the agency's own.
        let above = try await organisation.$parent.id.asyncMap { try await organisations.find($0, on: db) } ?? nil
        let notifications = self.notifications
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let notice = FocalPointNoticeRecord()
            notice.$organisation.id = organisationID
            notice.focalPoint = status.focalPoint.map { "\($0.name) (\($0.phone ?? $0.email ?? ""))" } ?? ""
            notice.deputy = status.deputy.map { "\($0.name) (\($0.phone ?? $0.email ?? ""))" } ?? ""
            notice.recipients = recipients
            notice.channel = channel ?? nil
            notice.sha256 = digest
            notice.sizeBytes = docx.count
            notice.sentAt = now
            notice.sentByID = user.userID
            notice.sentBy = user.displayName
            try await notice.create(on: db)
            var changes = AuditChanges()
            changes.created("recipients", recipients)
            changes.created("sha256", digest)
            audit.record(organisationID: organisationID, action: "contact.notice", objectType: "organisation",
                         objectID: organisationID.uuidString.lowercased(), changes: changes)
            if let above {
                try await notifications.notifyRole(.coordinator, nearest: above, messageKey: "notification.focal_point_notice",
                                                   arguments: [organisation.name, notice.focalPoint],
                                                   link: ContactsPath.directory.link(query: ["organisation": organisationID.uuidString.lowercased()]),
                                                   on: db, now: now)
            }
            return notice
        }
    }
}
