import Fluent
import Vapor
import VigilCore

/// Information systems: list, create, change (with the change history) on the pages, and
/// `GET|POST /api/v1/systems`.
struct SystemController: RouteCollection, Sendable {
    let service: SystemService
    let organisations: OrganisationRepository
    let assets: AssetRepository

    func boot(routes: any RoutesBuilder) throws {
        let systems = routes.grouped(RequirePermission(permission: .viewAssets))
        systems.get(AssetsPath.systems, use: listPage)
        systems.get(AssetsPath.system(.key), use: showPage)
        let manage = systems.grouped(RequirePermission(permission: .manageAssets))
        manage.get(AssetsPath.newSystem, use: newPage)
        manage.post(AssetsPath.systems, use: create)
        manage.post(AssetsPath.system(.key), use: update)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        let systems = routes.grouped(RequirePermission(permission: .viewAssets))
        systems.get(AssetsAPIPath.systems, use: listJSON)
        systems.grouped(RequirePermission(permission: .manageAssets)).post(AssetsAPIPath.systems, use: createJSON)
    }

    // MARK: API

    struct SystemDTO: Content {
        let id: String
        let name: String
        let organisation: OrganisationRef
        let purpose: String
        let securityLevel: Int
        let nationalCritical: Bool
        let hosting: String
        let publicUrls: [String]
        let responsible: String

        init(_ record: InformationSystemRecord) {
            id = record.id!.uuidString.lowercased()
            name = record.name
            organisation = .init(id: record.$organisation.id.uuidString.lowercased(), name: record.$organisation.value?.name ?? "")
            purpose = record.purpose
            securityLevel = record.securityLevel
            nationalCritical = record.nationalCritical
            hosting = record.hosting
            publicUrls = record.publicURLs.split(separator: "\n").map(String.init)
            responsible = record.responsible
        }
    }

    struct SystemRequest: Content {
        var name: String
        var organisationId: String?
        var purpose: String?
        var securityLevel: Int?
        var nationalCritical: Bool?
        var hosting: String?
        var publicUrls: [String]?
        var responsible: String?
        var scanIntervalMonths: Int?

        var cells: [String: String] {
            var cells = ["name": name, "purpose": purpose ?? "", "hosting": hosting ?? "", "responsible": responsible ?? "",
                         "public_urls": (publicUrls ?? []).joined(separator: ";"), "organisation": organisationId ?? ""]
            if let scanIntervalMonths { cells["scan_interval_months"] = String(scanIntervalMonths) }
            if let securityLevel { cells["security_level"] = String(securityLevel) }
            if let nationalCritical { cells["national_critical"] = nationalCritical ? "yes" : "no" }
            return cells
        }
    }

