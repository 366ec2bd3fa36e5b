import Vapor
import VigilCore

/// The view models `IncidentCriteriaController` renders (templates in Resources/Views); they never query.
extension IncidentCriteriaController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let criterion: String
            let points: String
        }
        let rows: [Row]
        let levels: String
        let severitySource: String
        let seriousLevels: String
        let seriousImpacts: [String]
        let seriousSource: String
        let notificationDays: Int
        let immediateHours: Int
        let reportingSource: String
        let reportingVersions: [RuleVersion]
        /// The criteria in force, as numbers for the form.
        let criteria: [String: String]
        let criteriaVersions: [CriteriaVersion]
        let hasCriteriaVersions: Bool
        let hasReportingVersions: Bool
        let canEditReporting: Bool
        let form: FormState
        let today: String
    }
}
