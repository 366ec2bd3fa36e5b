import Foundation

/// Sign-in, the account and users' pages (`TypedPath`).
enum AccountsPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case login, loginSecondFactor, logout, language
    case account, password, twoFactor, enableTwoFactor, disableTwoFactor, tokens, revokeToken(ID), signOutEverywhere
    case users, newUser, user(ID), resetPassword(ID)
    case integrationTokens, revokeIntegrationToken(ID)

    var path: String {
        switch self {
        case .login: "/login"
        case .loginSecondFactor: "/login/two-factor"
        case .logout: "/logout"
        case .language: "/language"
        case .account: "/account"
        case .password: "/account/password"
        case .twoFactor: "/account/two-factor"
        case .enableTwoFactor: "/account/two-factor/enable"
        case .disableTwoFactor: "/account/two-factor/disable"
        case .tokens: "/account/tokens"
        case .revokeToken(let id): "/account/tokens/\(id.segment("tokenID"))/revoke"
        case .signOutEverywhere: "/account/sessions/end-all"
        case .users: "/users"
        case .newUser: "/users/new"
        case .user(let id): "/users/\(id.segment("userID"))"
        case .resetPassword(let id): Self.user(id).path + "/reset-password"
        case .integrationTokens: "/integration-tokens"
        case .revokeIntegrationToken(let id): "/integration-tokens/\(id.segment("tokenID"))/revoke"
        }
    }
}

/// The accounts API's paths, under `/api/v1`.
enum AccountsAPIPath: APIPath {
    case me, users, user(PathParameter<UUID>), tokens, token(PathParameter<UUID>)
    case integrationTokens, integrationToken(PathParameter<UUID>)

    var relativePath: String {
        switch self {
        case .me: "/me"
        case .users: "/users"
        case .user(let id): "/users/\(id.segment("userID"))"
        case .tokens: "/tokens"
        case .token(let id): "/tokens/\(id.segment("tokenID"))"
        case .integrationTokens: "/integration-tokens"
        case .integrationToken(let id): "/integration-tokens/\(id.segment("tokenID"))"
        }
    }
}
