import Vapor
import VigilCore

/// Refuses a state-changing browser request unless it carries the page's CSRF token
/// (form field `_csrf` or header `X-CSRF-Token`).
///
/// Signed-in users have a token bound to their session; before sign-in a random token in its own
/// cookie is used (double submit), so that the login form is protected too.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "vigil_csrf"
    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"
    /// The most body collected to find the token in a form (the largest evidence upload fits).
    static let formBodyLimit = 1100 << 20
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let expected: String?
        if case .session(_, let token, _)? = request.auth.get(CurrentUser.self)?.channel {
            expected = token
        } else if let pending = request.pendingSecondFactor {
            expected = pending.csrfToken
        } else {
            expected = request.cookies[Self.cookieName]?.string
        }
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            var provided = request.headers.first(name: Self.headerName)
            if provided == nil {
                // Collect the body here: the token is read before the route decodes the form. A
                // request that sends the token as a header (scripts uploading large files) keeps
                // its body as a stream; without the header, at most `formBodyLimit` is collected.
                _ = try await request.body.collect(max: min(request.bodyLimit, Self.formBodyLimit)).get()
                provided = try? request.content.get(String.self, at: Self.fieldName)
            }
            guard let expected, let provided, Secrets.constantTimeEquals(expected, provided) else {
                throw VigilError.csrf
            }
        }
        let token = expected ?? Secrets.randomToken(bytes: 24)
        request.csrfToken = token
        let response = try await next.respond(to: request)
        if expected == nil {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: token, path: "/", isSecure: secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }
}
