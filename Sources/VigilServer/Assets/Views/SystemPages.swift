import Vapor
import VigilCore

/// The view models `SystemController` renders (templates in Resources/Views); they never query.
extension SystemController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let organisation: String
            let level: Int
            let hosting: String
        }
        let rows: [Row]
        let noRows: Bool
        let canManage: Bool
        let sort: String
        let paging: ListPaging
    }

    struct FormPage: Encodable, Sendable {
        /// One field of one change: the change history's table has a row per field.
        struct Change: Encodable, Sendable {
            let at: String
            let actor: String
            let field: String
            let from: String
            let to: String
        }
        let id: String?
        let organisations: [SelectOption]
        let levels: [SelectOption]
        let hostings: [SelectOption]
        let levelMeanings: [String]
        let form: FormState
        let changes: [Change]
        let hosts: [String]
        /// The suppliers the system depends on, as links (`SelectOption`: id and name).
        let suppliers: [SelectOption]
        let canManage: Bool
        /// The system's response plan, if it has one (from the plans capability).
        let plan: PlanSummary?
        let canGeneratePlan: Bool
    }
}