    @Sendable func listJSON(req: Request) async throws -> APIPage<SystemDTO> {
        let rows = try await service.list(for: try req.currentUser, on: req.db).map(SystemDTO.init)
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    @Sendable func createJSON(req: Request) async throws -> Response {
        let body = try req.decodeJSON(SystemRequest.self)
        let (draft, problems) = SystemDraft.parse(body.cells)
        let system = try await service.save(draft, problems: Self.camelCased(problems), existing: nil, by: try req.currentUser,
                                            address: req.clientAddress, on: req.db)
        return try await SystemDTO(system).encodeResponse(status: .created, for: req)
    }

    /// The API names fields in camelCase.
    static func camelCased(_ problems: [FieldProblem]) -> [FieldProblem] {
        let names = ["security_level": "securityLevel", "national_critical": "nationalCritical", "public_urls": "publicUrls", "organisation": "organisationId",
                     "scan_interval_months": "scanIntervalMonths"]
        return problems.map { FieldProblem(names[$0.field] ?? $0.field, $0.key, $0.arguments) }
    }

    // MARK: Pages

    @Sendable func listPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        var rows = try await service.list(for: user, on: req.db).map {
            ListPage.Row(id: $0.id!.uuidString.lowercased(), name: $0.name, organisation: $0.organisation.name, level: $0.securityLevel,
                         hosting: req.t("system.hosting.\($0.hosting)"))
        }
        // Sorted by name (the default), by organisation, or by security level, highest first.
        let sort = req.query[String.self, at: "sort"] ?? "name"
        switch sort {
        case "organisation": rows.sort { ($0.organisation, $0.name) < ($1.organisation, $1.name) }
        case "level": rows.sort { ($1.level, $0.name) < ($0.level, $1.name) }
        default: rows.sort { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        }
        let paging = ListPaging(count: rows.count, request: req, path: AssetsPath.systems.path)
        return try await req.renderPage("assets/systems", titleKey: "system.title",
                                        ListPage(rows: paging.slice(rows), noRows: rows.isEmpty, canManage: user.has(.manageAssets), sort: sort, paging: paging))
    }

    private func render(_ req: Request, system: InformationSystemRecord?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        var values = form.values
        if let system, values.isEmpty {
            values = ["name": system.name, "organisation": system.$organisation.id.uuidString.lowercased(), "purpose": system.purpose,
                      "security_level": String(system.securityLevel), "national_critical": system.nationalCritical ? "yes" : "",
                      "hosting": system.hosting, "public_urls": system.publicURLs, "responsible": system.responsible,
                      "scan_interval_months": String(system.scanIntervalMonths)]
        }
        var state = form
        state.values = values
        let changes = try await system.asyncMap { try await service.changes(of: $0, on: req.db) } ?? []
        var hosts: [String] = []
        var suppliers: [SelectOption] = []
        if let id = system?.id {
            hosts = try await assets.hosts(ofSystem: id, on: req.db).map(\.hostname)
            suppliers = try await assets.suppliers(ofSystem: id, on: req.db).map {
                SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: false)
            }
        }
        let page = FormPage(
            id: system?.id?.uuidString.lowercased(),
            organisations: try await organisations.all(in: user.scope, on: req.db).map {
                SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name,
                             selected: (values["organisation"] ?? user.organisationID.uuidString.lowercased()) == $0.id!.uuidString.lowercased())
            },
            levels: (1...5).map { SelectOption(value: String($0), label: req.t("system.level", String($0)), selected: values["security_level"] == String($0)) },
            hostings: Hosting.allCases.map { SelectOption(value: $0.rawValue, label: req.t("system.hosting.\($0.rawValue)"), selected: values["hosting"] == $0.rawValue) },
            levelMeanings: (1...5).map { req.t("system.level.meaning.\($0)") },
            form: state,
            changes: changes.map { change in
                let fields = (try? JSONDecoder().decode([String: [String: String]].self, from: Data(change.changes.utf8))) ?? [:]
                return FormPage.Change(at: req.formDateTime(change.at), actor: change.actor,
                                       fields: fields.keys.sorted().map { req.t("system.field.\($0)") }.joined(separator: ", "))
            },
            hosts: hosts, suppliers: suppliers, canManage: user.has(.manageAssets))
        return try await req.renderPage("assets/system", titleKey: system == nil ? "system.new" : "system.title", page, status: status)
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        try await render(req, system: nil, form: FormState())
    }

    @Sendable func showPage(req: Request) async throws -> Response {
        guard let id = req.parameters.get("systemID", as: UUID.self) else { throw VigilError.notFound }
        return try await render(req, system: try await service.find(id, for: try req.currentUser, on: req.db), form: FormState())
    }

    struct Form: Content {
        var name: String
        var organisation: String?
        var purpose: String?
        var security_level: String?
        var national_critical: String?
        var hosting: String?
        var public_urls: String?
        var responsible: String?
        var scan_interval_months: String?

        var cells: [String: String] {
            ["name": name, "organisation": organisation ?? "", "purpose": purpose ?? "", "security_level": security_level ?? "",
             "national_critical": national_critical == nil ? "no" : "yes", "hosting": hosting ?? "",
             "public_urls": (public_urls ?? "").replacingOccurrences(of: "\r\n", with: ";").replacingOccurrences(of: "\n", with: ";"),
             "responsible": responsible ?? "", "scan_interval_months": scan_interval_months ?? ""]
        }
    }

    private func submit(_ req: Request, existing: InformationSystemRecord?) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let (draft, problems) = SystemDraft.parse(form.cells)
        do {
            let system = try await service.save(draft, problems: problems, existing: existing, by: try req.currentUser,
                                                address: req.clientAddress, on: req.db)
            return req.redirect(to: AssetsPath.system(.value(system.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, system: existing, form: .failed(error, values: form.cells.merging(["public_urls": form.public_urls ?? ""]) { $1 },
                                                                         request: req), status: error.status)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await submit(req, existing: nil)
    }

    @Sendable func update(req: Request) async throws -> Response {
        guard let id = req.parameters.get("systemID", as: UUID.self) else { throw VigilError.notFound }
        return try await submit(req, existing: try await service.find(id, for: try req.currentUser, on: req.db))
    }
}
