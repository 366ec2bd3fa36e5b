import Fluent
import Vapor
import VigilCore

/// Sign-in (password, then the second factor when enabled) and sign-out.
struct AuthController: RouteCollection, Sendable {
    let users: UserRepository
    let sessions: SessionStore
    let cookie: SessionCookie
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let twoFactor: TwoFactorService
    let notifications: NotificationService

    func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsPath.login, use: loginPage)
        routes.post(AccountsPath.login, use: login)
        routes.get(AccountsPath.loginSecondFactor, use: secondFactorPage)
        routes.post(AccountsPath.loginSecondFactor, use: secondFactor)
        routes.post(AccountsPath.logout, use: logout)
    }

    @Sendable func loginPage(req: Request) async throws -> Response {
        if req.auth.has(CurrentUser.self) { return req.redirect(to: DashboardPath.home.path) }
        let next = Request.safeLocalPath(req.query[String.self, at: "next"])
        let expired = req.query[String.self, at: "expired"] == "1" || req.sessionExpired
        return try await req.renderPage("accounts/login", titleKey: "login.title", LoginPage(form: FormState(), next: next, expired: expired))
    }

    struct LoginForm: Content {
        var email: String
        var password: String
        var next: String?
    }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let next = Request.safeLocalPath(form.next)
        let email = form.email.trimmingCharacters(in: .whitespaces).lowercased()
        let address = req.clientAddress
        let now = Date()
        func fail(_ key: String, _ arguments: [String] = [], status: HTTPResponseStatus) async throws -> Response {
            let state = FormState(values: ["email": form.email], general: req.t(key, arguments))
            return try await req.renderPage("accounts/login", titleKey: "login.title", LoginPage(form: state, next: next, expired: false), status: status)
        }
        if case .refuse(let until) = try await throttle.check(email: email, address: address, on: req.db, now: now) {
            let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            return try await fail("login.throttled", [String(minutes)], status: .tooManyRequests)
        }
        guard let user = try await users.find(email: email, on: req.db) else {
            hasher.verifyNothing(form.password)
            try await throttle.record(email: email, address: address, succeeded: false, on: req.db, now: now)
            return try await fail("login.failed", status: .unauthorized)
        }
        guard hasher.verify(form.password, hash: user.passwordHash), user.disabledAt == nil else {
            if try await throttle.record(email: email, address: address, succeeded: false, on: req.db, now: now) {
                try await lockedOut(user, address: address, on: req.db, now: now)
            }
            return try await fail("login.failed", status: .unauthorized)
        }
        // A fresh session on every login: an id planted before login is never promoted.
        if let old = req.auth.get(CurrentUser.self)?.sessionID { try await sessions.end(sessionID: old, on: req.db) }
        let stage: UserSessionRecord.Stage = user.totpEnabled ? .awaitingSecondFactor : .active
        let started = try await sessions.start(
            userID: try user.requireID(), stage: stage, address: address,
            userAgent: req.headers.first(name: .userAgent), on: req.db, now: now)
        if stage == .active {
            try await throttle.record(email: email, address: address, succeeded: true, on: req.db, now: now)
            try await users.recordSignIn(user, address: address, method: "password", on: req.db, now: now)
        }
        let response = req.redirect(to: stage == .active ? next : AccountsPath.loginSecondFactor.path + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        cookie.set(started.token, on: response)
        if let language = UILanguage(rawValue: user.locale) { setLanguageCookie(language, on: response) }
        return response
    }

    @Sendable func secondFactorPage(req: Request) async throws -> Response {
        guard req.pendingSecondFactor != nil else { return req.redirect(to: AccountsPath.login.path) }
        let next = Request.safeLocalPath(req.query[String.self, at: "next"])
        return try await req.renderPage("accounts/login-two-factor", titleKey: "login.two_factor.title", SecondFactorPage(form: FormState(), next: next))
    }

    struct SecondFactorForm: Content {
        var code: String
        var next: String?
    }

    @Sendable func secondFactor(req: Request) async throws -> Response {
        guard let pending = req.pendingSecondFactor else { return req.redirect(to: AccountsPath.login.path) }
        let form = try req.content.decode(SecondFactorForm.self)
        let next = Request.safeLocalPath(form.next)
        let now = Date()
        let user = pending.user
        let address = req.clientAddress
        if case .refuse(let until) = try await throttle.check(email: user.email, address: address, on: req.db, now: now) {
            let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            let state = FormState(general: req.t("login.throttled", [String(minutes)]))
            return try await req.renderPage("accounts/login-two-factor", titleKey: "login.two_factor.title", SecondFactorPage(form: state, next: next), status: .tooManyRequests)
        }
        guard try await twoFactor.verifyLogin(user, code: String(form.code.prefix(40)), on: req.db, now: now) else {
            if try await throttle.record(email: user.email, address: address, succeeded: false, on: req.db, now: now) {
                try await lockedOut(user, address: address, on: req.db, now: now)
            }
            let state = FormState(errors: ["code": req.t("validation.totp_wrong")])
            return try await req.renderPage("accounts/login-two-factor", titleKey: "login.two_factor.title", SecondFactorPage(form: state, next: next), status: .unauthorized)
        }
        try await throttle.record(email: user.email, address: address, succeeded: true, on: req.db, now: now)
        try await sessions.end(sessionID: try pending.requireID(), on: req.db)
        let started = try await sessions.start(
            userID: try user.requireID(), stage: .active, address: address,
            userAgent: req.headers.first(name: .userAgent), on: req.db, now: now)
        try await users.recordSignIn(user, address: address, method: "password+totp", on: req.db, now: now)
        let response = req.redirect(to: next)
        cookie.set(started.token, on: response)
        return response
    }

    /// Tells the account's owner that sign-in is locked for a while after repeated failures, and
    /// from where: if it was not them, they know to change the password. Written to the audit log.
    private func lockedOut(_ user: UserRecord, address: String, on db: any Database, now: Date) async throws {
        let userID = try user.requireID()
        let minutes = String(Int((throttle.policy.window / 60).rounded(.up)))
        try await db.change(by: AuditActor(userID: nil, label: "system", address: address), at: now) { db, audit in
            try await notifications.notify(userID: userID, messageKey: "notification.account_locked",
                                           arguments: [String(throttle.policy.maxFailuresPerAccount), address, minutes],
                                           link: AccountsPath.account.path, on: db, now: now)
            var changes = AuditChanges()
            changes.created("failures", String(throttle.policy.maxFailuresPerAccount))
            audit.record(organisationID: user.$organisation.id, action: "user.locked_out", objectType: "user",
                         objectID: userID.uuidString.lowercased(), changes: changes)
        }
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if let user = req.auth.get(CurrentUser.self), let id = user.sessionID {
            try await req.db.change(by: .user(user, address: req.clientAddress)) { db, audit in
                try await sessions.end(sessionID: id, on: db)
                audit.record(organisationID: user.organisationID, action: "session.sign_out", objectType: "user",
                             objectID: user.userID.uuidString.lowercased(), changes: AuditChanges())
            }
        } else if let id = req.pendingSecondFactor?.id {
            try await sessions.end(sessionID: id, on: req.db)
        }
        req.auth.logout(CurrentUser.self)
        let response = req.redirect(to: AccountsPath.login.link(notice: "signed_out"))
        cookie.clear(on: response)
        return response
    }
}

func setLanguageCookie(_ language: UILanguage, on response: Response) {
    response.cookies[LanguageMiddleware.cookieName] = HTTPCookies.Value(
        string: language.rawValue, maxAge: 365 * 86_400, path: "/", isHTTPOnly: true, sameSite: .lax)
}
