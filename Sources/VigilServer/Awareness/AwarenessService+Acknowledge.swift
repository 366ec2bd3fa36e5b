import Fluent
import Foundation
import VigilCore

extension AwarenessService {
    /// The caller acknowledges a notice addressed to them; acknowledging again changes nothing.
    /// Answers when they acknowledged.
    @discardableResult
    func acknowledge(_ notice: AwarenessNoticeRecord, by user: CurrentUser, channel: AwarenessAcknowledgementRecord.Channel,
                     address: String?, now: Date, on db: any Database) async throws -> Date {
        guard notice.audienceValue?.reaches(organisationPath: user.scope.organisationPath) == true else {
            throw VigilError(status: .conflict, code: "not_addressed", messageKey: "error.awareness.not_addressed")
        }
        return try await record(notice, userID: user.userID, organisationID: user.organisationID, channel: channel,
                                actor: .user(user, address: address), now: now, on: db)
    }

    /// Writes the acknowledgement and its audit entry, unless there is one already (then answers its time).
    private func record(_ notice: AwarenessNoticeRecord, userID: UUID, organisationID: UUID, channel: AwarenessAcknowledgementRecord.Channel,
                        actor: AuditActor, delivery: AwarenessDeliveryRecord? = nil, now: Date, on db: any Database) async throws -> Date {
        let noticeID = try notice.requireID()
        return try await db.change(by: actor, at: now) { db, audit in
            if let delivery {
                delivery.usedAt = now
                try await delivery.update(on: db)
            }
            if let existing = try await repository.acknowledgements(ofUser: userID, notices: [noticeID], on: db)[noticeID] {
                if delivery == nil { audit.noEntry() } else {
                    audit.record(organisationID: organisationID, action: "awareness.link_used", objectType: "awareness_notice",
                                 objectID: noticeID.uuidString.lowercased(), changes: AuditChanges())
                }
                return existing
            }
            try await AwarenessAcknowledgementRecord(noticeID: noticeID, userID: userID, channel: channel, at: now).create(on: db)
            var changes = AuditChanges()
            changes.created("version", String(notice.version))
            changes.created("channel", channel.rawValue)
            audit.record(organisationID: organisationID, action: "awareness.acknowledge", objectType: "awareness_notice",
                         objectID: noticeID.uuidString.lowercased(), changes: changes)
            return now
        }
    }

    /// Reminds everyone the notice addresses who has not acknowledged it: an in-app notification
    /// and, with mail set up, the notice again by e-mail with a fresh link. Answers how many.
    func remind(_ notice: AwarenessNoticeRecord, by user: CurrentUser, address: String?, now: Date, on db: any Database) async throws -> Int {
        guard let audience = notice.audienceValue else { throw VigilError.internal }
        let staff = try await staff(of: audience, on: db)
        let acknowledged = try await repository.acknowledgements(ofNotice: try notice.requireID(), on: db)
        let pending = staff.members.compactMap { UUID(uuidString: $0.id) }.filter { acknowledged[$0] == nil }.compactMap { staff.records[$0] }
        guard !pending.isEmpty else { return 0 }
        let organisationName = notice.organisation.name
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await notifications.notifyInApp(userIDs: pending.compactMap(\.id), messageKey: "notification.awareness_reminder",
                                                arguments: [organisationName, String(notice.version)], link: AwarenessPath.pending.path,
                                                on: db, now: now)
            try await deliver(notice, organisationName: organisationName, to: pending, kind: .reminder, on: db, now: now)
            var changes = AuditChanges()
            changes.created("reminded", String(pending.count))
            audit.record(organisationID: notice.$organisation.id, action: "awareness.remind", objectType: "awareness_notice",
                         objectID: notice.id!.uuidString.lowercased(), changes: changes)
            return pending.count
        }
    }

    /// What an e-mail's link leads to: its notice and person, when the link still works.
    struct LinkTarget: Sendable {
        let delivery: AwarenessDeliveryRecord
        let notice: AwarenessNoticeRecord
        let user: UserRecord
        /// When the person acknowledged, if they have.
        let acknowledgedAt: Date?
    }

    /// The link's notice and person; nil for an unknown, used or expired link, a disabled account,
    /// or a person the notice no longer addresses.
    func linkTarget(token: String, now: Date, on db: any Database) async throws -> LinkTarget? {
        guard let delivery = try await repository.delivery(token: token, on: db), let expiresAt = delivery.expiresAt,
              AcknowledgementLink.isUsable(expiresAt: expiresAt, usedAt: delivery.usedAt, now: now),
              let notice = try await repository.notice(delivery.$notice.id, on: db),
              let user = try await users.withOrganisation(delivery.$user.id, on: db), user.disabledAt == nil, !user.isSystem,
              notice.audienceValue?.reaches(organisationPath: user.organisation.path) == true
        else { return nil }
        let acknowledged = try await repository.acknowledgements(ofUser: user.id!, notices: [notice.id!], on: db)[notice.id!]
        return LinkTarget(delivery: delivery, notice: notice, user: user, acknowledgedAt: acknowledged)
    }

    /// Acknowledges through the e-mail's link, which is then used up. Nil when the link does not work.
    func confirm(token: String, address: String?, now: Date, on db: any Database) async throws -> LinkTarget? {
        guard let target = try await linkTarget(token: token, now: now, on: db) else { return nil }
        let actor = AuditActor(userID: target.user.id!.uuidString.lowercased(), label: target.user.email, address: address)
        let at = try await record(target.notice, userID: target.user.id!, organisationID: target.user.$organisation.id, channel: .email,
                                  actor: actor, delivery: target.delivery, now: now, on: db)
        return LinkTarget(delivery: target.delivery, notice: target.notice, user: target.user, acknowledgedAt: at)
    }
}
