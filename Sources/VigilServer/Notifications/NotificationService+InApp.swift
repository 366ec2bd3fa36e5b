import Fluent
import Foundation

extension NotificationService {
    /// The same in-app notification to several people, without the e-mail `notify` adds: for a
    /// capability that sends its own e-mail alongside (the staff notice's reminder carries a
    /// one-time link, and one message is enough).
    func notifyInApp(userIDs: [UUID], messageKey: String, arguments: [String], link: String, on db: any Database, now: Date) async throws {
        guard !userIDs.isEmpty else { return }
        try await userIDs.map { NotificationRecord(userID: $0, messageKey: messageKey, arguments: arguments, link: link, at: now) }.create(on: db)
    }
}
