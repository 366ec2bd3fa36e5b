import Vapor
import VigilCore

/// The view models `AccountController` renders (templates in Resources/Views); they never query.
extension AccountController {
    struct AccountPage: Encodable, Sendable {
        let email: String
        let displayName: String
        let organisation: String
        let roles: [String]
        let twoFactorEnabled: Bool
        let recoveryCodesLeft: Int
        let lastLogin: String
        let sessions: [SessionRow]
    }

    struct SessionRow: Encodable, Sendable {
        let address: String
        let device: String
        let started: String
        let lastSeen: String
        let current: Bool
    }

    struct PasswordPage: Encodable, Sendable {
        var form: FormState
        var mustChange: Bool
    }

    struct TwoFactorPage: Encodable, Sendable {
        var enabled: Bool
        var required: Bool
        var secret: String?
        var secretGroups: String?
        var uri: String?
        var recoveryCodes: [String]
        var form: FormState
        var showRecoveryCodes: Bool { !recoveryCodes.isEmpty }

        enum CodingKeys: String, CodingKey {
            case enabled, required, secret, secretGroups, uri, recoveryCodes, form, showRecoveryCodes
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(enabled, forKey: .enabled)
            try container.encode(required, forKey: .required)
            try container.encodeIfPresent(secret, forKey: .secret)
            try container.encodeIfPresent(secretGroups, forKey: .secretGroups)
            try container.encodeIfPresent(uri, forKey: .uri)
            try container.encode(recoveryCodes, forKey: .recoveryCodes)
            try container.encode(form, forKey: .form)
            try container.encode(showRecoveryCodes, forKey: .showRecoveryCodes)
        }
    }

    struct TokensPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let prefix: String
            let scopes: String
            let created: String
            let expires: String
            let lastUsed: String
            let active: Bool
        }
        var tokens: [Row]
        var newToken: String?
        var form: FormState
        /// The scopes the user's roles reach, to narrow a new token to.
        var scopes: [ScopeOption]
        var noTokens: Bool { tokens.isEmpty }

        enum CodingKeys: String, CodingKey { case tokens, newToken, form, scopes, noTokens }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tokens, forKey: .tokens)
            try container.encodeIfPresent(newToken, forKey: .newToken)
            try container.encode(form, forKey: .form)
            try container.encode(scopes, forKey: .scopes)
            try container.encode(noTokens, forKey: .noTokens)
        }
    }
}
