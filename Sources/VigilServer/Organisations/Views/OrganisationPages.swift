import Vapor
import VigilCore

/// The view models `OrganisationController` renders (templates in Resources/Views); they never query.
extension OrganisationController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let code: String
            let kind: String
            let depth: Int
        }
        let rows: [Row]
        let canManage: Bool
    }

    struct FormPage: Encodable, Sendable {
        typealias Option = SelectOption
        let form: FormState
        let parents: [Option]
        let kinds: [Option]
    }

    struct ShowPage: Encodable, Sendable {
        struct Child: Encodable, Sendable {
            let id: String
            let name: String
            let kind: String
        }
        let id: String
        let name: String
        let code: String
        let kind: String
        let parentName: String?
        let parentID: String?
        let children: [Child]
        let canManage: Bool
        let form: FormState
        let noChildren: Bool
    }
}
