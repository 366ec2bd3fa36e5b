import Fluent
import Vapor
import VigilCore

/// Finds the browser session of the cookie, ends it when it has expired, and signs its user in.
struct SessionAuthenticator: AsyncMiddleware {
    let sessions: SessionStore
    let cookie: SessionCookie

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var clearCookie = false
        if let token = request.cookies[SessionCookie.name]?.string, !token.isEmpty {
            switch try await sessions.resume(token: token, on: request.db, now: Date()) {
            case .active(let user):
                request.auth.login(user)
                request.language = user.language
            case .awaitingSecondFactor(let session):
                request.pendingSecondFactor = session
            case .expired:
                request.sessionExpired = true
                clearCookie = true
            case .unknown:
                clearCookie = true
            }
        }
        let response = try await next.respond(to: request)
        if clearCookie && response.cookies[SessionCookie.name] == nil {
            cookie.clear(on: response)
        }
        return response
    }
}

extension Request {
    private struct PendingKey: StorageKey { typealias Value = UserSessionRecord }
    private struct ExpiredKey: StorageKey { typealias Value = Bool }

    /// A session whose password step passed and whose second factor is still due.
    var pendingSecondFactor: UserSessionRecord? {
        get { storage[PendingKey.self] }
        set { storage[PendingKey.self] = newValue }
    }

    var sessionExpired: Bool {
        get { storage[ExpiredKey.self] ?? false }
        set { storage[ExpiredKey.self] = newValue }
    }
}

/// Signs in API callers by `Authorization: Bearer <token>`.
struct BearerAuthenticator: AsyncMiddleware {
    let tokens: ApiTokenStore

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            guard let user = try await tokens.authenticate(token: bearer.token, on: request.db, now: Date()) else {
                throw VigilError(status: .unauthorized, code: "invalid_token", messageKey: "error.invalid_token")
            }
            request.auth.login(user)
            if request.headers.first(name: .acceptLanguage) == nil { request.language = user.language }
        }
        return try await next.respond(to: request)
    }
}
