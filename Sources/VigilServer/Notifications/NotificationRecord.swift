import Fluent
import Foundation

/// An in-app notification (the notification centre with its unread count).
final class NotificationRecord: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    /// Localization key of the message, e.g. `notification.incident_reported`.
    @Field(key: "message_key") var messageKey: String
    /// Arguments of the message, joined by the unit separator (they never contain it).
    @Field(key: "arguments") var argumentsText: String
    @Field(key: "link") var link: String
    @OptionalField(key: "read_at") var readAt: Date?
    @Parent(key: "user_id") var user: UserRecord

    init() {}

    init(userID: UUID, messageKey: String, arguments: [String], link: String, at: Date) {
        self.id = UUID()
        self.$user.id = userID
        self.messageKey = messageKey
        self.argumentsText = arguments.map { $0.replacingOccurrences(of: "\u{1F}", with: " ") }.joined(separator: "\u{1F}")
        self.link = link
        self.at = at
    }

    var arguments: [String] { argumentsText.isEmpty ? [] : argumentsText.components(separatedBy: "\u{1F}") }
}
