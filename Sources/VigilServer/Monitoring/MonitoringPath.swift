import Foundation

/// The monitoring pages' paths.
enum MonitoringPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case monitors, newMonitor, status, export, settings
    case monitor(ID), editMonitor(ID), checkMonitor(ID), acceptBaseline(ID), removeMonitor(ID)

    var path: String {
        switch self {
        case .monitors: "/monitors"
        case .newMonitor: "/monitors/new"
        case .status: "/monitors/status"
        case .export: "/monitors/export.csv"
        case .settings: "/monitors/settings"
        case .monitor(let id): "/monitors/\(id.segment("monitorID"))"
        case .editMonitor(let id): "/monitors/\(id.segment("monitorID"))/edit"
        case .checkMonitor(let id): "/monitors/\(id.segment("monitorID"))/check"
        case .acceptBaseline(let id): "/monitors/\(id.segment("monitorID"))/baseline"
        case .removeMonitor(let id): "/monitors/\(id.segment("monitorID"))/remove"
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
