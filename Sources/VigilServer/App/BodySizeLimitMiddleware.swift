import Vapor

/// Refuses a body over the limit with 413 before anything reads it: by its declared length, or
/// by its size when it arrived whole. Streaming bodies are also capped by Vapor's collection limit.
/// The limit is the route's own (`Route.bodyLimit`, set by `upload`/`streamedUpload` where the
/// route is registered), matched here against the path since this runs before routing (a dozen
/// patterns: a list is enough, and RoutingKit's router is not `Sendable`); every other request
/// gets `maxBytes`. The request keeps its limit so that the CSRF check collects
/// no more than that.
struct BodySizeLimitMiddleware: AsyncMiddleware {
    let maxBytes: Int
    private let limits: [(method: HTTPMethod, path: [PathComponent], bytes: Int)]

    init(maxBytes: Int, routes: [Route]) {
        self.maxBytes = maxBytes
        limits = routes.compactMap { route in route.bodyLimit.map { (route.method, route.path, $0) } }
    }

    /// The limit for a request with this method and path.
    func limit(method: HTTPMethod, path: String) -> Int {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let match = limits.first { limit in
            limit.method == method && limit.path.count == segments.count
                && zip(limit.path, segments).allSatisfy { component, segment in
                    if case .constant(let value) = component { return value == segment }
                    return true
                }
        }
        return match?.bytes ?? maxBytes
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let limit = limit(method: request.method, path: request.url.path)
        request.bodyLimit = limit
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw VigilError.tooLarge
        }
        if let body = request.body.data, body.readableBytes > limit {
            throw VigilError.tooLarge
        }
        return try await next.respond(to: request)
    }
}
