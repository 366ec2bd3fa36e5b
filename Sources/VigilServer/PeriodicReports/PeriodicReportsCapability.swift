import Vapor

/// The periodic reports (the 6-month and the annual report to the national coordinating body):
/// generated from the data of their period with a province's roll-up, issued as a DOCX kept by
/// its SHA-256, their templates, the deadlines, and the reminders before them.
struct PeriodicReportsCapability: Capability {
    let service: PeriodicReportService
    let reminders: PeriodicReportReminders

    init(services: VigilServices, config: AppConfig, localizer: Localizer) {
        let repository = PeriodicReportRepository()
        let format = DisplayFormat(timeZone: config.timeZone)
        service = PeriodicReportService(
            repository: repository, organisations: services.organisationRepository,
            figures: PeriodicFiguresSource(organisations: services.organisationRepository, incidents: services.incidentRepository,
                                           findings: services.findingRepository, drills: DrillRepository(), compliance: services.compliance,
                                           snapshots: ComplianceSnapshotRepository(), timeZone: config.timeZone),
            wording: PeriodicReportWording(localizer: localizer, format: format), blobs: services.blobs)
        reminders = PeriodicReportReminders(repository: repository, organisations: services.organisationRepository, users: services.userRepository,
                                            notifications: services.notifications, timeZone: config.timeZone)
    }

    func boot(_ routes: CapabilityRoutes) throws {
        try PeriodicReportAPIController(service: service).boot(routes: routes.api)
        try routes.signedIn.register(collection: PeriodicReportPageController(service: service))
        try routes.signedIn.register(collection: PeriodicReportTemplateController(service: service))
    }

    var jobs: [PeriodicJob] {
        // Hourly, so that a server started late in the day still reminds that day; each reminder goes once.
        [PeriodicJob(name: "periodic-report-reminders", interval: 3600, lease: 600) { [reminders] db, _ in try await reminders.run(on: db) }]
    }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(section: .main, order: 72, path: PeriodicReportsPath.reports.path, labelKey: "nav.periodic_reports",
                            visible: { $0.has(.viewPeriodicReports) }),
            NavigationEntry(section: .administration, order: 52, path: PeriodicReportsPath.templates.path, labelKey: "nav.periodic_report_templates",
                            visible: { $0.has(.manageSettings) }),
        ]
    }
}
