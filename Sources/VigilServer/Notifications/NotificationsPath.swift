import Foundation

/// The notification centre's paths (`TypedPath`).
enum NotificationsPath: TypedPath {
    case list, markAllRead, open(PathParameter<UUID>)

    var path: String {
        switch self {
        case .list: "/notifications"
        case .markAllRead: "/notifications/read"
        case .open(let id): "/notifications/\(id.segment("notificationID"))/open"
        }
    }
}
