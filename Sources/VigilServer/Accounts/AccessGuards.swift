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
        guard try request.currentUser.has(permission) else { throw VigilError.forbidden }
        return try await next.respond(to: request)
    }
}
