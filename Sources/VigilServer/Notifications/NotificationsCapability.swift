import Vapor

/// The in-app notification centre.
struct NotificationsCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try routes.signedIn.register(collection: NotificationController(service: services.notifications))
        try NotificationAPIController(service: services.notifications).boot(routes: routes.api)
    }
}
