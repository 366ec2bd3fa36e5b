import Foundation
import Vapor

/// One path parameter of a typed path: `.key` when the route is registered (it reads `:name`),
/// `.value` when a link or a redirect is built (it reads the value).
enum PathParameter<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

extension PathParameter where Value == UUID {
    /// The segment: `:name` for a route, the lower-case id for a link.
    func segment(_ name: String) -> String {
        switch self {
        case .key: ":" + name
        case .value(let id): id.uuidString.lowercased()
        }
    }
}

extension PathParameter where Value == String {
    func segment(_ name: String) -> String {
        switch self {
        case .key: ":" + name
        case .value(let text): text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? text
        }
    }
}

/// A capability's paths as values (after SwiftPackageIndex-Server's `SiteURL`): one case both
/// registers a route (`components`, parameters as `:name`) and builds its links and redirects
/// (`path`, `link(...)`), so a path is written once. Each capability folder has its own
/// (`IncidentsPath`, `AssetsPath`, ...).
protocol TypedPath: Sendable {
    /// The path from the root, `/incidents/:id` or `/incidents/0b1c…`.
    var path: String { get }
    /// The route's components relative to the group it is registered in.
    var components: [PathComponent] { get }
}

extension TypedPath {
    var components: [PathComponent] { absoluteComponents }

    /// The route's components from the root, whatever group would hold it.
    var absoluteComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// The path with a query (in the order given, values percent-encoded) and an optional fragment,
    /// for redirects after a form: `IncidentsPath.show(.value(id)).link(notice: "saved", fragment: "timeline")`.
    func link(notice: String? = nil, problem: String? = nil, query: KeyValuePairs<String, String> = [:], fragment: String? = nil) -> String {
        var pairs: [(String, String)] = []
        if let notice { pairs.append(("notice", notice)) }
        if let problem { pairs.append(("problem", problem)) }
        pairs.append(contentsOf: query.map { ($0.key, $0.value) })
        var text = path
        if !pairs.isEmpty {
            text += "?" + pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? $0.1)" }
                .joined(separator: "&")
        }
        if let fragment { text += "#" + fragment }
        return text
    }
}

extension CharacterSet {
    /// What a query value may hold unescaped (`&`, `=`, `+` and `#` are escaped).
    static let urlQueryValueAllowed = CharacterSet.urlQueryAllowed.subtracting(["&", "=", "+", "#"])
}

extension RoutesBuilder {
    /// Registers `path`'s route relative to this builder's root (the builder's own prefix, e.g.
    /// `/api/v1`, comes before it).
    @discardableResult
    func get<Response: AsyncResponseEncodable>(_ path: some TypedPath, use closure: @escaping @Sendable (Request) async throws -> Response) -> Route {
        get(path.components, use: closure)
    }

    @discardableResult
    func post<Response: AsyncResponseEncodable>(_ path: some TypedPath, use closure: @escaping @Sendable (Request) async throws -> Response) -> Route {
        post(path.components, use: closure)
    }

    @discardableResult
    func patch<Response: AsyncResponseEncodable>(_ path: some TypedPath, use closure: @escaping @Sendable (Request) async throws -> Response) -> Route {
        patch(path.components, use: closure)
    }

    @discardableResult
    func delete<Response: AsyncResponseEncodable>(_ path: some TypedPath, use closure: @escaping @Sendable (Request) async throws -> Response) -> Route {
        delete(path.components, use: closure)
    }
}

/// A path of the JSON API. It is registered inside the `/api/v1` group (`components` leave the
/// prefix out); `path` is the whole path, for links and `Location` headers.
protocol APIPath: TypedPath {
    /// The path after `/api/v1`.
    var relativePath: String { get }
}

extension APIPath {
    static var prefix: String { "/api/v1" }
    var path: String { Self.prefix + relativePath }
    var components: [PathComponent] {
        relativePath.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
