import Vapor
import VigilCore

/// The view models `AuditController` renders (templates in Resources/Views); they never query.
extension AuditController {
    struct Page: Encodable, Sendable {
        struct Change: Encodable, Sendable {
            let field: String
            let from: String?
            let to: String
        }
        struct Row: Encodable, Sendable {
            let sequence: Int64
            let at: String
            let actor: String
            let action: String
            let objectType: String
            let objectID: String?
            let changes: [Change]
            let address: String
        }
        typealias Option = SelectOption
        let rows: [Row]
        let filter: [String: String]
        let actions: [Option]
        let objectTypes: [Option]
        let olderCursor: String?
        let form: FormState
        let noRows: Bool
    }
}
