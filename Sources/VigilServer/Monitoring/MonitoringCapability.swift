import Fluent
import Vapor
import VigilCore

/// Proactive monitoring: availability, certificates and defacement of the agencies' public
/// endpoints, opening incidents for what it confirms.
struct MonitoringCapability: Capability {
    let services: VigilServices
    let runner: MonitorRunner
    let monitors: MonitorService

    func boot(_ routes: CapabilityRoutes) throws {
        try MonitorAPIController(service: monitors, runner: runner).boot(routes: routes.api)
        try routes.signedIn.register(collection: MonitorPageController(service: monitors, runner: runner, organisations: services.organisationRepository,
                                                                       incidents: services.incidentRepository))
        try routes.signedIn.register(collection: MonitorSettingsController(store: MonitorSettings(settings: services.settings)))
        try routes.signedIn.register(collection: MonitorFormController(service: monitors, organisations: services.organisationRepository,
                                                                       assets: services.assets))
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .main, order: 50, path: MonitoringPath.monitors.path, labelKey: "nav.monitoring", visible: { $0.has(.viewAssets) }),
         NavigationEntry(section: .administration, order: 45, path: MonitoringPath.settings.path, labelKey: "monitor.settings",
                         visible: { $0.has(.manageSettings) })]
    }

    var jobs: [PeriodicJob] {
        [
            // History older than the retention setting goes; the hourly counters stay 400 days.
            PeriodicJob(name: "monitor-retention", interval: 3600, lease: 600) { [services] db, _ in
                let days = try await MonitorSettings(settings: services.settings).retention(on: db)
                let now = Date()
                try await MonitorCheckRecord.query(on: db).filter(\.$at < now.addingTimeInterval(-Double(days) * 86_400)).delete()
                try await MonitorHourRecord.query(on: db).filter(\.$hour < now.addingTimeInterval(-400 * 86_400)).delete()
            },
        ]
    }
}
