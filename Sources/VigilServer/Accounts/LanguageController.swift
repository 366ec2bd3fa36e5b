import Vapor

/// The language switch in the header, open to everyone (the login page has it too). A signed-in
/// user's choice is also kept on their account.
struct LanguageController: RouteCollection, Sendable {
    let users: UserService
    let userRepository: UserRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.post(AccountsPath.language, use: switchLanguage)
    }

    struct LanguageForm: Content {
        var lang: String
        var back: String?
    }

    @Sendable func switchLanguage(req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        guard let language = UILanguage(rawValue: form.lang) else { throw VigilError.invalid("lang", "validation.language") }
        if let current = req.auth.get(CurrentUser.self), let user = try await userRepository.find(current.userID, in: current.scope, on: req.db) {
            try await users.setLanguage(user, language, on: req.db)
        }
        let response = req.redirect(to: Request.safeLocalPath(form.back))
        setLanguageCookie(language, on: response)
        return response
    }
}
