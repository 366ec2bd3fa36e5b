import Fluent
import Foundation
import VigilCore

/// Delivers notifications to people: in-app, and by e-mail to those with an address when mail is
/// set up (`MailNotifier`), queued in the same transaction as the in-app record.
struct NotificationService: Sendable {
    let users: UserRepository
    let mail: MailNotifier

    /// Notifies every user holding `role` in the organisation; when nobody there holds it, the
    /// nearest organisation above that has someone (units report to the agency's focal point).
    /// Answers the names of those told: empty when nobody holds the role anywhere above.
    @discardableResult
    func notifyRole(_ role: Role, nearest organisation: OrganisationRecord, messageKey: String, arguments: [String],
                    link: String, on db: any Database, now: Date) async throws -> [String] {
        // One query for the whole chain of organisations, nearest first, instead of one per level.
        let ancestorIDs = organisation.path.split(separator: "/").reversed().compactMap { UUID(uuidString: String($0)) }
        let users = try await self.users.active(inOrganisations: ancestorIDs, on: db).filter { $0.roles.contains(role) }
        for organisationID in ancestorIDs {
            let holders = users.filter { $0.$organisation.id == organisationID }
            guard !holders.isEmpty else { continue }
            let records = try holders.map {
                NotificationRecord(userID: try $0.requireID(), messageKey: messageKey, arguments: arguments, link: link, at: now)
            }
            try await records.create(on: db)
            if let linking = try await mail.linking(on: db) {
                try await queueMail(holders, messageKey: messageKey, arguments: arguments, link: link, linking: linking, on: db, now: now)
            }
            return holders.map(\.displayName)
        }
        return []
    }

    func notify(userID: UUID, messageKey: String, arguments: [String], link: String, on db: any Database, now: Date) async throws {
        try await NotificationRecord(userID: userID, messageKey: messageKey, arguments: arguments, link: link, at: now).create(on: db)
        guard let linking = try await mail.linking(on: db), let user = try await users.withOrganisation(userID, on: db) else { return }
        try await queueMail([user], messageKey: messageKey, arguments: arguments, link: link, linking: linking, on: db, now: now)
    }

    /// The same notification by e-mail, to the active people among `users`.
    private func queueMail(_ users: [UserRecord], messageKey: String, arguments: [String], link: String, linking: MailSettingsStore.Linking,
                           on db: any Database, now: Date) async throws {
        let recipients = users.filter { !$0.isSystem && $0.disabledAt == nil }.map { MailNotifier.Recipient(email: $0.email, language: $0.locale) }
        try await mail.queue(to: recipients, messageKey: messageKey, arguments: arguments, link: link, linking: linking, on: db, now: now)
    }

    func unreadCount(userID: UUID, on db: any Database) async throws -> Int {
        try await NotificationRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$readAt == nil).count()
    }

    func recent(userID: UUID, limit: Int, unreadOnly: Bool = false, on db: any Database) async throws -> [NotificationRecord] {
        var query = NotificationRecord.query(on: db).filter(\.$user.$id == userID)
        if unreadOnly { query = query.filter(\.$readAt == nil) }
        return try await query.sort(\.$at, .descending).limit(limit).all()
    }

    func markRead(id: UUID?, userID: UUID, on db: any Database, now: Date) async throws {
        var query = NotificationRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$readAt == nil)
        if let id { query = query.filter(\.$id == id) }
        try await query.set(\.$readAt, to: now).update()
    }
}

extension NotificationService {
    /// One of the user's notifications.
    func find(_ id: UUID, userID: UUID, on db: any Database) async throws -> NotificationRecord? {
        try await NotificationRecord.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first()
    }
}
