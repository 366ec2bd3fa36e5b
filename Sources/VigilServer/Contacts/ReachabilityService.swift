import Fluent
import Foundation
import SQLKit
import VigilCore

/// Reachability checks: an e-mail with a one-time link to each focal point and deputy; opening the
/// link and pressing the button confirms that the person reads their mail. The link's token is
/// kept as its SHA-256 only, works once, and expires (`ReachabilityPolicy.linkLifetime`).
struct ReachabilityService: Sendable {
    let repository: ContactRepository
    let outbox: MailOutbox
    let mailSettings: MailSettingsStore
    let localizer: Localizer

    /// Failed links from one address in `failureWindow` after which the page refuses that address.
    static let maxFailures = 10
    static let failureWindow: TimeInterval = 15 * 60

    /// Queues the check for one contact, by a person (`user`) or by the periodic job (nil).
    /// Answers the token (for tests; it is in the e-mail and nowhere else).
    @discardableResult
    func send(to contact: ContactRecord, by user: CurrentUser?, address: String?, on db: any Database, now: Date = Date()) async throws -> String {
        guard let email = contact.email, let recipient = try? MailAddress(email) else { throw VigilError.invalid("email", "error.contact_no_email") }
        guard let linking = try await mailSettings.linking(on: db) else {
            throw VigilError(status: .conflict, code: "mail_not_set_up", messageKey: "error.mail_not_set_up")
        }
        guard let site = linking.siteAddress else {
            throw VigilError(status: .conflict, code: "mail_no_site_address", messageKey: "error.mail_no_site_address")
        }
        let policy = try await repository.policy(on: db)
        let token = Secrets.randomToken()
        let check = ContactCheckRecord()
        check.contactID = try contact.requireID()
        check.tokenSHA256 = Secrets.sha256Hex(token)
        check.sentTo = recipient.description
        check.sentAt = now
        check.expiresAt = now.addingTimeInterval(policy.linkLifetime)
        check.sentBy = user?.displayName ?? "Vigil"
        let language = contact.languages.split(separator: ",").compactMap { UILanguage(rawValue: String($0)) }.first ?? .default
        let organisation = contact.$organisation.value?.name ?? ""
        let link = site + ReachabilityPath.link(.value(token)).path
        let body = [localizer.text("contact.check.mail.body", language, [contact.name, organisation, link, String(Int(policy.answerWithin / 3600))]),
                    "", "-- ", localizer.text("mail.notification.footer", language)].joined(separator: "\n")
        let mail = OutgoingMail(recipient: recipient, language: language.rawValue,
                                subject: localizer.text("contact.check.mail.subject", language, [organisation]), body: body)
        contact.checkSentAt = now
        let outbox = self.outbox
        let actor: AuditActor = user.map { AuditActor.user($0, address: address) } ?? .system
        try await db.change(by: actor, at: now) { db, audit in
            try await check.create(on: db)
            try await contact.save(on: db)
            try await outbox.enqueue([mail], on: db, now: now)
            var changes = AuditChanges()
            changes.created("sent_to", recipient.description)
            audit.record(organisationID: contact.$organisation.id, action: "contact.check", objectType: "contact",
                         objectID: try contact.requireID().uuidString.lowercased(), changes: changes)
        }
        return token
    }

    /// The periodic job: a check to every focal point and deputy not confirmed within the setting,
    /// unless one went out recently. Nothing while mail is not set up with Vigil's address.
    func sendDue(on db: any Database, now: Date = Date()) async throws -> Int {
        guard try await mailSettings.linking(on: db)?.siteAddress != nil else { return 0 }
        let policy = try await repository.policy(on: db)
        var sent = 0
        for contact in try await repository.needingCheck(policy: policy, on: db, now: now) {
            _ = try await contact.$organisation.get(on: db)
            try await send(to: contact, by: nil, address: nil, on: db, now: now)
            sent += 1
        }
        try await ContactLinkFailureRecord.query(on: db).filter(\.$at < now.addingTimeInterval(-86_400)).delete()
        return sent
    }

    /// What the public page shows for a working link.
    struct Invitation: Sendable {
        let contactName: String
        let organisationName: String
    }

    /// The link's check, if it still works. A link that does not is counted against the address,
    /// and every failure looks the same (no telling a used link from a wrong one).
    func open(_ token: String, address: String, on db: any Database, now: Date = Date()) async throws -> Invitation {
        try await refuseIfThrottled(address, on: db, now: now)
        guard case let (_, contact)? = try await usable(token, on: db, now: now) else {
            try await ContactLinkFailureRecord(address: address, at: now).create(on: db)
            throw Self.linkInvalid
        }
        return Invitation(contactName: contact.name, organisationName: try await contact.$organisation.get(on: db).name)
    }

    /// Confirms reachability: the check is used (once: a conditional update, so that two clicks
    /// at once confirm once) and the contact's `confirmedAt` set.
    func confirm(_ token: String, address: String, on db: any Database, now: Date = Date()) async throws -> Invitation {
        try await refuseIfThrottled(address, on: db, now: now)
        guard case let (check, contact)? = try await usable(token, on: db, now: now) else {
            try await ContactLinkFailureRecord(address: address, at: now).create(on: db)
            throw Self.linkInvalid
        }
        let organisation = try await contact.$organisation.get(on: db)
        let checkID = try check.requireID()
        let confirmed = try await db.change(by: AuditActor(userID: contact.userID?.uuidString.lowercased(), label: check.sentTo, address: address),
                                            at: now) { db, audit -> Bool in
            guard let sql = db as? any SQLDatabase else { throw VigilError.internal }
            let used = try await sql.raw("""
                UPDATE contact_checks SET used_at = \(bind: now) WHERE id = \(bind: checkID) AND used_at IS NULL RETURNING id
                """).all()
            guard !used.isEmpty else {
                audit.noEntry()
                return false
            }
            contact.confirmedAt = now
            try await contact.save(on: db)
            var changes = AuditChanges()
            changes.created("confirmed_at", ISO8601DateFormatter().string(from: now))
            audit.record(organisationID: contact.$organisation.id, action: "contact.confirm", objectType: "contact",
                         objectID: try contact.requireID().uuidString.lowercased(), changes: changes)
            return true
        }
        guard confirmed else { throw Self.linkInvalid }
        return Invitation(contactName: contact.name, organisationName: organisation.name)
    }

    static let linkInvalid = VigilError(status: .gone, code: "link_invalid", messageKey: "contact.reachability.invalid")

    private func usable(_ token: String, on db: any Database, now: Date) async throws -> (ContactCheckRecord, ContactRecord)? {
        guard (20...100).contains(token.count),
              let check = try await ContactCheckRecord.query(on: db).filter(\.$tokenSHA256 == Secrets.sha256Hex(token)).first(),
              check.usedAt == nil, check.expiresAt > now,
              let contact = try await ContactRecord.find(check.contactID, on: db) else { return nil }
        return (check, contact)
    }

    private func refuseIfThrottled(_ address: String, on db: any Database, now: Date) async throws {
        let failures = try await ContactLinkFailureRecord.query(on: db).filter(\.$address == String(address.prefix(100)))
            .filter(\.$at > now.addingTimeInterval(-Self.failureWindow)).count()
        if failures >= Self.maxFailures {
            throw VigilError(status: .tooManyRequests, code: "too_many_attempts", messageKey: "contact.reachability.throttled")
        }
    }
}
