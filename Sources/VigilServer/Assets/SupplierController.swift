import Fluent
import Vapor
import VigilCore

/// Suppliers: list, create and change; a supplier's contracts, what depends on it, and the
/// incidents of those systems. `GET|POST /api/v1/suppliers`.
struct SupplierController: RouteCollection, Sendable {
    let service: SupplierService
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let incidentRepository: IncidentRepository

    func boot(routes: any RoutesBuilder) throws {
        let suppliers = routes.grouped(RequirePermission(permission: .viewAssets))
        suppliers.get(AssetsPath.suppliers, use: listPage)
        suppliers.get(AssetsPath.supplier(.key), use: showPage)
        let manage = suppliers.grouped(RequirePermission(permission: .manageAssets))
        manage.get(AssetsPath.newSupplier, use: newPage)
        manage.post(AssetsPath.suppliers, use: create)
        manage.post(AssetsPath.supplier(.key), use: update)
        manage.post(AssetsPath.supplierContracts(.key), use: addContract)
        manage.post(AssetsPath.supplierContract(.key, contract: .key), use: updateContract)
        manage.post(AssetsPath.removeSupplierContract(.key, contract: .key), use: removeContract)
        manage.post(AssetsPath.supplierDependencies(.key), use: addDependency)
        manage.post(AssetsPath.removeSupplierDependency(.key, dependency: .key), use: removeDependency)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        let suppliers = routes.grouped(RequirePermission(permission: .viewAssets))
        suppliers.get(AssetsAPIPath.suppliers, use: listJSON)
        suppliers.grouped(RequirePermission(permission: .manageAssets)).post(AssetsAPIPath.suppliers, use: createJSON)
        suppliers.get(AssetsAPIPath.supplier(.key), use: showJSON)
        suppliers.grouped(RequirePermission(permission: .manageAssets)).patch(AssetsAPIPath.supplier(.key), use: updateJSON)
    }

    struct Form: Content {
        var name: String
        var organisation: String?
        var services: String?
        var contacts: String?
        var remoteAccess: String?
        var lastReview: String?
        var reviewResult: String?
        var reviewIntervalMonths: String?
        var risk: String?

        var draft: SupplierService.Draft {
            .init(name: name, organisation: organisation, services: services ?? "", contacts: contacts ?? "", remoteAccess: remoteAccess ?? "",
                  lastReview: lastReview ?? "", reviewResult: reviewResult ?? "", reviewIntervalMonths: reviewIntervalMonths ?? "12",
                  risk: risk ?? Criticality.medium.rawValue)
        }
        var values: [String: String] {
            ["name": name, "organisation": organisation ?? "", "services": services ?? "", "contacts": contacts ?? "",
             "remoteAccess": remoteAccess ?? "", "lastReview": lastReview ?? "", "reviewResult": reviewResult ?? "",
             "reviewIntervalMonths": reviewIntervalMonths ?? "12", "risk": risk ?? "medium"]
        }
    }

    struct SupplierDTO: Content {
        let id: String
        let name: String
        let organisation: OrganisationRef
        let services: String
        let contacts: String
        let remoteAccess: String
        let lastReview: Date?
        let reviewResult: String
        let reviewIntervalMonths: Int
        let risk: String

        init(_ record: SupplierRecord) {
            id = record.id!.uuidString.lowercased()
            name = record.name
            organisation = .init(id: record.$organisation.id.uuidString.lowercased(), name: record.$organisation.value?.name ?? "")
            services = record.services
            contacts = record.contacts
            remoteAccess = record.remoteAccess
            lastReview = record.lastReviewOn
            reviewResult = record.reviewResult
            reviewIntervalMonths = record.reviewIntervalMonths
            risk = record.risk
        }
    }

