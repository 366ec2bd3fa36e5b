import Vapor
import VigilCore

/// Contacts and the focal point: each organisation's directory of people and outside bodies, its
/// focal point and deputy with their reachability checks and official notice, and the escalation
/// chains that new incidents (also those monitors open) start.
struct ContactsCapability: Capability {
    let services: VigilServices
    let contacts: ContactsServices

    func boot(_ routes: CapabilityRoutes) throws {
        let organisations = services.organisationRepository
        try ContactAPIController(repository: contacts.repository, service: contacts.service, reachability: contacts.reachability,
                                 organisations: organisations).boot(routes: routes.api)
        let pages = ContactPageController(repository: contacts.repository, organisations: organisations, reachability: contacts.reachability)
        try routes.signedIn.register(collection: pages)
        try routes.signedIn.register(collection: ContactFormController(
            repository: contacts.repository, service: contacts.service, organisations: organisations, users: services.userRepository,
            suppliers: services.suppliers, reportingBodies: services.reports.bodies))
        try routes.signedIn.register(collection: EscalationController(service: contacts.escalations, organisations: organisations))
        try routes.signedIn.register(collection: FocalPointNoticeController(service: contacts.notices, repository: contacts.repository,
                                                                            organisations: organisations, pages: pages, blobs: services.blobs))
        try routes.browser.register(collection: ReachabilityController(service: contacts.reachability))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 55, path: ContactsPath.directory.path, labelKey: "nav.contacts", visible: { $0.has(.viewOrganisations) })]
    }

    var jobs: [PeriodicJob] {
        [
            // Due escalation steps; each step is claimed on its own too, so a slow run never fires one twice.
            PeriodicJob(name: "escalation-steps", interval: 30, lease: 300) { [contacts] db, _ in
                _ = try await contacts.runner.runDue(on: db)
            },
            // Checks to focal points and deputies whose confirmation went stale.
            PeriodicJob(name: "contact-reachability", interval: 3600, lease: 600) { [contacts] db, _ in
                _ = try await contacts.reachability.sendDue(on: db)
            },
        ]
    }
}

/// The contacts capability's collaborators, built once with the other services.
struct ContactsServices: Sendable {
    let repository: ContactRepository
    let service: ContactService
    let reachability: ReachabilityService
    let escalations: EscalationService
    let runner: EscalationRunner
    let notices: FocalPointNoticeService
}
