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

    var jobs: [PeriodicJob] {
        // Refused messages are kept three months (`FederationRepository.keepRefusals`).
        [PeriodicJob(name: "federation-refusals-prune", interval: 86_400, lease: 600) { [repository = services.federation.repository] db, _ in
            try await repository.pruneRefusals(now: Date(), on: db)
        }]
    }

    var navigation: [NavigationEntry] {
        // The coordinator's entry; others who may acknowledge reach the list from the incidents page,
        // which shows the received incidents when there are any.
        [NavigationEntry(section: .main, order: 21, path: FederationPath.received.path, labelKey: "federation.received.nav",
                         visible: { $0.has(.acknowledgeReports) && $0.has(.compareCompliance) }),
         NavigationEntry(section: .administration, order: 49, path: FederationPath.federation.path, labelKey: "federation.title",
                         visible: { $0.has(.manageFederation) })]
    }
}
