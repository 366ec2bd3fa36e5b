import Foundation
import VigilCore

/// Where each indicator's figure comes from: the web page of the list it summarises, with that
/// list's own filters (its typed path), narrowed to the organisation where the list can be.
enum ComplianceLinks {
    static func link(_ code: IndicatorCode, organisation id: UUID, now: Date, timeZone: TimeZone) -> String {
        let org = id.uuidString.lowercased()
        switch code {
        case .antimalwareCoverage:
            return AssetsPath.coverage.link(query: ["org": org])
        case .scanFreshness:
            // The scan cadence of the organisation's systems, the most urgent first.
            return VulnerabilitiesPath.section.link(query: ["org": org])
        case .immediateFindingsOverdue:
            return VulnerabilitiesPath.findings.link(query: ["overdue": "true", "intrusion": "true", "org": org])
        case .findingsOverdue:
            return VulnerabilitiesPath.findings.link(query: ["overdue": "true", "intrusion": "false", "org": org])
        case .advisoriesOverdue:
            // The open tasks of the organisation, with the overdue marked.
            return VulnerabilitiesPath.advisories.link(query: ["org": org], fragment: "tasks")
        case .incidentsNotifiedOnTime:
            // The incidents list's organisation filter is the organisation itself (not its units).
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let from = ISODay.string(ComplianceRules.incidentWindowStart(now: now, calendar: calendar), in: timeZone)
            return IncidentsPath.list.link(query: ["overdue": "true", "organisation": org, "from": from])
        case .plansCurrent:
            return PlansPath.plans.link(query: ["org": org])
        case .drillsDone:
            return DrillsPath.drills.link(query: ["org": org])
        case .focalPoint:
            return ContactsPath.directory.link(query: ["organisation": org])
        }
    }
}

extension ComplianceLinks {
    /// The record an obligation of the calendar is about.
    static func obligation(_ item: Obligation) -> String {
        if item.kind == .periodicReport { return PeriodicReportsPath.reports.path }
        guard let id = item.recordID else { return ComplianceWebPath.agency.path }
        switch item.kind {
        case .scan: return AssetsPath.system(.value(id)).path
        case .planReview: return AssetsPath.system(.value(id)).link(fragment: "plan")
        case .drill: return DrillsPath.drills.path
        case .certificate: return MonitoringPath.monitor(.value(id)).path
        case .advisory: return VulnerabilitiesPath.advisory(.value(id)).path
        case .notification: return IncidentsPath.show(.value(id)).path
        case .periodicReport: return PeriodicReportsPath.reports.path
        }
    }
}
