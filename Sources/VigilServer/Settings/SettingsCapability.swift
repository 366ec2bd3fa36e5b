import Vapor

/// The administrator's settings page.
struct SettingsCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try routes.signedIn.register(collection: SettingsController(settings: services.settings, findings: services.findings))
    }
}
