import Fluent
import Vapor

/// `/api/v1/notifications`: the caller's own notifications (newest first, the message in the
/// caller's language), marking one or all read. Every user has them; a token needs `notifications`
/// no more than `me` does: they are the caller's own.
struct NotificationAPIController: Sendable {
    let service: NotificationService

    func boot(routes: any RoutesBuilder) throws {
        routes.get(NotificationsAPIPath.list, use: list)
        routes.post(NotificationsAPIPath.readAll, use: readAll)
        routes.post(NotificationsAPIPath.read(.key), use: read)
    }

    struct NotificationDTO: Content {
        let id: String
        let at: Date
        let message: String
        let messageKey: String
        let arguments: [String]
        let link: String
        let read: Bool
        let readAt: Date?

        init(_ record: NotificationRecord, req: Request) {
            id = record.id!.uuidString.lowercased()
            at = record.at
            message = req.t(record.messageKey, record.arguments)
            messageKey = record.messageKey
            arguments = record.arguments
            link = Request.safeLocalPath(record.link)
            read = record.readAt != nil
            readAt = record.readAt
        }
    }

    struct Unread: Content {
        let unread: Int
    }

    @Sendable func list(req: Request) async throws -> APIPage<NotificationDTO> {
        let user = try req.currentUser
        let raw = try? req.query.get(Int.self, at: "limit")
        let limit = min(max(raw ?? 100, 1), 500)
        let unreadOnly = (try? req.query.get(Bool.self, at: "unread")) ?? false
        let rows = try await service.recent(userID: user.userID, limit: limit, unreadOnly: unreadOnly, on: req.db)
        return APIPage(items: rows.map { NotificationDTO($0, req: req) }, nextKey: nil)
    }

    /// Marks every notification of the caller read; answers how many are left unread (0).
    @Sendable func readAll(req: Request) async throws -> Unread {
        let user = try req.currentUser
        try await service.markRead(id: nil, userID: user.userID, on: req.db, now: Date())
        return Unread(unread: try await service.unreadCount(userID: user.userID, on: req.db))
    }

    @Sendable func read(req: Request) async throws -> NotificationDTO {
        let user = try req.currentUser
        guard let id = req.parameters.get("notificationID", as: UUID.self), try await service.find(id, userID: user.userID, on: req.db) != nil
        else { throw VigilError.notFound }
        try await service.markRead(id: id, userID: user.userID, on: req.db, now: Date())
        guard let record = try await service.find(id, userID: user.userID, on: req.db) else { throw VigilError.notFound }
        return NotificationDTO(record, req: req)
    }
}

/// The notifications API's paths, under `/api/v1`.
enum NotificationsAPIPath: APIPath {
    case list, readAll, read(PathParameter<UUID>)

    var relativePath: String {
        switch self {
        case .list: "/notifications"
        case .readAll: "/notifications/read"
        case .read(let id): "/notifications/\(id.segment("notificationID"))/read"
        }
    }
}
