import Foundation
import Testing
import Vapor
import VaporTesting
@testable import VigilServer

/// The OpenAPI document against the router: every `/api/v1` route is described, and nothing the
/// document describes is missing from the router. The document is what `/api/v1/openapi.json`
/// serves, so a capability that adds a route adds its operation to its fragment in
/// `Resources/OpenAPI/`.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// `GET /api/v1/incidents/:incidentID` → `GET /api/v1/incidents/{incidentID}`.
    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { component in
            switch component {
            case .constant(let value): value
            case .parameter(let name): "{\(name)}"
            case .anything: "*"
            case .catchall: "**"
            }
        }.joined(separator: "/")
    }

    static func served(_ app: Application) async throws -> OpenAPIValue {
        let response = try await app.get(APIDocsPath.document.path)
        #expect(response.status == .ok)
        #expect(response.headers.contentType == .json)
        _ = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return try OpenAPIValue.yaml(response.text)
    }

    @Test("every /api/v1 route is described, and every described operation is routed")
    func documentMatchesTheRouter() async throws {
        try await withVigilApp { app in
            // Setup: the routes the router has, the operations the served document names.
            let routed = Set(app.routes.all.map(Self.key).filter { $0.split(separator: " ")[1].hasPrefix("/api/v1/") })
            let document = OpenAPIDocument(root: try await Self.served(app))
            let described = Set(document.operationKeys)
            // Check: both directions, each difference named.
            #expect(routed.count > 90)
            #expect(document.operationKeys.count == described.count, "an operation is described twice")
            let missing = routed.subtracting(described).sorted()
            #expect(missing.isEmpty, "routes the OpenAPI document does not describe: \(missing)")
            let surplus = described.subtracting(routed).sorted()
            #expect(surplus.isEmpty, "operations in the OpenAPI document that no route serves: \(surplus)")
        }
    }

    @Test("the document is OpenAPI 3.1, each operation is tagged, summarised, answered and named once, each $ref resolves")
    func documentIsWhole() async throws {
        try await withVigilApp { app in
            let document = OpenAPIDocument(root: try await Self.served(app))
            #expect(document.root["openapi"]?.string == "3.1.0")
            var names: Set<String> = []
            for (path, item) in document.root["paths"]?.members ?? [] {
                for (method, operation) in item.members where OpenAPIDocument.methods.contains(method) {
                    let place = "\(method.uppercased()) \(path)"
                    #expect(operation["tags"]?.items.isEmpty == false, "\(place) has no tag")
                    #expect(operation["summary"]?.string?.isEmpty == false, "\(place) has no summary")
                    #expect(operation["responses"]?.members.isEmpty == false, "\(place) has no answers")
                    let name = try #require(operation["operationId"]?.string, "\(place) has no operationId")
                    #expect(names.insert(name).inserted, "operationId \(name) twice")
                    // A path parameter is declared for each `{name}` in the path.
                    let declared = Set(((item["parameters"]?.items ?? []) + (operation["parameters"]?.items ?? []))
                        .map { $0["$ref"]?.string.flatMap(document.resolve) ?? $0 }
                        .filter { $0["in"]?.string == "path" }.compactMap { $0["name"]?.string })
                    let inPath = Set(path.matches(of: #/\{(\w+)\}/#).map { String($0.1) })
                    #expect(declared == inPath, "\(place) declares the path parameters \(declared.sorted())")
                }
            }
            // A member without a value is a YAML slip (an unquoted comma inside a flow mapping splits a description).
            var references: [String] = []
            func collect(_ value: OpenAPIValue, at path: String = "") {
                switch value {
                case .object(let members):
                    for (key, member) in members {
                        if case .null = member, !["default", "example", "const"].contains(key) { Issue.record("\(path)/\(key) has no value") }
                        if key == "$ref", let text = member.string { references.append(text) } else { collect(member, at: path + "/" + key) }
                    }
                case .array(let items): items.forEach { collect($0, at: path) }
                default: break
                }
            }
            collect(document.root)
            #expect(!references.isEmpty)
            for reference in Set(references) {
                #expect(document.resolve(reference) != nil, "\(reference) names nothing")
            }
        }
    }

    @Test("a fragment that describes an operation or a schema twice, or holds another key, is refused")
    func mergeRefusesConflicts() throws {
        let common = try OpenAPIValue.yaml("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
        let first = try OpenAPIValue.yaml("paths:\n  /a:\n    get: {summary: x}\ncomponents:\n  schemas:\n    A: {type: object}\n")
        let other = try OpenAPIValue.yaml("paths:\n  /a:\n    post: {summary: y}\n")
        let merged = try OpenAPIDocument.merge(common: common, fragments: [("a.yaml", first), ("b.yaml", other)])
        #expect(OpenAPIDocument(root: merged).operationKeys == ["GET /a", "POST /a"])
        #expect(throws: OpenAPIDocument.MergeError.self) {
            try OpenAPIDocument.merge(common: common, fragments: [("a.yaml", first), ("b.yaml", first)])
        }
        #expect(throws: OpenAPIDocument.MergeError.self) {
            try OpenAPIDocument.merge(common: common, fragments: [("c.yaml", try OpenAPIValue.yaml("info: {title: u}\n"))])
        }
        // A key twice in one mapping (a flow mapping's unquoted comma makes one easily) stops the read.
        #expect(throws: (any Error).self) { try OpenAPIValue.yaml("a: 1\na: 2\n") }
        #expect(throws: (any Error).self) { try OpenAPIValue.yaml("- {name: q, description: a, b, description: c}\n") }
    }

    @Test("YAML reads with JSON's types: quoted text stays text, no dates or yes/no booleans")
    func yamlTypes() throws {
        let value = try OpenAPIValue.yaml("a: '200'\nb: 200\nc: 2026-01-01\nd: yes\ne: true\nf: null\ng: \"x\\\"y\"\nh: -1.5e3\n")
        #expect(value.json == #"{"a":"200","b":200,"c":"2026-01-01","d":"yes","e":true,"f":null,"g":"x\"y","h":-1.5e3}"#)
    }

    @Test("/api/docs lists every operation, open to anyone, in both languages")
    func docsPage() async throws {
        try await withVigilApp { app in
            let document = OpenAPIDocument(root: try await Self.served(app))
            let vietnamese = try await app.get(APIDocsPath.page.path)
            #expect(vietnamese.status == .ok)
            #expect(vietnamese.text.contains("Tài liệu API"))
            #expect(vietnamese.text.components(separatedBy: "data-testid=\"operation\"").count - 1 == document.operationKeys.count)
            #expect(vietnamese.text.contains("href=\"/api/v1/openapi.json\""))
            #expect(vietnamese.text.contains("id=\"schema-error\""))
            #expect(!vietnamese.text.contains("<script src=\"http"), "no script from outside")
            let english = try await app.get(APIDocsPath.page.path, headers: ["Accept-Language": "en"])
            #expect(english.text.contains("API documentation"))
            #expect(english.text.contains("/api/v1/incidents/{incidentID}"))
        }
    }
}
