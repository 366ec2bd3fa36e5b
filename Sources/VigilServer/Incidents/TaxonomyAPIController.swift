import Fluent
import Vapor
import VigilCore

/// `GET /api/v1/taxonomy`: the cause groups, scenarios and sub-scenarios, for tools. (The
/// settings page is `TaxonomyPage`.)
struct TaxonomyAPIController: RouteCollection, Sendable {
    let store: SubScenarioStore

    func boot(routes: any RoutesBuilder) throws {
        routes.get(IncidentsAPIPath.taxonomy, use: json)
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
