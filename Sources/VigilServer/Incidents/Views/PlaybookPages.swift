import Vapor
import VigilCore

/// The view models `PlaybookController` renders (templates in Resources/Views); they never query.
extension PlaybookController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let scenario: String
            let label: String
            let cause: String
            let steps: Int
            let version: Int
            let owner: String
        }
        let rows: [Row]
    }

    struct ShowPage: Encodable, Sendable {
        struct Step: Encodable, Sendable {
            let position: Int
            let phase: String
            let phaseLabel: String
            let actor: String
            let actorLabel: String
            let due: Int
            let titleVi: String
            let titleEn: String
            let detailVi: String
            let detailEn: String
            let blank: Bool
        }
        struct Version: Encodable, Sendable {
            let version: Int
            let at: String
            let by: String
        }
        let scenario: String
        let label: String
        let version: Int
        let owner: String
        let ownCopy: Bool
        let organisation: String
        let steps: [Step]
        let phases: [SelectOption]
        let actors: [SelectOption]
        let history: [Version]
        let canEdit: Bool
        let problems: [String]
        let hasProblems: Bool
        let hasHistory: Bool
    }
}
