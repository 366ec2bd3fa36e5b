import Vapor
import VigilCore

/// The view models `UserController` renders (templates in Resources/Views); they never query.
extension UserController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let email: String
            let displayName: String
            let organisation: String
            let roles: String
            let twoFactor: Bool
            let disabled: Bool
            let mustChangePassword: Bool
        }
        let rows: [Row]
        let canManage: Bool
        let nextCursor: String?
    }

    struct FormPage: Encodable, Sendable {
        let form: FormState
        let organisations: [Option]
        let roles: [Option]
        let oneTimePassword: String?
        let createdID: String?
    }

    struct ShowPage: Encodable, Sendable {
        let id: String
        let email: String
        let organisation: String
        let twoFactor: Bool
        let disabled: Bool
        let totpRequired: Bool
        let lastLogin: String
        let roles: [Option]
        let canManage: Bool
        let oneTimePassword: String?
        let form: FormState
    }
}
