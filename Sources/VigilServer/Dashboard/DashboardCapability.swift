import Vapor

/// The home page.
struct DashboardCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try routes.signedIn.register(collection: DashboardController(organisations: services.organisationRepository))
    }
}
