import Vapor

/// Posts that carry files declare their limit where they are registered: the route collects (or
/// streams) that much, and `BodySizeLimitMiddleware`, which runs before routing, reads the same
/// number from the route. A new upload route cannot be forgotten by the check at the door.
extension Route {
    private static let bodyLimitKey = "vigil.bodyLimit"

    /// The largest body the route takes, when it takes more than the default.
    var bodyLimit: Int? {
        get { userInfo[Self.bodyLimitKey] as? Int }
        set { userInfo[Self.bodyLimitKey] = newValue }
    }
}

extension RoutesBuilder {
    /// A post carrying files of up to `limit` bytes in all, collected in memory before `closure` runs.
    @discardableResult
    func upload<Response: AsyncResponseEncodable>(
        _ path: some TypedPath, limit: Int, use closure: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(.POST, path.components, body: .collect(maxSize: ByteCount(value: limit)), use: closure)
        route.bodyLimit = limit
        return route
    }

    /// A post carrying a file of up to `limit` bytes that `closure` streams itself (scanner reports).
    @discardableResult
    func streamedUpload<Response: AsyncResponseEncodable>(
        _ path: some TypedPath, limit: Int, use closure: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(.POST, path.components, body: .stream, use: closure)
        route.bodyLimit = limit
        return route
    }
}

extension Request {
    private struct BodyLimitKey: StorageKey { typealias Value = Int }

    /// The most body this request may carry, set by `BodySizeLimitMiddleware`.
    var bodyLimit: Int {
        get { storage[BodyLimitKey.self] ?? application.routes.defaultMaxBodySize.value }
        set { storage[BodyLimitKey.self] = newValue }
    }
}
