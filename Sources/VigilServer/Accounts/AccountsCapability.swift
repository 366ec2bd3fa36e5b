import Vapor

/// Sign-in, sessions, two-factor, the language switch, users, the account page and API tokens.
struct AccountsCapability: Capability {
    let services: VigilServices
    let config: AppConfig

    func boot(_ routes: CapabilityRoutes) throws {
        let cookie = SessionCookie(secure: config.secureCookies, maxAge: Int(config.sessionAbsoluteTimeout))
        try routes.browser.register(collection: AuthController(
            users: services.userRepository, sessions: services.sessions, cookie: cookie, hasher: services.hasher,
            throttle: services.throttle, twoFactor: services.twoFactor, notifications: services.notifications))
        try routes.browser.register(collection: LanguageController(users: services.users, userRepository: services.userRepository))
        try routes.signedIn.register(collection: AccountController(
            users: services.users, userRepository: services.userRepository, twoFactor: services.twoFactor, tokens: services.tokens,
            sessions: services.sessions, cookie: cookie))
        let users = UserController(repository: services.userRepository, organisations: services.organisationRepository, service: services.users)
        try routes.signedIn.register(collection: users)
        try users.bootAPI(routes: routes.api)
        try routes.api.register(collection: TokenAPIController(tokens: services.tokens))
        let integrations = IntegrationTokenService(tokens: services.tokens, organisations: services.organisationRepository)
        try routes.signedIn.register(collection: IntegrationTokenController(service: integrations, organisations: services.organisationRepository))
        try routes.api.register(collection: IntegrationTokenAPIController(service: integrations))
    }

    var jobs: [PeriodicJob] {
        [
            PeriodicJob(name: "purge-expired-sessions", interval: 3600, lease: 600) { [services] db, _ in
                let now = Date()
                try await services.sessions.purgeExpired(on: db, now: now)
                try await services.throttle.purge(before: now.addingTimeInterval(-86_400), on: db)
            },
        ]
    }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(section: .administration, order: 20, path: AccountsPath.users.path, labelKey: "nav.users", visible: { $0.has(.viewUsers) }),
            NavigationEntry(section: .administration, order: 22, path: AccountsPath.integrationTokens.path, labelKey: "nav.integration_tokens",
                            visible: { $0.has(.manageUsers) }),
        ]
    }
}
