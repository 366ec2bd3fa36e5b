import Vapor
import VigilCore

/// The view models `DrillPageController` renders (templates in Resources/Views/drills); they never query.
extension DrillPageController {
    struct Option: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let title: String
            let scenario: String
            let plannedAt: String
            let organisedBy: String
            let status: String
            let statusCode: String
        }
        struct Obligation: Encodable, Sendable {
            let systemID: String
            let system: String
            let level: Int
            let lastDrill: String
            let nextDue: String
            let overdue: Bool
        }
        let rows: [Row]
        let obligations: [Obligation]
        let noRows: Bool
        let noObligations: Bool
        let canManage: Bool
    }

    struct FormPage: Encodable, Sendable {
        let scenarios: [Option]
        let systems: [Option]
        let organisers: [Option]
        let participants: [Option]
        let noSystems: Bool
        let form: FormState
    }

    struct ShowPage: Encodable, Sendable {
        struct Event: Encodable, Sendable {
            let at: String
            let kind: String
            let kindCode: String
            let actor: String
            let text: String
        }
        struct Task: Encodable, Sendable {
            let id: String
            let text: String
            let owner: String
            let dueAt: String
            let planReview: Bool
            let done: Bool
            let overdue: Bool
        }
        let id: String
        let title: String
        let organisation: String
        let scenario: String
        let plannedAt: String
        let organisedBy: String
        let objectives: String
        let status: String
        let statusCode: String
        let startedAt: String
        let completedAt: String
        let systems: [String]
        let participants: [String]
        let events: [Event]
        let lessons: [Event]
        let tasks: [Task]
        let noTasks: Bool
        let noLessons: Bool
        let kinds: [Option]
        let owners: [Option]
        /// The status the drill may move to next, and the button's label.
        let next: Option?
        let canManage: Bool
        let form: FormState
    }

    struct PrintPage: Encodable, Sendable {
        let id: String
        let title: String
        let blocks: [PaperBlock]
    }
}
