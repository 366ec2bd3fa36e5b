import Foundation

/// The periodic reports' pages, and their templates under the settings.
enum PeriodicReportsPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case reports
    case report(ID), document(ID), regenerate(ID), issue(ID)
    case templates, template(kind: PathParameter<String>)

    var path: String {
        switch self {
        case .reports: "/periodic-reports"
        case .report(let id): "/periodic-reports/\(id.segment("periodicReportID"))"
        case .document(let id): "/periodic-reports/\(id.segment("periodicReportID"))/document.docx"
        case .regenerate(let id): "/periodic-reports/\(id.segment("periodicReportID"))/regenerate"
        case .issue(let id): "/periodic-reports/\(id.segment("periodicReportID"))/issue"
        case .templates: "/settings/periodic-report-templates"
        case .template(let kind): "/settings/periodic-report-templates/\(kind.segment("periodicKind"))"
        }
    }
}

/// The periodic reports' API, under `/api/v1`.
enum PeriodicReportsAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case reports, deadlines
    case report(ID), document(ID), regenerate(ID), issue(ID)

    var relativePath: String {
        switch self {
        case .reports: "/periodic-reports"
        case .deadlines: "/periodic-reports/deadlines"
        case .report(let id): "/periodic-reports/\(id.segment("periodicReportID"))"
        case .document(let id): "/periodic-reports/\(id.segment("periodicReportID"))/document.docx"
        case .regenerate(let id): "/periodic-reports/\(id.segment("periodicReportID"))/regenerate"
        case .issue(let id): "/periodic-reports/\(id.segment("periodicReportID"))/issue"
        }
    }
}
