import Foundation
import Vapor
import VigilCore

/// The incident pages' view models: what `incidents/incidents.leaf`, `incidents/incident-new.leaf`
/// and `incidents/incident.leaf` show. Built by `IncidentPageController`; they never query.
extension IncidentPageController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let reference: String
            let title: String
            let organisation: String
            let status: String
            let severity: String?
            let severityCode: String?
            let discovered: String
            let clock: String
            let clockState: String
        }
        let rows: [Row]
        let statuses: [Option]
        let scenarios: [Option]
        let severities: [Option]
        let organisations: [Option]
        let assignees: [Option]
        let filter: [String: String]
        let nextCursor: String?
        let canReport: Bool
        let canViewPlaybooks: Bool
        let noRows: Bool
        let form: FormState
        /// The filters as a query string, for the CSV link.
        let query: String
        /// The chosen column order ("" for newest first) and the filters without it, for the column links.
        let sort: String
        let sortQuery: String
        /// The latest incidents received from other installations (first page only).
        var received: [FederationPages.ReceivedRow] = [] { didSet { hasReceived = !received.isEmpty } }
        var hasReceived = false
    }

    struct NewPage: Encodable, Sendable {
        let form: FormState
    }

    struct ShowPage: Encodable, Sendable {
        struct Event: Encodable, Sendable {
            let at: String
            let actor: String
            let text: String
            let note: String?
            let isComment: Bool
        }
        struct IndicatorRow: Encodable, Sendable {
            let type: String
            let value: String
            let related: [Option]
        }
        let id: String
        let reference: String
        let title: String
        let description: String
        let organisation: String
        let status: String
        let statusCode: String
        let severity: String?
        let severityCode: String?
        let serious: Bool
        let scenario: String?
        let causeGroup: String?
        let discovered: String
        let occurred: String?
        let reported: String
        let systemName: String?
        let reporterContact: String?
        let reporter: String
        let clockDue: String
        let clockState: String
        let clockStateLabel: String
        let clockRule: String
        let showClock: Bool
        let explanation: [String]
        let nextSteps: [Option]
        let events: [Event]
        let indicators: [IndicatorRow]
        let noIndicators: Bool
        let canHandle: Bool
        let canComment: Bool
        let causeGroups: [Option]
        let scenarios: [Option]
        let impactLevels: [Option]
        let sensitivities: [Option]
        let seriousImpacts: [Option]
        let lessonsLearned: String?
        let form: FormState
        struct Task: Encodable, Sendable {
            let id: String
            let phase: String
            let title: String
            let detail: String
            let actor: String
            let due: String
            let overdue: Bool
            let status: String
            let statusLabel: String
            let note: String?
            let doneBy: String?
        }
        let tasks: [Task]
        let hasTasks: Bool
        let canManage: Bool
        let assignee: String?
        let assignees: [Option]
        let severities: [Option]
        let overrideReason: String?
        let severityComputed: String?
        let notifiedAt: String?
        let nowInput: String
        let disposition: String
        let dispositionLabel: String?
        let paperwork: IncidentPaperwork
        let subScenario: String?
        let subScenarioGroups: [SubScenarioGroup]
        let hasSubScenarios: Bool
    }
}
