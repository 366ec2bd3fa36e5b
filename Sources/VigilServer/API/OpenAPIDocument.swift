import Foundation

/// The JSON API's description (OpenAPI 3.1), merged once at boot from `Resources/OpenAPI/`:
/// `common.yaml` holds the version, `info`, the security schemes, the shared error body and the
/// paging parameters; every other file is one capability's fragment with its own `paths`, `tags`
/// and `components`, so that a capability describes its routes beside the others'. A fragment that
/// names an operation or a component another one already names stops the boot, and so does a key
/// a fragment may not hold. `OpenAPIDocumentTests` checks the document against the router.
struct OpenAPIDocument: Sendable {
    /// The merged document.
    let root: OpenAPIValue
    /// The document as served at `/api/v1/openapi.json`, written once.
    let json: String

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    struct MergeError: Error, CustomStringConvertible {
        let description: String
    }

    init(root: OpenAPIValue) {
        self.root = root
        self.json = root.json
    }

    /// Reads `common.yaml` and every other `.yaml` in `folder` (in name order) and merges them.
    static func load(from folder: URL) throws -> OpenAPIDocument {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        func read(_ name: String) throws -> OpenAPIValue {
            do {
                return try OpenAPIValue.yaml(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
            } catch {
                throw MergeError(description: "OpenAPI/\(name): \(error)")
            }
        }
        guard names.contains("common.yaml") else { throw MergeError(description: "OpenAPI/common.yaml is missing") }
        let fragments = try names.filter { $0 != "common.yaml" }.map { ($0, try read($0)) }
        return OpenAPIDocument(root: try merge(common: read("common.yaml"), fragments: fragments))
    }

    /// `common` with each fragment's paths, tags and components added.
    static func merge(common: OpenAPIValue, fragments: [(name: String, value: OpenAPIValue)]) throws -> OpenAPIValue {
        var document = common.members
        func add(_ key: String, _ value: OpenAPIValue, depth: Int, from name: String) throws {
            if let index = document.firstIndex(where: { $0.key == key }) {
                document[index].value = try union(document[index].value, value, depth: depth, at: "\(name): \(key)")
            } else {
                document.append((key, value))
            }
        }
        for (name, fragment) in fragments {
            guard case .object(let members) = fragment else { throw MergeError(description: "\(name) is not a mapping") }
            for (key, value) in members {
                switch key {
                case "paths", "components": try add(key, value, depth: 2, from: name)
                case "tags": try add(key, value, depth: 0, from: name)
                default: throw MergeError(description: "\(name): a fragment holds paths, tags and components only, not \(key)")
                }
            }
        }
        return .object(document)
    }

    /// `added`'s members put into `base`'s, `depth` levels down (paths → methods, components → names);
    /// lists are joined; the same name at the last level is a conflict.
    private static func union(_ base: OpenAPIValue, _ added: OpenAPIValue, depth: Int, at place: String) throws -> OpenAPIValue {
        if case .array(let first) = base, case .array(let more) = added { return .array(first + more) }
        guard depth > 0, case .object(var members) = base, case .object(let more) = added else {
            throw MergeError(description: "\(place) is described twice")
        }
        for (key, value) in more {
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = try union(members[index].value, value, depth: depth - 1, at: "\(place) \(key)")
            } else {
                members.append((key, value))
            }
        }
        return .object(members)
    }

    /// Every operation the document describes, as `GET /api/v1/incidents/{incidentID}`.
    var operationKeys: [String] {
        (root["paths"]?.members ?? []).flatMap { path, item in
            item.members.map(\.key).filter(Self.methods.contains).map { "\($0.uppercased()) \(path)" }
        }
    }

    /// A `$ref` inside the document (`#/components/schemas/Incident`), or nil.
    func resolve(_ reference: String) -> OpenAPIValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var value: OpenAPIValue? = root
        for part in reference.dropFirst(2).split(separator: "/") {
            value = value?[String(part).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return value
    }
}
