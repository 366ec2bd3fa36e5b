import Vapor
import VigilCore

/// The one place a token's scopes are checked: every `/api/v1` route is in an area
/// (`APIScopeMap`), a GET or HEAD reads and anything else writes. A token whose scopes do not
/// cover the call gets 403 `insufficient_scope`; the route's role check still follows, so a call
/// needs both. A route the map does not know is refused to every scoped token (and a test lists
/// the router's routes so that none is left out).
struct RequireTokenScope: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let user = try request.currentUser
        if let scopes = user.tokenScopes {
            guard let route = request.route else { throw Self.refusal(nil) }
            if !APIScopeMap.isOpen(path: route.path) {
                let needed = APIScopeMap.scope(method: route.method, path: route.path)
                guard let needed, scopes.allows(needed.area, needed.access) else { throw Self.refusal(needed) }
            }
        }
        return try await next.respond(to: request)
    }

    /// The refusal names the scope the call needs, so that whoever holds the token knows what to ask for.
    static func refusal(_ needed: TokenScope?) -> VigilError {
        VigilError(status: .forbidden, code: "insufficient_scope", messageKey: "error.insufficient_scope", arguments: [needed?.description ?? "—"])
    }
}

/// Which scope each route of the API needs, by its path after `/api/v1` (its first segment names
/// the area). A new area of the API adds its segment here.
enum APIScopeMap {
    static let areas: [String: TokenScope.Area] = [
        "incidents": .incidents, "indicators": .incidents, "playbooks": .incidents, "taxonomy": .incidents,
        "coverage": .assets, "hosts": .assets, "systems": .assets, "suppliers": .assets,
        "monitors": .monitoring,
        "scans": .vulnerabilities, "findings": .vulnerabilities, "known-exploited": .vulnerabilities,
        "advisories": .advisories, "advisory-tasks": .advisories,
        "plans": .plans, "drills": .drills, "contacts": .contacts, "awareness": .awareness, "compliance": .compliance,
        "periodic-reports": .reports, "webhooks": .webhooks, "federation": .federation, "organisations": .organisations, "users": .users, "audit": .audit,
        "tokens": .tokens, "integration-tokens": .tokens,
    ]

    /// Routes any token may call whatever its scopes: who am I, the API's description, and one's
    /// own notifications (every user's, reaching nothing of anyone else's).
    static let open: Set<String> = ["me", "openapi.json", "notifications"]

    /// The scope a call needs; nil for a route outside the API or unknown to the map.
    static func scope(method: HTTPMethod, path: [PathComponent]) -> TokenScope? {
        let segments = path.map(\.description)
        guard segments.count > 2, segments[0] == "api", segments[1] == "v1" else { return nil }
        let rest = Array(segments.dropFirst(2))
        let access: TokenScope.Access = (method == .GET || method == .HEAD || readsOnly(method: method, rest)) ? .read : .write
        return area(of: rest).map { TokenScope($0, access) }
    }

    /// Whether the route is one every token may call (`/me`, `/openapi.json`).
    static func isOpen(path: [PathComponent]) -> Bool {
        let segments = path.map(\.description)
        return segments.count >= 3 && segments[0] == "api" && segments[1] == "v1" && open.contains(segments[2])
    }

    static func area(of rest: [String]) -> TokenScope.Area? {
        // A system's plans are the plans' area; an organisation's focal point is the contacts'.
        if rest.count == 3, rest[0] == "systems", rest[2] == "plans" { return .plans }
        if rest.count == 3, rest[0] == "organisations", rest[2] == "focal-point" { return .contacts }
        // Incidents received from another installation, and acknowledging them, are the incidents' area.
        if rest.count >= 2, rest[0] == "federation", rest[1] == "received" || rest[1] == "inbound" { return .incidents }
        return rest.first.flatMap { areas[$0] }
    }

    /// POSTs that store nothing: reading indicators out of a text.
    private static func readsOnly(method: HTTPMethod, _ rest: [String]) -> Bool {
        method == .POST && rest == ["indicators", "extract"]
    }
}
