import Vapor
import VigilCore

/// The view models `FindingController` renders (templates in Resources/Views); they never query.
extension FindingController {
    struct Page: Encodable, Sendable {
        struct Event: Encodable, Sendable {
            let at: String
            let text: String
        }
        let id: String
        let title: String
        let host: String
        let hostID: String
        let port: String
        let severity: String
        let severityLabel: String
        let status: String
        let statusLabel: String
        let cves: [String]
        let cvss: String
        let description: String
        let solution: String
        let evidence: String
        let firstSeen: String
        let lastSeen: String
        let due: String
        let acceptedUntil: String?
        let events: [Event]
        let statuses: [SelectOption]
        let canManage: Bool
        let canReport: Bool
        let form: FormState
    }
}
