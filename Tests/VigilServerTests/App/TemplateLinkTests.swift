import Foundation
import Testing
import Vapor
import VaporTesting
@testable import VigilServer

/// The templates' own links and form targets are the one place paths are still written out (the
/// Swift code builds them from typed paths): each must name a route the application registers, so
/// that a route moved in its capability's `…Path` cannot leave a page linking nowhere.
@Suite("Template links name registered routes")
struct TemplateLinkTests {
    /// A template's path with its Leaf expressions as wildcards (`/incidents/*`), without query or
    /// fragment; nil when the link is built elsewhere (`#(item.href)`).
    static func pattern(_ raw: String) -> [String]? {
        guard raw.hasPrefix("/") else { return nil }
        var text = raw.replacing(#/#if\([^)]*\):|#else:|#endif/#, with: "")
        text = text.replacing(#/#\([^)]*\)/#, with: "*")
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        return text.split(separator: "/").map { $0.contains("*") ? "*" : String($0) }
    }

    static func matches(_ pattern: [String], _ route: [PathComponent]) -> Bool {
        guard pattern.count == route.count else { return false }
        for (segment, component) in zip(pattern, route) {
            switch component {
            case .constant(let value): if segment != "*" && segment != value { return false }
            case .parameter: continue
            case .anything, .catchall: return true
            }
        }
        return true
    }

    @Test("every literal href and form action in a template is a route the application serves")
    func templateLinksResolve() async throws {
        try await withVigilApp { app in
            let routes = app.routes.all.map(\.path)
            let views = try VigilApplication.resourceDirectory().appendingPathComponent("Views")
            let files = (FileManager.default.enumerator(atPath: views.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".leaf") }
            var checked = 0
            for file in files {
                let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: #/(?:href|action)="([^"]*)"/#) {
                    guard let pattern = Self.pattern(String(match.1)) else { continue }
                    if pattern.first == "static" { continue }   // files, not routes
                    checked += 1
                    #expect(routes.contains { Self.matches(pattern, $0) }, "\(file): \(match.1) names no route")
                }
            }
            #expect(checked > 100)
        }
    }
}
