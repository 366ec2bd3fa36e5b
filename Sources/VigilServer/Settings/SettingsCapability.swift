import Vapor

/// The administrator's settings page.
struct SettingsCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try routes.signedIn.register(collection: SettingsController(settings: services.settings, findings: services.findings))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .administration, order: 40, path: SettingsPath.page.path, labelKey: "nav.settings",
                         visible: { $0.has(.manageSettings) }, exact: true)]
    }
}
