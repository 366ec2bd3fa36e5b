import Vapor

/// Reporting between installations: an agency's Vigil sends its incidents' notifications and
/// official reports to the coordinator's Vigil, signed (Ed25519), queued and retried
/// (`FederationSender`, which `serve` starts), and acknowledged back; both sides keep the record.
/// docs/FEDERATION.md is the wire contract.
struct FederationCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        let federation = services.federation
        try FederationAPIController(service: federation, repository: federation.repository, incidents: services.incidentRepository)
            .boot(routes: routes.api)
        FederationReceiveController(service: federation).boot(routes)
        try routes.signedIn.register(collection: FederationPageController(service: federation, repository: federation.repository,
                                                                          incidents: services.incidentRepository))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 15, path: FederationPath.received.path, labelKey: "federation.received.nav",
                         visible: { $0.has(.acknowledgeReports) }),
         NavigationEntry(section: .administration, order: 49, path: FederationPath.federation.path, labelKey: "federation.title",
                         visible: { $0.has(.manageFederation) })]
    }
}
