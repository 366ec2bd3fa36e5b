import Vapor

/// Staff awareness: the focal point's notice on the directive to all staff or chosen units, each
/// person's acknowledgement (the page after sign-in, `AwarenessInterstitial`, or the e-mail's
/// one-time link), who has and has not acknowledged per unit, reminders.
struct AwarenessCapability: Capability {
    let services: VigilServices
    let localizer: Localizer

    var service: AwarenessService {
        AwarenessService(repository: AwarenessRepository(), organisations: services.organisationRepository, users: services.userRepository,
                         focalPoints: FocalPointDirectory(users: services.userRepository, directory: DirectoryFocalPoint(repository: services.contacts.repository)), notifications: services.notifications,
                         outbox: services.mailOutbox, mailSettings: services.mailSettings, text: AwarenessText(localizer: localizer))
    }

    func boot(_ routes: CapabilityRoutes) throws {
        let service = self.service
        try routes.signedIn.register(collection: AwarenessPageController(service: service, repository: service.repository))
        try routes.browser.register(collection: AwarenessLinkController(service: service))
        try routes.api.register(collection: AwarenessAPIController(service: service, repository: service.repository))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 55, path: AwarenessPath.notices.path, labelKey: "nav.awareness")]
    }
}
