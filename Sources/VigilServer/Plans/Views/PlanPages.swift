import Vapor
import VigilCore

/// The view models `PlanPageController` renders (templates in Resources/Views/plans); they never query.
extension PlanPageController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let systemID: String
            let system: String
            let level: Int
            let plan: PlanSummary?
        }
        struct Group: Encodable, Sendable {
            let organisation: String
            let rows: [Row]
        }
        let groups: [Group]
        let noRows: Bool
        let canGenerate: Bool
        let canSettings: Bool
        let cycle: String
    }

    struct ShowPage: Encodable, Sendable {
        struct Section: Encodable, Sendable {
            let key: String
            let title: String
            let blocks: [PaperBlock]
            /// The text in the reader's language, as the form edits it (the other language is edited
            /// with the interface in that language).
            let text: String
            let error: String?
        }
        struct Version: Encodable, Sendable {
            let id: String
            let version: Int
            let status: String
            let approvedAt: String
            let current: Bool
        }
        let id: String
        let systemID: String
        let systemName: String
        let organisation: String
        let version: Int
        let status: String
        let statusLabel: String
        let standing: String
        let reviewDue: Bool
        let reasons: [String]
        let sections: [Section]
        let versions: [Version]
        /// The language the form edits, `vi` or `en`: the field's name.
        let language: String
        let canEdit: Bool
        let canApprove: Bool
        let canGenerate: Bool
        let general: String?
    }

    struct PrintPage: Encodable, Sendable {
        let id: String
        let title: String
        let blocks: [PaperBlock]
    }

    struct SettingsPage: Encodable, Sendable {
        let month: String
        let legalReference: String
        let effectiveFrom: String
        let editable: Bool
        let form: FormState
    }
}
