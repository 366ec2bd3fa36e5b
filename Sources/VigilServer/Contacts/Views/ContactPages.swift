import Foundation

/// The contacts pages' view models.
enum ContactPages {
    struct Row: Encodable, Sendable {
        let id: String
        let name: String
        let role: String
        let position: String
        let phones: String
        let email: String
        let availability: String
        let confirmed: String
        let link: String
    }

    /// A focal point or deputy in the panel.
    struct Person: Encodable, Sendable {
        let id: String
        let name: String
        let phones: String
        let email: String
        let availability: String
        let confirmed: String
        let checkSent: String
    }

    struct Panel: Encodable, Sendable {
        let focalPoint: Person?
        let deputy: Person?
        let problems: [String]
        let hasProblems: Bool
    }

    struct Notice: Encodable, Sendable {
        let id: String
        let sentAt: String
        let sentBy: String
        let recipients: String
        let channel: String
        let focalPoint: String
    }

    struct DirectoryPage: Encodable, Sendable {
        let organisationID: String
        let organisationName: String
        let organisations: [SelectOption]
        let panel: Panel
        let rows: [Row]
        let noRows: Bool
        let notices: [Notice]
        let canManage: Bool
        let defaultRecipients: String
        let form: FormState
    }

    struct ShowPage: Encodable, Sendable {
        let id: String
        let name: String
        let role: String
        let organisationID: String
        let organisation: String
        let facts: [Fact]
        let canManage: Bool
        let canCheck: Bool
    }

    struct Fact: Encodable, Sendable {
        let label: String
        let value: String
    }

    struct FormPage: Encodable, Sendable {
        let id: String?
        let name: String
        let organisations: [SelectOption]
        let roles: [SelectOption]
        let availabilities: [SelectOption]
        let bodyKinds: [SelectOption]
        let users: [SelectOption]
        let reportingBodies: [SelectOption]
        let suppliers: [SelectOption]
        let form: FormState
        let isNew: Bool
    }

    struct OverviewRow: Encodable, Sendable {
        let organisationID: String
        let organisation: String
        let focalPoint: String
        let deputy: String
        let confirmed: String
        let problems: [String]
        let ok: Bool
    }

    struct OverviewPage: Encodable, Sendable {
        let rows: [OverviewRow]
        let noRows: Bool
        let flagged: Int
        let staleDays: String
        let canChangeSettings: Bool
        let form: FormState
    }

    struct Step: Encodable, Sendable {
        let position: Int
        let contacts: [SelectOption]
        let wait: String
    }

    struct RunRow: Encodable, Sendable {
        let incidentID: String
        let position: Int
        let due: String
        let status: String
        let note: String
    }

    struct EscalationPage: Encodable, Sendable {
        let organisationID: String
        let organisationName: String
        let organisations: [SelectOption]
        let steps: [Step]
        let inherited: Bool
        let runs: [RunRow]
        let noRuns: Bool
        let canManage: Bool
        let readOnly: Bool
        let form: FormState
        /// The form's errors in one list (each names its step).
        let problems: [String]
    }

    struct ReachabilityPage: Encodable, Sendable {
        let token: String
        let contactName: String
        let organisationName: String
        let confirmed: Bool
        let invalid: Bool
    }
}
