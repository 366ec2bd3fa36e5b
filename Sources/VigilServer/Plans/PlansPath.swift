import Foundation

/// The response plans' pages.
enum PlansPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case plans, settings
    /// Generates a draft for a system (a form on the system's page and on the plans list).
    case generate(system: ID)
    case plan(ID), section(ID, section: PathParameter<String>), approve(ID), print(ID), document(ID)

    var path: String {
        switch self {
        case .plans: "/plans"
        case .settings: "/plans/settings"
        case .generate(let system): "/plans/systems/\(system.segment("systemID"))"
        case .plan(let id): "/plans/\(id.segment("planID"))"
        case .section(let id, let section): "/plans/\(id.segment("planID"))/sections/\(section.segment("section"))"
        case .approve(let id): "/plans/\(id.segment("planID"))/approve"
        case .print(let id): "/plans/\(id.segment("planID"))/print"
        case .document(let id): "/plans/\(id.segment("planID"))/document.docx"
        }
    }
}

/// The response plans' API, under `/api/v1`.
enum PlansAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case systemPlans(system: ID)
    case plan(ID), section(ID, section: PathParameter<String>), approve(ID), document(ID)

    var relativePath: String {
        switch self {
        case .systemPlans(let system): "/systems/\(system.segment("systemID"))/plans"
        case .plan(let id): "/plans/\(id.segment("planID"))"
        case .section(let id, let section): "/plans/\(id.segment("planID"))/sections/\(section.segment("section"))"
        case .approve(let id): "/plans/\(id.segment("planID"))/approve"
        case .document(let id): "/plans/\(id.segment("planID"))/document.docx"
        }
    }
}
