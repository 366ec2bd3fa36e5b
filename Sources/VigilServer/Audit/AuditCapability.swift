import Vapor

/// The hash-chained audit trail: its page and its API.
struct AuditCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        let audit = AuditController(repository: services.audit, organisations: services.organisationRepository)
        try routes.signedIn.register(collection: audit)
        try audit.bootAPI(routes: routes.api)
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .administration, order: 30, path: AuditPath.page.path, labelKey: "nav.audit", visible: { $0.has(.viewAudit) })]
    }
}
