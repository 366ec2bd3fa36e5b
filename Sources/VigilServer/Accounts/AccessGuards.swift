import Vapor
import VigilCore

/// Lets a browser request through only for a signed-in user who has done what must come first
/// (a new password, then two-factor enrolment when required); otherwise redirects.
struct RequireSignedInPage: AsyncMiddleware {
    /// Paths a user who still has to change their password or enrol may reach.
    static let setupPaths: Set<String> = Set([AccountsPath.password, .twoFactor, .enableTwoFactor, .logout, .language].map(\.path))

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(CurrentUser.self) else {
            if request.pendingSecondFactor != nil { return request.redirect(to: AccountsPath.loginSecondFactor.path) }
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            var query = "next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
            if request.sessionExpired { query += "&expired=1" }
            return request.redirect(to: AccountsPath.login.path + "?" + query)
        }
        let path = request.url.path
        if user.mustChangePassword && !Self.setupPaths.contains(path) {
            return request.redirect(to: AccountsPath.password.path)
        }
        if !user.mustChangePassword && user.mustEnrolSecondFactor && !Self.setupPaths.contains(path) {
            return request.redirect(to: AccountsPath.twoFactor.path)
        }
        return try await next.respond(to: request)
    }
}

/// API requests need a valid bearer token.
struct RequireAPIUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(CurrentUser.self) else { throw VigilError.unauthorized }
        return try await next.respond(to: request)
    }
}

/// A role check: the caller must hold a role that grants `permission`.
struct RequirePermission: AsyncMiddleware {
    let permission: Permission

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let user = try request.currentUser
        guard user.has(permission) else { throw try await Self.refusal(permission, for: user, request: request) }
        return try await next.respond(to: request)
    }

    /// The refusal says which roles would allow it and who in the caller's organisation holds one,
    /// so that a person knows whom to ask.
    static func refusal(_ permission: Permission, for user: CurrentUser, request: Request) async throws -> VigilError {
        let roles = Role.allCases.filter { $0.permissions.contains(permission) }
        let names = roles.map { request.t("role.\($0.rawValue)") }.joined(separator: ", ")
        let holders = try await UserRepository().holders(of: roles, inOrganisation: user.organisationID, on: request.db)
            .prefix(5).map(\.displayName)
        var error = VigilError.forbidden
        if holders.isEmpty {
            error.messageKey = "error.forbidden.nobody"
            error.arguments = [names, user.organisationName]
        } else {
            error.messageKey = "error.forbidden.roles"
            error.arguments = [names, user.organisationName, holders.joined(separator: ", ")]
        }
        return error
    }
}
