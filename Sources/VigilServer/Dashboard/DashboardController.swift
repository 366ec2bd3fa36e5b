import Fluent
import Vapor
import VigilCore

/// The home page. Until the capabilities exist it says plainly what is built and what is not.
struct DashboardController: RouteCollection, Sendable {
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: dashboard)
    }

    struct Page: Encodable, Sendable {
        struct Capability: Encodable, Sendable {
            let name: String
            let description: String
            let built: Bool
        }
        let organisationCount: Int
        let capabilities: [Capability]
    }

    @Sendable func dashboard(req: Request) async throws -> Response {
        let user = try req.currentUser
        let count = try await organisations.all(in: user.scope, on: req.db).count
        let planned = ["assets", "vulnerabilities", "monitoring", "plans", "compliance"]
        let capabilities = [Page.Capability(name: req.t("dashboard.cap.foundation"), description: req.t("dashboard.cap.foundation.text"), built: true),
                            Page.Capability(name: req.t("nav.incidents"), description: req.t("dashboard.cap.incidents.partial"), built: true)]
            + planned.map { Page.Capability(name: req.t("nav.\($0)"), description: req.t("dashboard.cap.\($0).text"), built: false) }
        return try await req.renderPage("dashboard", titleKey: "dashboard.title", Page(organisationCount: count, capabilities: capabilities))
    }
}

/// Administrator settings: whether two-factor login is required of every user.
struct SettingsController: RouteCollection, Sendable {
    let settings: SettingsStore

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("settings").grouped(RequirePermission(permission: .manageSettings))
        admin.get(use: page)
        admin.post(use: save)
    }

    struct Page: Encodable, Sendable {
        let requireTwoFactor: Bool
        let editable: Bool
    }

    @Sendable func page(req: Request) async throws -> Response {
        let user = try req.currentUser
        return try await req.renderPage("settings", titleKey: "settings.title",
                                        Page(requireTwoFactor: try await settings.requireTwoFactorForAll(on: req.db), editable: user.isRootAdmin))
    }

    struct Form: Content { var require_two_factor: String? }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(Form.self)
        let value = form.require_two_factor == "on" || form.require_two_factor == "true"
        let old = try await settings.requireTwoFactorForAll(on: req.db)
        try await req.db.write { db in
            try await settings.setRequireTwoFactorForAll(value, on: db)
            var changes = AuditChanges()
            changes.set(SettingsStore.requireTwoFactorKey, from: String(old), to: String(value))
            try await AuditLog.append(on: db, actor: .user(user, address: req.clientAddress), organisationID: user.organisationID,
                                      action: "settings.update", objectType: "settings", objectID: nil, changes: changes)
        }
        return req.redirect(to: "/settings?notice=saved")
    }
}
