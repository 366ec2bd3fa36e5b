import Foundation

/// The monitoring pages' paths.
enum MonitoringPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case monitors
    case monitor(ID)

    var path: String {
        switch self {
        case .monitors: "/monitors"
        case .monitor(let id): "/monitors/\(id.segment("monitorID"))"
        }
    }
}

/// The monitoring API's paths, under `/api/v1`.
enum MonitoringAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case monitors
    case monitor(ID)
    case check(ID)
    case checks(ID)
    case baseline(ID)

    var relativePath: String {
        switch self {
        case .monitors: "/monitors"
        case .monitor(let id): "/monitors/\(id.segment("monitorID"))"
        case .check(let id): "/monitors/\(id.segment("monitorID"))/check"
        case .checks(let id): "/monitors/\(id.segment("monitorID"))/checks"
        case .baseline(let id): "/monitors/\(id.segment("monitorID"))/baseline"
        }
    }
}
