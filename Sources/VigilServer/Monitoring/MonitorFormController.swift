import Fluent
import Vapor
import VigilCore

/// Monitors added and changed by hand: `/monitors/new`, `/monitors/{id}/edit`, and removal.
struct MonitorFormController: RouteCollection, Sendable {
    let service: MonitorService
    let organisations: OrganisationRepository
    let assets: AssetRepository

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageAssets))
        manage.get(MonitoringPath.newMonitor, use: newPage)
        manage.post(MonitoringPath.monitors, use: create)
        manage.get(MonitoringPath.editMonitor(.key), use: editPage)
        manage.post(MonitoringPath.monitor(.key), use: update)
        manage.post(MonitoringPath.removeMonitor(.key), use: remove)
    }

    /// The form's fields, as posted (boxes send "yes" when ticked; rule lists one item per line).
    struct Form: Content {
        var name: String?
        var organisation: String?
        var system: String?
        var kind: String?
        var target: String?
        var intervalSeconds: String?
        var timeoutSeconds: String?
        var confirmAfter: String?
        var keyword: String?
        var keywordAbsent: String?
        var expectedStatus: String?
        var defacement: String?
        var paused: String?
        var expectedAddresses: String?
        var certificateWarnDays: String?
        var certificateAlertDays: String?
        var ignoredText: String?
        var trustedDomains: String?
        var markers: String?

        /// What was posted, without empty fields (an unticked box stays unticked when the form is shown again).
        var values: [String: String] {
            ["name": name ?? "", "organisation": organisation ?? "", "system": system ?? "", "kind": kind ?? "", "target": target ?? "",
             "intervalSeconds": intervalSeconds ?? "", "timeoutSeconds": timeoutSeconds ?? "", "confirmAfter": confirmAfter ?? "",
             "keyword": keyword ?? "", "keywordAbsent": keywordAbsent ?? "", "expectedStatus": expectedStatus ?? "", "defacement": defacement ?? "",
             "paused": paused ?? "", "expectedAddresses": expectedAddresses ?? "", "certificateWarnDays": certificateWarnDays ?? "",
             "certificateAlertDays": certificateAlertDays ?? "", "ignoredText": ignoredText ?? "", "trustedDomains": trustedDomains ?? "",
             "markers": markers ?? ""].filter { !$0.value.isEmpty }
        }

        static func lines(_ text: String?) -> [String] {
            (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        /// The draft; a number that is not one is a field error, named.
        func draft(creating: Bool) throws -> MonitorService.Draft {
            var problems = FieldProblems()
            func number(_ text: String?, _ field: String) -> Int? {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                guard let value = Int(text) else { problems.add(.invalid(field, "validation.number")); return nil }
                return value
            }
            let draft = MonitorService.Draft(
                name: name, kind: creating ? kind : nil, target: target, intervalSeconds: number(intervalSeconds, "intervalSeconds"),
                timeoutSeconds: number(timeoutSeconds, "timeoutSeconds"), confirmAfter: number(confirmAfter, "confirmAfter"),
                systemID: system ?? "", organisationID: creating ? organisation : nil, defacement: defacement != nil, keyword: keyword ?? "",
                keywordAbsent: keywordAbsent != nil, expectedStatus: number(expectedStatus, "expectedStatus"),
                expectedAddresses: (expectedAddresses ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init),
                paused: paused != nil, certWarnDays: number(certificateWarnDays, "certificateWarnDays"),
                certAlertDays: number(certificateAlertDays, "certificateAlertDays"),
                rules: DefacementRules(ignoredText: Self.lines(ignoredText), trustedDomains: Self.lines(trustedDomains), markers: Self.lines(markers)))
            try problems.throwIfAny()
            return draft
        }
    }

    private func render(_ req: Request, monitor: MonitorRecord?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        var state = form
        if let monitor, state.values.isEmpty {
            let rules = monitor.defacementRules
            state.values = ["name": monitor.name, "organisation": monitor.$organisation.id.uuidString.lowercased(),
                            "system": monitor.systemID?.uuidString.lowercased() ?? "", "kind": monitor.kind, "target": monitor.target,
                            "intervalSeconds": String(monitor.intervalSeconds), "timeoutSeconds": String(monitor.timeoutSeconds),
                            "confirmAfter": String(monitor.confirmAfter), "keyword": monitor.keyword ?? "", "keywordAbsent": monitor.keywordAbsent ? "yes" : "",
                            "expectedStatus": monitor.expectedStatus.map(String.init) ?? "", "defacement": monitor.defacement ? "yes" : "",
                            "paused": monitor.paused ? "yes" : "", "expectedAddresses": monitor.expectedAddresses,
                            "certificateWarnDays": String(monitor.certWarnDays), "certificateAlertDays": String(monitor.certAlertDays),
                            "ignoredText": rules.ignoredText.joined(separator: "\n"), "trustedDomains": rules.trustedDomains.joined(separator: "\n"),
                            "markers": rules.markers.joined(separator: "\n")]
        } else if monitor == nil && state.values.isEmpty {
            state.values = ["kind": "http", "intervalSeconds": "60", "timeoutSeconds": "10", "confirmAfter": "2",
                            "certificateWarnDays": "30", "certificateAlertDays": "7", "defacement": "yes"]
        }
        let visible = try await organisations.all(in: user.scope, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: visible.map { ($0.id!, $0.name) })
        let chosenOrganisation = state.values["organisation"].flatMap { $0.isEmpty ? nil : $0 } ?? user.organisationID.uuidString.lowercased()
        let systems = try await assets.systems(ofOrganisations: Array(names.keys), on: req.db)
        let page = MonitorPages.FormPage(
            id: monitor?.id?.uuidString.lowercased(), name: monitor?.name ?? "",
            kinds: MonitorKind.allCases.map { SelectOption(value: $0.rawValue, label: req.t("monitor.kind.\($0.rawValue)"), selected: state.values["kind"] == $0.rawValue,
                                                           hint: req.t("monitor.kind.\($0.rawValue).hint")) },
            organisations: visible.map { SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: chosenOrganisation == $0.id!.uuidString.lowercased()) },
            systems: systems.map { SelectOption(value: $0.id!.uuidString.lowercased(), label: "\($0.name) (\(names[$0.$organisation.id] ?? ""))",
                                                selected: state.values["system"] == $0.id!.uuidString.lowercased()) },
            form: state)
        return try await req.renderPage("monitoring/monitor-form", titleKey: monitor == nil ? "monitor.new" : "monitor.edit", page, status: status)
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        try await render(req, monitor: nil, form: FormState())
    }

    @Sendable func editPage(req: Request) async throws -> Response {
        try await render(req, monitor: try await service.load(req), form: FormState())
    }

    private func submit(_ req: Request, existing: MonitorRecord?) async throws -> Response {
        let form = try req.content.decode(Form.self)
        do {
            let draft = try form.draft(creating: existing == nil)
            let user = try req.currentUser
            let saved: MonitorRecord
            if let existing {
                try await service.update(existing, draft, by: user, address: req.clientAddress, on: req.db)
                saved = existing
            } else {
                saved = try await service.create(draft, by: user, address: req.clientAddress, on: req.db)
            }
            return req.redirect(to: MonitoringPath.monitor(.value(try saved.requireID())).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            var values = form.values
            if let existing { values["kind"] = existing.kind }
            return try await render(req, monitor: existing, form: .failed(error, values: values, request: req), status: error.status)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await submit(req, existing: nil)
    }

    @Sendable func update(req: Request) async throws -> Response {
        try await submit(req, existing: try await service.load(req))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        try await service.delete(try await service.load(req), by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: MonitoringPath.monitors.link(notice: "monitor_removed"))
    }
}
