import Vapor
import VigilCore

/// The view models of the token pages (templates in Resources/Views/accounts); they never query.
struct ScopeOption: Encodable, Sendable {
    let value: String
    let label: String
    let checked: Bool

    /// A checkbox per scope in `offered`, its label the area and the access in words.
    static func options(_ offered: [TokenScope], checked: Set<String>, request: Request) -> [ScopeOption] {
        offered.map { scope in
            ScopeOption(value: scope.description, label: ScopeWording.label(scope, request: request), checked: checked.contains(scope.description))
        }
    }
}

/// Scopes in words: "Sự cố — đọc" / "Incidents — read".
enum ScopeWording {
    static func label(_ scope: TokenScope, request: Request) -> String {
        request.t("token.area.\(scope.area.rawValue)", []) + " — " + request.t("token.access.\(scope.access.rawValue)", [])
    }

    static func list(_ scopes: TokenScopes?, request: Request) -> String {
        guard let scopes else { return request.t("token.scopes.roles", []) }
        return scopes.scopes.map { label($0, request: request) }.joined(separator: ", ")
    }
}

extension IntegrationTokenController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let organisation: String
            let prefix: String
            let scopes: String
            let created: String
            let createdBy: String
            let expires: String
            let lastUsed: String
            let active: Bool
        }
        let rows: [Row]
        let noRows: Bool
        let organisations: [SelectOption]
        let scopes: [ScopeOption]
        let newToken: String?
        let form: FormState
    }
}
