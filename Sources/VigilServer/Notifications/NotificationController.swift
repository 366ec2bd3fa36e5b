import Fluent
import Vapor

/// The notification centre: the list, and opening one (which marks it read).
struct NotificationController: RouteCollection, Sendable {
    let service: NotificationService

    func boot(routes: any RoutesBuilder) throws {
        routes.get(NotificationsPath.list, use: page)
        routes.post(NotificationsPath.markAllRead, use: markAllRead)
        routes.post(NotificationsPath.open(.key), use: open)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let user = try req.currentUser
        let rows = try await service.recent(userID: user.userID, limit: 100, on: req.db).map {
            Page.Row(id: $0.id!.uuidString.lowercased(), at: req.formDateTime($0.at), message: req.t($0.messageKey, $0.arguments), unread: $0.readAt == nil)
        }
        return try await req.renderPage("notifications/notifications", titleKey: "notifications.title", Page(rows: rows, noRows: rows.isEmpty))
    }

    @Sendable func markAllRead(req: Request) async throws -> Response {
        let user = try req.currentUser
        try await service.markRead(id: nil, userID: user.userID, on: req.db, now: Date())
        return req.redirect(to: NotificationsPath.list.path)
    }

    @Sendable func open(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard let id = req.parameters.get("notificationID", as: UUID.self),
              let notification = try await service.find(id, userID: user.userID, on: req.db)
        else { throw VigilError.notFound }
        try await service.markRead(id: id, userID: user.userID, on: req.db, now: Date())
        return req.redirect(to: Request.safeLocalPath(notification.link))
    }
}
