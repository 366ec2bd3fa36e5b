import Vapor

/// Incidents: reporting, classification, the response, evidence, official reports, playbooks and
/// the rule data from the law (taxonomy, reporting bodies, criteria).
struct IncidentsCapability: Capability {
    let services: VigilServices
    let config: AppConfig

    func boot(_ routes: CapabilityRoutes) throws {
        let (signedIn, api) = (routes.signedIn, routes.api)
        let repository = services.incidentRepository
        try signedIn.register(collection: IncidentCriteriaController(
            reportingRules: services.incidents.reportingRules, severityCriteria: services.incidents.severityCriteria))
        try signedIn.register(collection: IncidentPageController(
            repository: repository, service: services.incidents, evidence: services.evidence, reports: services.reports,
            organisations: services.organisationRepository, subScenarios: services.subScenarios,
            users: services.userRepository, received: services.federation.repository, uploadLimit: config.uploadMaxBytes))
        try api.register(collection: IncidentAPIController(repository: repository, service: services.incidents))
        try IncidentTimelineAPIController(repository: repository, service: services.incidents).boot(routes: api)
        for isAPI in [false, true] {
            let group = isAPI ? api : signedIn
            try group.register(collection: IndicatorExchangeController(
                repository: repository, service: services.incidents, organisations: services.organisationRepository,
                importLimit: config.uploadMaxBytes, isAPI: isAPI))
            try group.register(collection: IncidentActionsController(repository: repository, service: services.incidents, isAPI: isAPI))
            try group.register(collection: EvidenceController(
                repository: repository, service: services.evidence, uploadLimit: config.uploadMaxBytes, isAPI: isAPI))
            try group.register(collection: ReportController(repository: repository, service: services.reports, isAPI: isAPI))
        }
        try signedIn.register(collection: ReportTemplateController(service: services.reports))
        let playbooks = PlaybookController(store: services.incidents.playbooks, organisations: services.organisationRepository)
        try signedIn.register(collection: playbooks)
        try playbooks.bootAPI(routes: api)
        try signedIn.register(collection: RuleDataController(data: TaxonomyPage(store: services.subScenarios)))
        try api.register(collection: TaxonomyAPIController(store: services.subScenarios))
        try signedIn.register(collection: RuleDataController(data: ReportingBodyPage(store: services.reports.bodies)))
    }

    var navigation: [NavigationEntry] {
        let settings: @Sendable (CurrentUser) -> Bool = { $0.has(.manageSettings) }
        return [
            NavigationEntry(section: .main, order: 20, path: IncidentsPath.list.path, labelKey: "nav.incidents"),
            NavigationEntry(section: .administration, order: 50, path: IncidentsPath.reportTemplates.path, labelKey: "nav.report_templates",
                            visible: settings),
            NavigationEntry(section: .administration, order: 60, path: IncidentsPath.taxonomy.path, labelKey: "nav.taxonomy", visible: settings),
            NavigationEntry(section: .administration, order: 70, path: IncidentsPath.reportingBodies.path, labelKey: "nav.reporting_bodies",
                            visible: settings),
        ]
    }
}
