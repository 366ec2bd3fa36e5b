import Foundation

/// The drills' pages.
enum DrillsPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case drills, new
    case drill(ID), events(ID), status(ID), print(ID), report(ID)
    case taskDone(ID, task: ID)

    var path: String {
        switch self {
        case .drills: "/drills"
        case .new: "/drills/new"
        case .drill(let id): "/drills/\(id.segment("drillID"))"
        case .events(let id): "/drills/\(id.segment("drillID"))/events"
        case .status(let id): "/drills/\(id.segment("drillID"))/status"
        case .print(let id): "/drills/\(id.segment("drillID"))/print"
        case .report(let id): "/drills/\(id.segment("drillID"))/report.docx"
        case .taskDone(let id, let task): "/drills/\(id.segment("drillID"))/tasks/\(task.segment("drillTaskID"))/done"
        }
    }
}

/// The drills' API, under `/api/v1`.
enum DrillsAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case drills, obligations
    case drill(ID), events(ID), status(ID), report(ID)

    var relativePath: String {
        switch self {
        case .drills: "/drills"
        case .obligations: "/drills/obligations"
        case .drill(let id): "/drills/\(id.segment("drillID"))"
        case .events(let id): "/drills/\(id.segment("drillID"))/events"
        case .status(let id): "/drills/\(id.segment("drillID"))/status"
        case .report(let id): "/drills/\(id.segment("drillID"))/report.docx"
        }
    }
}
