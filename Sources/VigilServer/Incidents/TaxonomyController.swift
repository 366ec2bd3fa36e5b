import Fluent
import Vapor
import VigilCore

/// The incident taxonomy: the seed's cause groups and scenarios (fixed, from the law) and the
/// sub-scenarios an administrator adds under them. The API serves it to tools.
struct TaxonomyController: RouteCollection, Sendable {
    let store: SubScenarioStore

    func boot(routes: any RoutesBuilder) throws {
        let taxonomy = routes.grouped(RequirePermission(permission: .manageSettings))
        taxonomy.get(IncidentsPath.taxonomy, use: page)
        taxonomy.post(IncidentsPath.taxonomy, use: add)
        taxonomy.post(IncidentsPath.retireSubScenario(.key), use: retire)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.get(IncidentsAPIPath.taxonomy, use: json)
    }

    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let code: String
            let scenario: String
            let labelVi: String
            let labelEn: String
            let retired: Bool
            let added: String
        }
        let rows: [Row]
        let noRows: Bool
        let scenarios: [SelectOption]
        let editable: Bool
        let form: FormState
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    private func render(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let rows = try await store.all(on: req.db).map {
            Page.Row(id: $0.id!.uuidString.lowercased(), code: $0.code, scenario: req.t("scenario.\($0.scenario)"), labelVi: $0.labelVi,
                     labelEn: $0.labelEn, retired: $0.retiredAt != nil, added: "\(req.formDateTime($0.createdAt)) — \($0.createdBy)")
        }
        let scenarios = Scenario.allCases.map {
            SelectOption(value: $0.rawValue, label: req.t("cause.\($0.causeGroup.rawValue)") + " › " + req.t("scenario.\($0.rawValue)"),
                         selected: form.values["scenario"] == $0.rawValue)
        }
        return try await req.renderPage("incidents/taxonomy", titleKey: "taxonomy.title",
                                        Page(rows: rows, noRows: rows.isEmpty, scenarios: scenarios, editable: user.isRootAdmin, form: form), status: status)
    }

    struct AddForm: Content {
        var scenario: String
        var code: String
        var labelVi: String
        var labelEn: String
    }

    @Sendable func add(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(AddForm.self)
        let values = ["scenario": form.scenario, "code": form.code, "labelVi": form.labelVi, "labelEn": form.labelEn]
        do {
            guard let scenario = Scenario(rawValue: form.scenario) else { throw VigilError.invalid("scenario", "validation.unknown_code", [form.scenario]) }
            let sub = SubScenario(code: form.code.trimmingCharacters(in: .whitespaces), scenario: scenario,
                                  label: LocalizedText(vi: form.labelVi, en: form.labelEn))
            try await store.add(sub, by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: IncidentsPath.taxonomy.link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, form: .failed(error, values: values, request: req), status: error.status)
        }
    }

    @Sendable func retire(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        guard let id = req.parameters.get("subID", as: UUID.self) else { throw VigilError.notFound }
        try await store.retire(id, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: IncidentsPath.taxonomy.link(notice: "saved"))
    }

    struct TaxonomyDTO: Content {
        struct ScenarioDTO: Content {
            let code: String
            let causeGroup: String
            let label: String
            let rsit: RSITClass
            let subScenarios: [SubDTO]
        }
        struct SubDTO: Content {
            let code: String
            let label: String
            let retired: Bool
        }
        let causeGroups: [SelectDTO]
        let scenarios: [ScenarioDTO]
        struct SelectDTO: Content { let code: String; let label: String }
    }

    @Sendable func json(req: Request) async throws -> TaxonomyDTO {
        let subs = try await store.all(on: req.db)
        return TaxonomyDTO(
            causeGroups: CauseGroup.allCases.map { .init(code: $0.rawValue, label: req.t("cause.\($0.rawValue)")) },
            scenarios: Scenario.allCases.map { scenario in
                .init(code: scenario.rawValue, causeGroup: scenario.causeGroup.rawValue, label: req.t("scenario.\(scenario.rawValue)"),
                      rsit: scenario.rsit,
                      subScenarios: subs.filter { $0.scenario == scenario.rawValue }
                        .map { .init(code: $0.code, label: $0.label(req.language), retired: $0.retiredAt != nil) })
            })
    }
}
