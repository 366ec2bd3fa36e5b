import Fluent
import Vapor
import VigilCore

/// The home page. Until every capability exists it says plainly what is built and what is not.
struct DashboardController: RouteCollection, Sendable {
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.get(DashboardPath.home, use: dashboard)
    }

    @Sendable func dashboard(req: Request) async throws -> Response {
        let user = try req.currentUser
        let count = try await organisations.all(in: user.scope, on: req.db).count
        let planned = ["monitoring", "plans", "compliance"]
        let capabilities = [Page.Capability(name: req.t("dashboard.cap.foundation"), description: req.t("dashboard.cap.foundation.text"), built: true),
                            Page.Capability(name: req.t("nav.incidents"), description: req.t("dashboard.cap.incidents.built"), built: true),
                            Page.Capability(name: req.t("nav.assets"), description: req.t("dashboard.cap.assets.text"), built: true),
                            Page.Capability(name: req.t("nav.vulnerabilities"), description: req.t("dashboard.cap.vulnerabilities.partial"), built: true)]
            + planned.map { Page.Capability(name: req.t("nav.\($0)"), description: req.t("dashboard.cap.\($0).text"), built: false) }
        return try await req.renderPage("dashboard/dashboard", titleKey: "dashboard.title", Page(organisationCount: count, capabilities: capabilities))
    }
}
