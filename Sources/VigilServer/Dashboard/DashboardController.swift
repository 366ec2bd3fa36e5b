import Fluent
import Vapor
import VigilCore

/// The home page: the first steps of a new installation (ticked from the data, each with the role
/// that can do it) until they are done, each role's panel (`DashboardPanels`: a staff member's
/// reports, a responder's tasks, an agency's compliance, a province's agencies), and the figures
/// that need attention, each linked to the list behind it. Every figure counts only what the user
/// may see.
struct DashboardController: RouteCollection, Sendable {
    let organisations: OrganisationRepository
    let users: UserRepository
    let assets: AssetRepository
    let findings: FindingRepository
    let incidents: IncidentRepository
    let coverage: CoverageService
    let contacts: ContactRepository
    let panels: DashboardPanels

    func boot(routes: any RoutesBuilder) throws {
        routes.get(DashboardPath.home, use: dashboard)
    }

    @Sendable func dashboard(req: Request) async throws -> Response {
        let user = try req.currentUser
        let inScope = try await organisations.all(in: user.scope, on: req.db)
        let ids = inScope.compactMap(\.id)
        let people = try await users.counts(inOrganisations: ids, holding: .focalPoint, on: req.db)
        let inventory = try await assets.counts(inOrganisations: ids, on: req.db)
        // Someone below the province was set up by an administrator above: for them the
        // organisations and the people exist already.
        let setUpAbove = OrganisationTree.depth(ofPath: user.scope.organisationPath) > 1
        let allUsers = try await users.count(on: req.db)
        let facts = SetupFacts(organisationsBelow: setUpAbove ? max(1, inScope.count - 1) : inScope.count - 1,
                               otherUsers: setUpAbove ? max(1, allUsers - 1) : max(0, people.users - 1), focalPoints: people.holding,
                               systems: inventory.systems, hosts: inventory.hosts, scans: try await findings.scanCount(scope: ids, on: req.db))
        let checklist = facts.checklist(for: user.roles)
        let steps = checklist.steps.map { step in
            Page.Step(title: req.t("first_step.\(step.rawValue)"), hint: req.t("first_step.\(step.rawValue).hint"),
                      roles: step.roles.map { req.t("role.\($0.rawValue)") }.joined(separator: ", "),
                      done: step.isDone(facts), link: user.has(step.permission) ? Self.link(step) : nil)
        }

        var figures: [Page.Figure] = []
        let now = Date()
        let tiles = try await panels.agency(req, user: user, now: now)
        let province = try await panels.province(req, user: user, now: now)
        // The compliance tiles and table show coverage, findings and the focal point already.
        let compliancePanel = !tiles.isEmpty || province != nil
        if user.has(.reportIncidents) {
            var open = IncidentRepository.Filter()
            open.openOnly = true
            figures.append(.init(label: req.t("dashboard.figure.open_incidents"), value: String(try await incidents.count(for: user, filter: open, on: req.db)),
                                 link: IncidentsPath.list.path, alert: false))
            var overdue = IncidentRepository.Filter()
            overdue.overdueAt = now
            let late = try await incidents.count(for: user, filter: overdue, on: req.db)
            figures.append(.init(label: req.t("dashboard.figure.overdue_clocks"), value: String(late), link: IncidentsPath.list.path + "?overdue=1", alert: late > 0))
        }
        if user.has(.viewAssets), !compliancePanel {
            let own = try await coverage.organisation(nil, for: user, on: req.db)
            let report = try await coverage.report(for: own, user: user, on: req.db, now: now)
            let value = report.coverage.total == 0 ? req.t("dashboard.figure.no_hosts")
                : req.t("dashboard.figure.coverage_value", [String(report.coverage.percent), String(report.coverage.protected), String(report.coverage.total)])
            figures.append(.init(label: req.t("dashboard.figure.coverage"), value: value, link: AssetsPath.coverage.path,
                                 alert: report.coverage.total > 0 && !report.coverage.meetsTarget))
        }
        if user.has(.viewVulnerabilities), !compliancePanel {
            let late = try await findings.overdue(scope: ids, now: now, on: req.db).byOrganisation.values.reduce(0, +)
            figures.append(.init(label: req.t("dashboard.figure.overdue_findings"), value: String(late), link: VulnerabilitiesPath.section.path, alert: late > 0))
        }
        let named = compliancePanel ? [] : try await contacts.status(of: ContactRepository.namingOrganisations(inScope), on: req.db)
        if !named.isEmpty {
            let flagged = named.filter { !$0.problems.isEmpty }.count
            figures.append(.init(label: req.t("dashboard.figure.focal_point"),
                                 value: flagged == 0 ? req.t("dashboard.figure.focal_point_ok") : req.t("dashboard.figure.focal_point_flagged", [String(flagged), String(named.count)]),
                                 link: named.count == 1 ? ContactsPath.directory.path : ContactsPath.overview.path, alert: flagged > 0))
        }
        let page = Page(showSteps: checklist.show, steps: steps, stepsDone: steps.filter(\.done).count, figures: figures,
                        organisation: user.organisationName, reports: try await panels.reports(req, user: user),
                        tasks: try await panels.tasks(req, user: user, now: now), tiles: tiles, province: province,
                        showReports: user.has(.reportIncidents) && !user.has(.viewIncidents), showTasks: user.has(.handleIncidents))
        return try await req.renderPage("dashboard/dashboard", titleKey: "dashboard.title", page)
    }

    static func link(_ step: FirstStep) -> String {
        switch step {
        case .organisations: OrganisationsPath.new.path
        case .users: AccountsPath.newUser.path
        case .focalPoint: AccountsPath.users.path
        case .systems: AssetsPath.newSystem.path
        case .hosts: AssetsPath.enrolment.path
        case .firstScan: VulnerabilitiesPath.importReport.path
        }
    }
}
