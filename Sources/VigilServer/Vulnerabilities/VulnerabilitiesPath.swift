import Foundation

/// The vulnerability pages' paths (`TypedPath`).
enum VulnerabilitiesPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case section, findings, importReport, scans
    case finding(ID), findingStatus(ID), findingIncident(ID)
    case advisories, newAdvisory, advisoryImport, advisory(ID), editAdvisory(ID), matchAdvisory(ID)
    case advisoryTask(ID)
    case knownExploited

    var path: String {
        switch self {
        case .section: "/vulnerabilities"
        case .findings: "/vulnerabilities/findings"
        case .importReport: "/vulnerabilities/import"
        case .scans: "/vulnerabilities/scans"
        case .finding(let id): "/vulnerabilities/findings/\(id.segment("findingID"))"
        case .findingStatus(let id): Self.finding(id).path + "/status"
        case .findingIncident(let id): Self.finding(id).path + "/incident"
        case .advisories: "/vulnerabilities/advisories"
        case .newAdvisory: "/vulnerabilities/advisories/new"
        case .advisoryImport: "/vulnerabilities/advisories/import"
        case .advisory(let id): "/vulnerabilities/advisories/\(id.segment("advisoryID"))"
        case .editAdvisory(let id): Self.advisory(id).path + "/edit"
        case .matchAdvisory(let id): Self.advisory(id).path + "/match"
        case .advisoryTask(let id): "/vulnerabilities/advisory-tasks/\(id.segment("taskID"))"
        case .knownExploited: "/settings/known-exploited"
        }
    }
}

/// The vulnerabilities API's paths, under `/api/v1`.
enum VulnerabilitiesAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case scans, findings, finding(ID), findingStatus(ID), findingIncident(ID), knownExploited
    case advisories, advisoryImport, advisory(ID), matchAdvisory(ID), advisoryTasks, advisoryTask(ID)

    var relativePath: String {
        switch self {
        case .scans: "/scans"
        case .findings: "/findings"
        case .finding(let id): "/findings/\(id.segment("findingID"))"
        case .findingStatus(let id): "/findings/\(id.segment("findingID"))/status"
        case .findingIncident(let id): "/findings/\(id.segment("findingID"))/incident"
        case .knownExploited: "/known-exploited"
        case .advisories: "/advisories"
        case .advisoryImport: "/advisories/import"
        case .advisory(let id): "/advisories/\(id.segment("advisoryID"))"
        case .matchAdvisory(let id): "/advisories/\(id.segment("advisoryID"))/match"
        case .advisoryTasks: "/advisory-tasks"
        case .advisoryTask(let id): "/advisory-tasks/\(id.segment("taskID"))"
        }
    }
}
