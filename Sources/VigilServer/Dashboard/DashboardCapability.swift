import Vapor

/// The home page.
struct DashboardCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try routes.signedIn.register(collection: DashboardController(
            organisations: services.organisationRepository, users: services.userRepository, assets: services.assets,
            findings: services.findingRepository, incidents: services.incidentRepository, coverage: services.coverage,
            contacts: services.contacts.repository,
            panels: DashboardPanels(incidents: services.incidentRepository, compliance: services.compliance)))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 10, path: DashboardPath.home.path, labelKey: "nav.dashboard", exact: true)]
    }
}
