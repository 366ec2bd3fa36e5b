import Foundation

/// The incidents' paths (`TypedPath`). The incident's own paths serve the pages and, inside the
/// `/api/v1` group, the API (`IncidentsAPIPath` for what only the API has).
enum IncidentsPath: TypedPath {
    typealias ID = PathParameter<UUID>
    typealias Name = PathParameter<String>

    case list, export, new
    case show(ID)
    case classify(ID), transition(ID), indicators(ID), comments(ID)
    case tasks(ID), task(ID, task: ID), escalate(ID), notification(ID), assign(ID), severity(ID), disposition(ID)
    case evidence(ID), evidenceItem(ID, evidence: ID)
    /// The page's downloads of the indicators as a STIX 2.1 bundle (POST: import one) and a MISP event.
    case stix(ID), misp(ID)
    /// `…/reports/initial` (print page or JSON) and `…/reports/initial.docx`.
    case reports(ID), report(ID, file: Name), issueReport(ID, kind: Name), issuedReport(ID, report: ID)
    case criteria, criteriaReporting, criteriaSeverity
    case playbooks, playbook(scenario: Name)
    /// The administrator's rule data, under Settings.
    case reportTemplates, reportTemplate(kind: Name)
    case taxonomy, retireSubScenario(ID)
    case reportingBodies, retireReportingBody(ID)

    var path: String {
        switch self {
        case .list: "/incidents"
        case .export: "/incidents/export.csv"
        case .new: "/incidents/new"
        case .show(let id): "/incidents/\(id.segment("incidentID"))"
        case .classify(let id): Self.show(id).path + "/classify"
        case .transition(let id): Self.show(id).path + "/transition"
        case .indicators(let id): Self.show(id).path + "/indicators"
        case .comments(let id): Self.show(id).path + "/comments"
        case .tasks(let id): Self.show(id).path + "/tasks"
        case .task(let id, let task): Self.show(id).path + "/tasks/\(task.segment("taskID"))"
        case .escalate(let id): Self.show(id).path + "/escalate"
        case .notification(let id): Self.show(id).path + "/notification"
        case .assign(let id): Self.show(id).path + "/assign"
        case .severity(let id): Self.show(id).path + "/severity"
        case .disposition(let id): Self.show(id).path + "/disposition"
        case .evidence(let id): Self.show(id).path + "/evidence"
        case .evidenceItem(let id, let evidence): Self.show(id).path + "/evidence/\(evidence.segment("evidenceID"))"
        case .stix(let id): Self.show(id).path + "/indicators/stix"
        case .misp(let id): Self.show(id).path + "/indicators/misp"
        case .reports(let id): Self.show(id).path + "/reports"
        case .report(let id, let file): Self.show(id).path + "/reports/\(file.segment("file"))"
        case .issueReport(let id, let kind): Self.show(id).path + "/reports/\(kind.segment("kind"))/issue"
        case .issuedReport(let id, let report): Self.show(id).path + "/reports/issued/\(report.segment("reportID"))"
        case .criteria: "/incidents/criteria"
        case .criteriaReporting: "/incidents/criteria/reporting"
        case .criteriaSeverity: "/incidents/criteria/severity"
        case .playbooks: "/incidents/playbooks"
        case .playbook(let scenario): "/incidents/playbooks/\(scenario.segment("scenario"))"
        case .reportTemplates: "/settings/report-templates"
        case .reportTemplate(let kind): "/settings/report-templates/\(kind.segment("kind"))"
        case .taxonomy: "/settings/taxonomy"
        case .retireSubScenario(let id): "/settings/taxonomy/\(id.segment("subID"))/retire"
        case .reportingBodies: "/settings/reporting-bodies"
        case .retireReportingBody(let id): "/settings/reporting-bodies/\(id.segment("bodyID"))/retire"
        }
    }
}

/// What only the incidents API has, under `/api/v1`.
enum IncidentsAPIPath: APIPath {
    case extractIndicators
    /// An incident's indicators as a STIX 2.1 bundle (GET, and POST to import one) and as a MISP event.
    case stix(PathParameter<UUID>), misp(PathParameter<UUID>)
    case playbook(scenario: PathParameter<String>)
    case taxonomy
    /// An incident's timeline (every event, oldest first).
    case timeline(PathParameter<UUID>)

    var relativePath: String {
        switch self {
        case .timeline(let id): "/incidents/\(id.segment("incidentID"))/timeline"
        case .extractIndicators: "/indicators/extract"
        case .stix(let id): "/incidents/\(id.segment("incidentID"))/stix"
        case .misp(let id): "/incidents/\(id.segment("incidentID"))/misp"
        case .playbook(let scenario): "/playbooks/\(scenario.segment("scenario"))"
        case .taxonomy: "/taxonomy"
        }
    }
}
