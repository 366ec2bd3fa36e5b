import Fluent
import Foundation
import Vapor
import VigilCore

/// The administrator's monitoring settings, for every monitor: more defacement markers, and how
/// long the history of checks is kept.
struct MonitorSettings: Sendable {
    static let markersKey = "monitor.markers"
    static let retentionKey = "monitor.retention_days"
    static let defaultRetentionDays = 90
    static let retentionDays = 7...3650

    let settings: SettingsStore

    func markers(on db: any Database) async throws -> [String] {
        (try await settings.value(Self.markersKey, on: db) ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    func retention(on db: any Database) async throws -> Int {
        Int(try await settings.value(Self.retentionKey, on: db) ?? "") ?? Self.defaultRetentionDays
    }

    func save(markers: [String], retention: Int, by user: CurrentUser, address: String?, on db: any Database) async throws {
        guard Self.retentionDays.contains(retention) else {
            throw VigilError.invalid("retention_days", "settings.error.days", [String(Self.retentionDays.lowerBound), String(Self.retentionDays.upperBound)])
        }
        if let long = markers.first(where: { $0.count > 200 }) { throw VigilError.invalid("markers", "validation.too_long", ["200", String(long.prefix(40))]) }
        guard markers.count <= 500 else { throw VigilError.invalid("markers", "monitor.error.markers_count", ["500"]) }
        let oldMarkers = try await self.markers(on: db), oldRetention = try await self.retention(on: db)
        let settings = self.settings
        try await db.change(by: .user(user, address: address)) { db, audit in
            var changes = AuditChanges()
            if markers != oldMarkers {
                try await settings.set(Self.markersKey, to: markers.joined(separator: "\n"), on: db)
                changes.set(Self.markersKey, from: oldMarkers.joined(separator: ", "), to: markers.joined(separator: ", "))
            }
            if retention != oldRetention {
                try await settings.set(Self.retentionKey, to: String(retention), on: db)
                changes.set(Self.retentionKey, from: String(oldRetention), to: String(retention))
            }
            audit.record(organisationID: nil, action: "settings.update", objectType: "settings", objectID: "monitoring", changes: changes)
        }
    }
}

/// `/monitors/settings`: seen by administrators, changed by an administrator of the province.
struct MonitorSettingsController: RouteCollection, Sendable {
    let store: MonitorSettings

    struct Page: Encodable, Sendable {
        let markers: String
        let retentionDays: String
        let builtIn: String
        let editable: Bool
        let form: FormState
    }

    struct Form: Content {
        var markers: String?
        var retention_days: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageSettings))
        admin.get(MonitoringPath.settings, use: page)
        admin.post(MonitoringPath.settings, use: save)
    }

    private func render(_ req: Request, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let markers = try await store.markers(on: req.db), retention = try await store.retention(on: req.db)
        let page = Page(markers: form.values["markers"] ?? markers.joined(separator: "\n"),
                        retentionDays: form.values["retention_days"] ?? String(retention),
                        builtIn: DefacementVocabulary.markers.joined(separator: " · "), editable: try req.currentUser.isRootAdmin, form: form)
        return try await req.renderPage("monitoring/settings", titleKey: "monitor.settings", page, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(Form.self)
        let markers = MonitorFormController.Form.lines(form.markers)
        do {
            guard let retention = Int((form.retention_days ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw VigilError.invalid("retention_days", "validation.number")
            }
            try await store.save(markers: markers, retention: retention, by: user, address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            return try await render(req, form: .failed(error, values: ["markers": form.markers ?? "", "retention_days": form.retention_days ?? ""], request: req),
                                    status: .unprocessableEntity)
        }
        return req.redirect(to: MonitoringPath.settings.link(notice: "saved"))
    }
}
