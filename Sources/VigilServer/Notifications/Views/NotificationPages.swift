import Vapor

/// The view models `NotificationController` renders (templates in Resources/Views); they never query.
extension NotificationController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let at: String
            let message: String
            let unread: Bool
        }
        let rows: [Row]
        let noRows: Bool
    }
}
