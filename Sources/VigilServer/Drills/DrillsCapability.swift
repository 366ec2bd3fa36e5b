import Vapor

/// Drills (diễn tập): planned on an organisation's information systems and a playbook's scenario,
/// run as a timeline, their findings turned into tasks and plan reviews, the after-action report,
/// and the yearly drill every system of level 3 and above needs.
struct DrillsCapability: Capability {
    let service: DrillService
    let wording: DrillWording

    init(services: VigilServices, config: AppConfig) {
        service = DrillService(repository: DrillRepository(), organisations: services.organisationRepository, users: services.userRepository,
                               assets: services.assets, plans: services.plans.repository, timeZone: config.timeZone)
        wording = DrillWording(localizer: services.plans.wording.localizer, format: DisplayFormat(timeZone: config.timeZone))
    }

    func boot(_ routes: CapabilityRoutes) throws {
        try DrillAPIController(service: service, wording: wording).boot(routes: routes.api)
        try routes.signedIn.register(collection: DrillPageController(service: service, wording: wording))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 62, path: DrillsPath.drills.path, labelKey: "nav.drills", visible: { $0.has(.viewDrills) })]
    }
}
