import Vapor

/// Response plans per information system (phương án ứng cứu sự cố): generated from what Vigil
/// knows, edited by the focal point, approved by a leader, exported, and flagged for review when
/// their system, playbooks or cycle say so.
struct PlansCapability: Capability {
    let services: VigilServices

    func boot(_ routes: CapabilityRoutes) throws {
        try PlanAPIController(service: services.plans).boot(routes: routes.api)
        try routes.signedIn.register(collection: PlanPageController(service: services.plans, organisations: services.organisationRepository))
        try routes.signedIn.register(collection: PlanSettingsController(store: services.plans.settings))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 60, path: PlansPath.plans.path, labelKey: "nav.response_plans", visible: { $0.has(.viewAssets) }),
         NavigationEntry(section: .administration, order: 46, path: PlansPath.settings.path, labelKey: "plan.settings",
                         visible: { $0.has(.manageSettings) })]
    }

    var jobs: [PeriodicJob] {
        // Plans that have become due for review are announced once (the `plan.review_due` event).
        [PeriodicJob(name: "plan-review-due", interval: 3600, lease: 600) { [plans = services.plans] db, _ in
            try await plans.announceReviewsDue(on: db)
        }]
    }
}
