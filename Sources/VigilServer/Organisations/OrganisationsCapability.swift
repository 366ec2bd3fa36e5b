import Vapor

/// The organisation tree: province, agencies, units.
struct OrganisationsCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        let organisations = OrganisationController(repository: services.organisationRepository, service: services.organisations)
        try routes.signedIn.register(collection: organisations)
        try organisations.bootAPI(routes: routes.api)
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .administration, order: 10, path: OrganisationsPath.list.path, labelKey: "nav.organisations")]
    }
}
