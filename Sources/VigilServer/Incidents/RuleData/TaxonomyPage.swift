import Fluent
import Vapor
import VigilCore

/// `/settings/taxonomy`: the seed's cause groups and scenarios (fixed, from the law) and the
/// sub-scenarios an administrator adds under them.
struct TaxonomyPage: RuleDataPage {
    let store: SubScenarioStore

    static let list = IncidentsPath.taxonomy
    static func retirePath(_ id: PathParameter<UUID>) -> IncidentsPath { .retireSubScenario(id) }
    static let idParameter = "subID"
    static let template = "incidents/taxonomy"
    static let titleKey = "taxonomy.title"

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

    func page(_ req: Request, user: CurrentUser, form: FormState) async throws -> Page {
        let rows = try await store.all(on: req.db).map {
            Page.Row(id: $0.id!.uuidString.lowercased(), code: $0.code, scenario: req.t("scenario.\($0.scenario)"), labelVi: $0.labelVi,
                     labelEn: $0.labelEn, retired: $0.retiredAt != nil, added: "\(req.formDateTime($0.createdAt)) — \($0.createdBy)")
        }
        let scenarios = Scenario.allCases.map {
            SelectOption(value: $0.rawValue, label: req.t("cause.\($0.causeGroup.rawValue)") + " › " + req.t("scenario.\($0.rawValue)"),
                         selected: form.values["scenario"] == $0.rawValue)
        }
        return Page(rows: rows, noRows: rows.isEmpty, scenarios: scenarios, editable: user.isRootAdmin, form: form)
    }

    struct Form: Content {
        var scenario: String
        var code: String
        var labelVi: String
        var labelEn: String
    }

    static func values(of form: Form) -> [String: String] {
        ["scenario": form.scenario, "code": form.code, "labelVi": form.labelVi, "labelEn": form.labelEn]
    }

    func add(_ form: Form, by user: CurrentUser, address: String, on db: any Database) async throws {
        guard let scenario = Scenario(rawValue: form.scenario) else { throw VigilError.invalid("scenario", "validation.unknown_code", [form.scenario]) }
        let sub = SubScenario(code: form.code.trimmingCharacters(in: .whitespaces), scenario: scenario,
                              label: LocalizedText(vi: form.labelVi, en: form.labelEn))
        try await store.add(sub, by: user, address: address, on: db)
    }

    func retire(_ id: UUID, by user: CurrentUser, address: String, on db: any Database) async throws {
        try await store.retire(id, by: user, address: address, on: db)
    }
}
