import Fluent
import Vapor
import VigilCore

/// The signed-in user's own account: password, language, two-factor login, API tokens.
struct AccountController: RouteCollection, Sendable {
    let users: UserService
    let userRepository: UserRepository
    let twoFactor: TwoFactorService
    let tokens: ApiTokenStore
    let sessions: SessionStore
    let cookie: SessionCookie

    func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsPath.account, use: accountPage)
        routes.get(AccountsPath.password, use: passwordPage)
        routes.post(AccountsPath.password, use: changePassword)
        routes.get(AccountsPath.twoFactor, use: twoFactorPage)
        routes.post(AccountsPath.enableTwoFactor, use: enableTwoFactor)
        routes.post(AccountsPath.disableTwoFactor, use: disableTwoFactor)
        routes.get(AccountsPath.tokens, use: tokensPage)
        routes.post(AccountsPath.tokens, use: createToken)
        routes.post(AccountsPath.revokeToken(.key), use: revokeToken)
        routes.post(AccountsPath.signOutEverywhere, use: signOutEverywhere)
    }

    private func loadUser(_ req: Request) async throws -> UserRecord {
        let current = try req.currentUser
        guard let user = try await userRepository.find(current.userID, in: current.scope, on: req.db) else {
            throw VigilError.unauthorized
        }
        return user
    }

    @Sendable func accountPage(req: Request) async throws -> Response {
        let user = try await loadUser(req)
        let currentSession = try req.currentUser.sessionID
        let page = AccountPage(
            email: user.email, displayName: user.displayName, organisation: user.organisation.name,
            roles: user.roles.map { req.t("role.\($0.rawValue)") }, twoFactorEnabled: user.totpEnabled,
            recoveryCodesLeft: try await twoFactor.remainingRecoveryCodes(userID: try user.requireID(), on: req.db),
            lastLogin: req.formDateTime(user.lastLoginAt),
            sessions: try await sessions.active(userID: try user.requireID(), on: req.db, now: Date()).map { session in
                SessionRow(address: session.address ?? "", device: BrowserName.describe(session.userAgent ?? ""),
                           started: req.formDateTime(session.createdAt), lastSeen: req.formDateTime(session.lastSeenAt),
                           current: session.id == currentSession)
            })
        return try await req.renderPage("accounts/account", titleKey: "account.title", page)
    }

    /// Ends every session of the account, this one too, and goes back to the sign-in page.
    @Sendable func signOutEverywhere(req: Request) async throws -> Response {
        let current = try req.currentUser
        let user = try await loadUser(req)
        _ = try await users.signOutEverywhere(user, actor: .user(current, address: req.clientAddress), on: req.db)
        req.auth.logout(CurrentUser.self)
        let response = req.redirect(to: AccountsPath.login.link(notice: "signed_out_everywhere"))
        cookie.clear(on: response)
        return response
    }

    @Sendable func passwordPage(req: Request) async throws -> Response {
        let current = try req.currentUser
        return try await req.renderPage("accounts/account-password", titleKey: "account.password.title",
                                        PasswordPage(form: FormState(), mustChange: current.mustChangePassword))
    }

    struct PasswordForm: Content {
        var current_password: String
        var new_password: String
        var confirmation: String
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let current = try req.currentUser
        let form = try req.content.decode(PasswordForm.self)
        let user = try await loadUser(req)
        do {
            try await users.changePassword(
                user, current: form.current_password, new: form.new_password, confirmation: form.confirmation,
                keepSession: current.sessionID, actor: .user(current, address: req.clientAddress), on: req.db)
        } catch let error as VigilError where error.field != nil {
            let state = FormState.failed(error, values: [:], request: req)
            return try await req.renderPage("accounts/account-password", titleKey: "account.password.title",
                                            PasswordPage(form: state, mustChange: current.mustChangePassword), status: error.status)
        }
        return req.redirect(to: current.mustEnrolSecondFactor ? AccountsPath.twoFactor.path : AccountsPath.account.link(notice: "password_changed"))
    }

    @Sendable func twoFactorPage(req: Request) async throws -> Response {
        let current = try req.currentUser
        let user = try await loadUser(req)
        var page = TwoFactorPage(enabled: user.totpEnabled, required: current.mustEnrolSecondFactor || user.totpRequired,
                                 recoveryCodes: [], form: FormState())
        if !user.totpEnabled {
            let secret = try await twoFactor.beginEnrolment(user, on: req.db)
            page.secret = secret
            page.secretGroups = stride(from: 0, to: secret.count, by: 4).map {
                let start = secret.index(secret.startIndex, offsetBy: $0)
                return String(secret[start..<(secret.index(start, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
            }.joined(separator: " ")
            page.uri = TwoFactorService.provisioningURI(secret: secret, email: user.email)
        }
        return try await req.renderPage("accounts/account-two-factor", titleKey: "account.two_factor.title", page)
    }

    struct CodeForm: Content { var code: String }

    @Sendable func enableTwoFactor(req: Request) async throws -> Response {
        let current = try req.currentUser
        let form = try req.content.decode(CodeForm.self)
        let user = try await loadUser(req)
        do {
            let codes = try await twoFactor.enable(user, code: form.code, actor: .user(current, address: req.clientAddress), on: req.db, now: Date())
            let page = TwoFactorPage(enabled: true, required: user.totpRequired, recoveryCodes: codes, form: FormState())
            return try await req.renderPage("accounts/account-two-factor", titleKey: "account.two_factor.title", page)
        } catch let error as VigilError where error.field != nil {
            let secret = user.totpSecret
            let page = TwoFactorPage(
                enabled: false, required: current.mustEnrolSecondFactor, secret: secret, secretGroups: secret,
                uri: secret.map { TwoFactorService.provisioningURI(secret: $0, email: user.email) }, recoveryCodes: [],
                form: FormState.failed(error, values: [:], request: req))
            return try await req.renderPage("accounts/account-two-factor", titleKey: "account.two_factor.title", page, status: error.status)
        }
    }

    struct DisableForm: Content { var password: String }

    @Sendable func disableTwoFactor(req: Request) async throws -> Response {
        let current = try req.currentUser
        let form = try req.content.decode(DisableForm.self)
        let user = try await loadUser(req)
        if current.mustEnrolSecondFactor || user.totpRequired {
            throw VigilError(status: .forbidden, code: "two_factor_required", messageKey: "error.two_factor_required")
        }
        guard users.hasher.verify(form.password, hash: user.passwordHash) else {
            throw VigilError.invalid("password", "validation.password_wrong")
        }
        try await twoFactor.disable(user, actor: .user(current, address: req.clientAddress), on: req.db)
        return req.redirect(to: AccountsPath.account.link(notice: "two_factor_disabled"))
    }

    private func tokensPage(req: Request, newToken: String?, form: FormState, checked: Set<String> = [], status: HTTPResponseStatus) async throws -> Response {
        let current = try req.currentUser
        let now = Date()
        let rows = try await tokens.list(userID: current.userID, on: req.db).map {
            TokensPage.Row(
                id: $0.id?.uuidString.lowercased() ?? "", name: $0.name, prefix: $0.prefix, scopes: ScopeWording.list($0.scopes, request: req),
                created: req.formDateTime($0.createdAt), expires: req.formDateTime($0.expiresAt), lastUsed: req.formDateTime($0.lastUsedAt),
                active: $0.isUsable(at: now))
        }
        let offered = ScopeOption.options(TokenScope.all.filter(current.principal.allows), checked: checked, request: req)
        return try await req.renderPage("accounts/account-tokens", titleKey: "account.tokens.title",
                                        TokensPage(tokens: rows, newToken: newToken, form: form, scopes: offered), status: status)
    }

    @Sendable func tokensPage(req: Request) async throws -> Response {
        try await tokensPage(req: req, newToken: nil, form: FormState(), status: .ok)
    }

    struct TokenForm: Content {
        var name: String
        var expires_days: String?
        var scopes: [String]?
    }

    @Sendable func createToken(req: Request) async throws -> Response {
        let current = try req.currentUser
        let form = try req.content.decode(TokenForm.self)
        do {
            let (name, days) = try ApiTokenActions.validate(name: form.name, expiresDays: form.expires_days)
            let asked = try ApiTokenActions.scopes(form.scopes ?? [])
            let scopes = try ApiTokenActions.checked { () throws(TokenScopeError) in
                try current.principal.personalTokenScopes(asked: asked, callerScopes: nil)
            }
            let issued = try await ApiTokenActions.issue(tokens, userID: current.userID, name: name, expiresInDays: days, scopes: scopes,
                                                    actor: .user(current, address: req.clientAddress), organisationID: current.organisationID, on: req.db)
            return try await tokensPage(req: req, newToken: issued.token, form: FormState(), status: .created)
        } catch let error as VigilError where error.field != nil {
            return try await tokensPage(req: req, newToken: nil, form: .failed(error, values: ["name": form.name], request: req),
                                        checked: Set(form.scopes ?? []), status: error.status)
        }
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        let current = try req.currentUser
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let token = try await tokens.find(id: id, userID: current.userID, on: req.db)
        else { throw VigilError.notFound }
        try await ApiTokenActions.revoke(token, actor: .user(current, address: req.clientAddress), organisationID: current.organisationID, on: req.db)
        return req.redirect(to: AccountsPath.tokens.link(notice: "token_revoked"))
    }
}
