import Vapor

/// The session cookie's name and attributes in one place.
struct SessionCookie: Sendable {
    static let name = "vigil_session"
    let secure: Bool
    let maxAge: Int

    func set(_ token: String, on response: Response) {
        response.cookies[Self.name] = HTTPCookies.Value(
            string: token, maxAge: maxAge, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    func clear(on response: Response) {
        response.cookies[Self.name] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure,
            isHTTPOnly: true, sameSite: .lax)
    }
}
