import Fluent
import Vapor
import VigilCore

/// Information systems: list, create, change (with the change history) on the pages, and
/// `GET|POST /api/v1/systems`, `PATCH /api/v1/systems/{id}`. The page shows the system's response
/// plan (the plans capability says its status and why it is due for review).
struct SystemController: RouteCollection, Sendable {
    let service: SystemService
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let plans: PlanService

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
        let manage = systems.grouped(RequirePermission(permission: .manageAssets))
        manage.post(AssetsAPIPath.systems, use: createJSON)
        manage.patch(AssetsAPIPath.system(.key), use: updateJSON)
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
        let scanIntervalMonths: Int
        let backups: String
        let spareEquipment: String
        let supplierSupport: String
        let hostIds: [String]
        let supplierIds: [String]

        init(_ record: InformationSystemRecord, hostIDs: [UUID], supplierIDs: [UUID]) {
            id = record.id!.uuidString.lowercased()
            name = record.name
            organisation = .init(id: record.$organisation.id.uuidString.lowercased(), name: record.$organisation.value?.name ?? "")
            purpose = record.purpose
            securityLevel = record.securityLevel
            nationalCritical = record.nationalCritical
            hosting = record.hosting
            publicUrls = record.publicURLs.split(separator: "\n").map(String.init)
            responsible = record.responsible
            scanIntervalMonths = record.scanIntervalMonths
            backups = record.backups
            spareEquipment = record.spareEquipment
            supplierSupport = record.supplierSupport
            hostIds = hostIDs.map { $0.uuidString.lowercased() }.sorted()
            supplierIds = supplierIDs.map { $0.uuidString.lowercased() }.sorted()
        }
    }

    /// The systems as JSON, with their hosts and suppliers (two queries for all of them).
    private func dtos(_ systems: [InformationSystemRecord], on db: any Database) async throws -> [SystemDTO] {
        let ids = systems.compactMap(\.id)
        let hosts = try await assets.hostIDs(ofSystems: ids, on: db), suppliers = try await assets.supplierIDs(ofSystems: ids, on: db)
        return systems.map { SystemDTO($0, hostIDs: hosts[$0.id!] ?? [], supplierIDs: suppliers[$0.id!] ?? []) }
    }

    /// The body of `POST` (`name` required) and of `PATCH` (every field optional: what is left out
    /// stays as it is).
    struct SystemRequest: Content {
        var name: String?
        var organisationId: String?
        var purpose: String?
        var securityLevel: Int?
        var nationalCritical: Bool?
        var hosting: String?
        var publicUrls: [String]?
        var responsible: String?
        var scanIntervalMonths: Int?
        var backups: String?
        var spareEquipment: String?
        var supplierSupport: String?
        var hostIds: [String]?
        var supplierIds: [String]?

        /// The cells of `SystemDraft.parse`: these fields over `base` (the stored system's, for a change).
        func cells(over base: [String: String] = [:]) -> [String: String] {
            var cells = base
            func put(_ key: String, _ value: String?) { if let value { cells[key] = value } }
            put("name", name)
            put("organisation", organisationId)
            put("purpose", purpose)
            put("hosting", hosting)
            put("responsible", responsible)
            put("public_urls", publicUrls?.joined(separator: ";"))
            put("scan_interval_months", scanIntervalMonths.map(String.init))
            put("security_level", securityLevel.map(String.init))
            put("national_critical", nationalCritical.map { $0 ? "yes" : "no" })
            put("backups", backups)
            put("spare_equipment", spareEquipment)
            put("supplier_support", supplierSupport)
            return cells
        }

        /// The ids of a list, each a UUID, or a 422 naming the field.
        static func ids(_ values: [String]?, field: String) throws -> [UUID]? {
            try values.map { values in
                try values.map { value in
                    guard let id = UUID(uuidString: value) else { throw VigilError.invalid(field, "validation.id", [value]) }
                    return id
                }
            }
        }
    }

    @Sendable func listJSON(req: Request) async throws -> APIPage<SystemDTO> {
        let rows = try await dtos(try await service.list(for: try req.currentUser, on: req.db), on: req.db)
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    @Sendable func createJSON(req: Request) async throws -> Response {
        let body = try req.decodeJSON(SystemRequest.self)
        let (draft, problems) = SystemDraft.parse(body.cells(over: ["name": ""]))
        let system = try await Self.namingAPIFields {
            try await service.save(draft, problems: problems, existing: nil, hostIDs: try SystemRequest.ids(body.hostIds, field: "hostIds"),
                                   supplierIDs: try SystemRequest.ids(body.supplierIds, field: "supplierIds"),
                                   by: try req.currentUser, address: req.clientAddress, on: req.db)
        }
        return try await dtos([system], on: req.db)[0].encodeResponse(status: .created, for: req)
    }

    /// `PATCH /api/v1/systems/{id}`: the fields given change, the others stay; answered with the system.
    @Sendable func updateJSON(req: Request) async throws -> SystemDTO {
        guard let id = req.parameters.get("systemID", as: UUID.self) else { throw VigilError.notFound }
        let existing = try await service.find(id, for: try req.currentUser, on: req.db)
        let body = try req.decodeJSON(SystemRequest.self)
        let (draft, problems) = SystemDraft.parse(body.cells(over: Self.cells(of: existing)))
        let system = try await Self.namingAPIFields {
            try await service.save(draft, problems: problems, existing: existing, hostIDs: try SystemRequest.ids(body.hostIds, field: "hostIds"),
                                   supplierIDs: try SystemRequest.ids(body.supplierIds, field: "supplierIds"),
                                   by: try req.currentUser, address: req.clientAddress, on: req.db)
        }
        return try await dtos([system], on: req.db)[0]
    }

    /// A stored system as the cells of `SystemDraft.parse`.
    static func cells(of system: InformationSystemRecord) -> [String: String] {
        ["name": system.name, "organisation": system.$organisation.id.uuidString.lowercased(), "purpose": system.purpose,
         "security_level": String(system.securityLevel), "national_critical": system.nationalCritical ? "yes" : "no",
         "hosting": system.hosting, "public_urls": system.publicURLs.split(separator: "\n").joined(separator: ";"), "responsible": system.responsible,
         "scan_interval_months": String(system.scanIntervalMonths), "backups": system.backups, "spare_equipment": system.spareEquipment,
         "supplier_support": system.supplierSupport]
    }

    /// The API names fields in camelCase.
    static let apiNames = ["security_level": "securityLevel", "national_critical": "nationalCritical", "public_urls": "publicUrls",
                           "organisation": "organisationId", "scan_interval_months": "scanIntervalMonths", "spare_equipment": "spareEquipment",
                           "supplier_support": "supplierSupport", "hosts": "hostIds", "suppliers": "supplierIds"]

    /// Runs `work`, its field errors renamed to the API's field names.
    static func namingAPIFields<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch var error as VigilError where error.field != nil {
            func rename(_ error: inout VigilError) { error.field = error.field.map { apiNames[$0] ?? $0 } }
            rename(&error)
            error.fieldErrors = error.fieldErrors.map { var item = $0; rename(&item); return item }
            throw error
        }
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
            values = Self.cells(of: system).merging(["national_critical": system.nationalCritical ? "yes" : "", "public_urls": system.publicURLs]) { $1 }
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
            changes: changes.flatMap { change in
                let fields = (try? JSONDecoder().decode(SystemChangeLog.Fields.self, from: Data(change.changes.utf8))) ?? [:]
                return fields.keys.sorted().map { field in
                    FormPage.Change(at: req.formDateTime(change.at), actor: change.actor, field: req.t("system.field.\(field)"),
                                    from: fields[field]?["from"] ?? "", to: fields[field]?["to"] ?? "")
                }
            },
            hosts: hosts, suppliers: suppliers, canManage: user.has(.manageAssets),
            plan: try await system.asyncMap { try await plans.summary(of: $0, on: req.db, language: req.language) } ?? nil,
            canGeneratePlan: user.has(.managePlans))
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
        var backups: String?
        var spare_equipment: String?
        var supplier_support: String?

        var cells: [String: String] {
            ["name": name, "organisation": organisation ?? "", "purpose": purpose ?? "", "security_level": security_level ?? "",
             "national_critical": national_critical == nil ? "no" : "yes", "hosting": hosting ?? "",
             "public_urls": (public_urls ?? "").replacingOccurrences(of: "\r\n", with: ";").replacingOccurrences(of: "\n", with: ";"),
             "responsible": responsible ?? "", "scan_interval_months": scan_interval_months ?? "", "backups": backups ?? "",
             "spare_equipment": spare_equipment ?? "", "supplier_support": supplier_support ?? ""]
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