    @Sendable func listJSON(req: Request) async throws -> APIPage<SupplierDTO> {
        let rows = try await service.list(for: try req.currentUser, on: req.db).map(SupplierDTO.init)
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    @Sendable func createJSON(req: Request) async throws -> Response {
        let form = try req.decodeJSON(Form.self)
        let supplier = try await service.save(form.draft, existing: nil, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return try await SupplierDTO(supplier).encodeResponse(status: .created, for: req)
    }

    @Sendable func listPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        let now = Date()
        let rows = try await service.list(for: user, on: req.db).map {
            ListPage.Row(id: $0.id!.uuidString.lowercased(), name: $0.name, organisation: $0.organisation.name,
                         risk: req.t("severity.level.\($0.risk)"), riskCode: $0.risk,
                         reviewOverdue: SupplierRules.reviewOverdue(lastReview: $0.lastReviewOn, intervalMonths: $0.reviewIntervalMonths,
                                                                    today: now, calendar: service.calendar))
        }
        let paging = ListPaging(count: rows.count, request: req, path: AssetsPath.suppliers.path)
        return try await req.renderPage("assets/suppliers", titleKey: "supplier.title",
                                        ListPage(rows: paging.slice(rows), noRows: rows.isEmpty, canManage: user.has(.manageAssets), paging: paging))
    }

    private func render(_ req: Request, supplier: SupplierRecord?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        var state = form
        if let supplier, state.values.isEmpty {
            state.values = ["name": supplier.name, "organisation": supplier.$organisation.id.uuidString.lowercased(), "services": supplier.services,
                            "contacts": supplier.contacts, "remoteAccess": supplier.remoteAccess,
                            "lastReview": supplier.lastReviewOn.map(ISODay.string) ?? "", "reviewResult": supplier.reviewResult,
                            "reviewIntervalMonths": String(supplier.reviewIntervalMonths), "risk": supplier.risk]
        }
        var contracts: [ShowPage.Contract] = []
        var systems: [InformationSystemRecord] = []
        var hosts: [HostRecord] = []
        var incidents: [ShowPage.Incident] = []
        var systemOptions: [SelectOption] = []
        var hostOptions: [SelectOption] = []
        var dependencyOf: [UUID: UUID] = [:]
        let now = Date()
        if let supplier, let id = supplier.id {
            contracts = try await assets.contracts(ofSupplier: id, on: req.db).map { contract in
                let period = [contract.startsOn, contract.endsOn].map { $0.map { req.formDate($0) } ?? "…" }.joined(separator: " – ")
                let contractState: String = switch SupplierRules.contract(endsOn: contract.endsOn, today: now, calendar: service.calendar) {
                case .running: req.t("supplier.contract.running")
                case .open: req.t("supplier.contract.open")
                case .endingSoon(let days): req.t("supplier.contract.ending", String(days))
                case .ended: req.t("supplier.contract.ended")
                }
                return ShowPage.Contract(id: contract.id!.uuidString.lowercased(), startsOn: contract.startsOn.map(ISODay.string) ?? "",
                                         endsOn: contract.endsOn.map(ISODay.string) ?? "", reference: contract.reference, period: period, state: contractState, clauses: contract.securityClauses)
            }
            let dependencies = try await assets.dependencies(ofSupplier: id, on: req.db)
            dependencyOf = Dictionary(dependencies.map { (($0.systemID ?? $0.hostID)!, $0.id!) }, uniquingKeysWith: { first, _ in first })
            systems = try await assets.systems(dependencies.compactMap(\.systemID), on: req.db)
            hosts = try await assets.hosts(dependencies.compactMap(\.hostID), on: req.db)
            // The incidents of the systems that depend on the supplier: by the system's id, or its name as reported.
            let ids = systems.compactMap { $0.id?.uuidString.lowercased() }
            let names = systems.map(\.name)
            if !systems.isEmpty {
                incidents = try await incidentRepository.recent(ofOrganisation: supplier.$organisation.id, systemIDs: ids, systemNames: names,
                                                                limit: 50, on: req.db)
                    .map { ShowPage.Incident(id: $0.id!.uuidString.lowercased(), reference: $0.reference, title: $0.title) }
            }
            systemOptions = try await assets.systems(ofOrganisations: [supplier.$organisation.id], on: req.db)
                .map { SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: false) }
            hostOptions = try await assets.hosts(ofOrganisation: supplier.$organisation.id, limit: 500, on: req.db)
                .map { SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.hostname, selected: false) }
        }
        let due = supplier.flatMap { SupplierRules.reviewDue(lastReview: $0.lastReviewOn, intervalMonths: $0.reviewIntervalMonths, calendar: service.calendar) }
        let page = ShowPage(
            id: supplier?.id?.uuidString.lowercased(), form: state,
            organisations: try await organisations.all(in: user.scope, on: req.db).map {
                SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name,
                             selected: (state.values["organisation"] ?? user.organisationID.uuidString.lowercased()) == $0.id!.uuidString.lowercased())
            },
            risks: Criticality.allCases.map { SelectOption(value: $0.rawValue, label: req.t("severity.level.\($0.rawValue)"),
                                                           selected: (state.values["risk"] ?? "medium") == $0.rawValue) },
            contracts: contracts,
            systems: systems.map { ShowPage.Dependent(id: dependencyOf[$0.id!]!.uuidString.lowercased(), name: $0.name,
                                                      link: AssetsPath.system(.value($0.id!)).path) },
            hosts: hosts.map { ShowPage.Dependent(id: dependencyOf[$0.id!]!.uuidString.lowercased(), name: $0.hostname,
                                                  link: AssetsPath.host(.value($0.id!)).path) },
            incidents: incidents,
            systemOptions: systemOptions, hostOptions: hostOptions, reviewDue: due.map { req.formDate($0) },
            reviewOverdue: supplier.map { SupplierRules.reviewOverdue(lastReview: $0.lastReviewOn, intervalMonths: $0.reviewIntervalMonths,
                                                                      today: now, calendar: service.calendar) } ?? false,
            canManage: user.has(.manageAssets))
        return try await req.renderPage("assets/supplier", titleKey: "supplier.title", page, status: status)
    }

    func load(_ req: Request) async throws -> SupplierRecord {
        guard let id = req.parameters.get("supplierID", as: UUID.self) else { throw VigilError.notFound }
        return try await service.find(id, for: try req.currentUser, on: req.db)
    }

    @Sendable func newPage(req: Request) async throws -> Response { try await render(req, supplier: nil, form: FormState()) }
    @Sendable func showPage(req: Request) async throws -> Response { try await render(req, supplier: try await load(req), form: FormState()) }

    private func submit(_ req: Request, existing: SupplierRecord?) async throws -> Response {
        let form = try req.content.decode(Form.self)
        do {
            let supplier = try await service.save(form.draft, existing: existing, by: try req.currentUser, address: req.clientAddress, on: req.db)
            return req.redirect(to: AssetsPath.supplier(.value(supplier.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, supplier: existing, form: .failed(error, values: form.values, request: req), status: error.status)
        }
    }

    @Sendable func create(req: Request) async throws -> Response { try await submit(req, existing: nil) }
    @Sendable func update(req: Request) async throws -> Response { try await submit(req, existing: try await load(req)) }

    struct ContractForm: Content {
        var reference: String
        var startsOn: String?
        var endsOn: String?
        var securityClauses: String?
    }

    private func act(_ req: Request, _ action: (SupplierRecord) async throws -> Void) async throws -> Response {
        let supplier = try await load(req)
        let path = AssetsPath.supplier(.value(supplier.id!))
        do {
            try await action(supplier)
            return req.redirect(to: path.link(notice: "saved"))
        } catch let error as VigilError where error.status.code < 500 && error.status != .notFound {
            return req.redirect(to: path.link(problem: error.allFieldErrors.first?.messageKey ?? error.messageKey))
        }
    }

    private func saveContract(_ req: Request, _ contractID: UUID?) async throws -> Response {
        try await act(req) { supplier in
            let form = try req.content.decode(ContractForm.self)
            try await service.saveContract(contractID, of: supplier, reference: form.reference, startsOn: form.startsOn ?? "",
                                           endsOn: form.endsOn ?? "", clauses: form.securityClauses ?? "", by: try req.currentUser,
                                           address: req.clientAddress, on: req.db)
        }
    }

    @Sendable func addContract(req: Request) async throws -> Response {
        try await saveContract(req, nil)
    }

    @Sendable func updateContract(req: Request) async throws -> Response {
        guard let id = req.parameters.get("contractID", as: UUID.self) else { throw VigilError.notFound }
        return try await saveContract(req, id)
    }

    @Sendable func removeContract(req: Request) async throws -> Response {
        guard let id = req.parameters.get("contractID", as: UUID.self) else { throw VigilError.notFound }
        return try await act(req) { supplier in
            try await service.removeContract(id, of: supplier, by: try req.currentUser, address: req.clientAddress, on: req.db)
        }
    }

    @Sendable func removeDependency(req: Request) async throws -> Response {
        guard let id = req.parameters.get("dependencyID", as: UUID.self) else { throw VigilError.notFound }
        return try await act(req) { supplier in
            try await service.removeDependency(id, of: supplier, by: try req.currentUser, address: req.clientAddress, on: req.db)
        }
    }

    struct DependencyForm: Content { var dependency: String }

    @Sendable func addDependency(req: Request) async throws -> Response {
        try await act(req) { supplier in
            // `system:ID` or `host:ID`, from the page's one select.
            let value = try req.content.decode(DependencyForm.self).dependency
            let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = UUID(uuidString: parts[1]) else { throw VigilError.invalid("dependency", "validation.required") }
            try await service.addDependency(to: supplier, systemID: parts[0] == "system" ? id : nil, hostID: parts[0] == "host" ? id : nil,
                                            by: try req.currentUser, address: req.clientAddress, on: req.db)
        }
    }
}
