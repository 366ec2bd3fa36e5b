import Vapor
import VigilCore

/// The view models `EnrolmentController` renders (templates in Resources/Views); they never query.
extension EnrolmentController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let organisation: String
            let prefix: String
            let created: String
            let lastUsed: String
            let revoked: Bool
        }
        let rows: [Row]
        let noRows: Bool
        let organisations: [SelectOption]
        let newToken: String?
        let serverURL: String
        let form: FormState
    }
}
