import Foundation

/// The `/api/docs` page: every operation of the OpenAPI document grouped by tag, with its
/// parameters, bodies and answers, then the schemas they name. Built once from the document at
/// boot (the descriptions are the document's, in English); the words around them come from the
/// localization tables in the template.
struct APIDocsPage: Encodable, Sendable {
    /// A type in words (`[Incident]`, `string (uuid)`), with the anchor of the schema it names.
    struct TypeText: Encodable, Sendable {
        let text: String
        let anchor: String?
    }

    struct Parameter: Encodable, Sendable {
        let name: String
        let location: String
        let type: TypeText
        let required: Bool
        let description: String?
    }

    struct Content: Encodable, Sendable {
        let mediaType: String
        let type: TypeText
    }

    struct Answer: Encodable, Sendable {
        let status: String
        let description: String
        let contents: [Content]
    }

    struct Operation: Encodable, Sendable {
        let method: String
        let path: String
        let anchor: String
        let summary: String
        let description: String?
        /// Open to anyone (`security: []`): no token needed.
        let open: Bool
        let parameters: [Parameter]
        let bodies: [Content]
        let bodyDescription: String?
        let answers: [Answer]
    }

    struct Group: Encodable, Sendable {
        let name: String
        let anchor: String
        let description: String?
        let operations: [Operation]
    }

    struct Property: Encodable, Sendable {
        let name: String
        let type: TypeText
        let required: Bool
        let description: String?
    }

    struct Schema: Encodable, Sendable {
        let name: String
        let anchor: String
        let type: TypeText
        let description: String?
        let properties: [Property]
    }

    let title: String
    let version: String
    let description: String?
    let documentPath: String
    let operationCount: Int
    let groups: [Group]
    let schemas: [Schema]

    init(document: OpenAPIDocument, documentPath: String) {
        let root = document.root
        title = root["info"]?["title"]?.string ?? "API"
        version = root["info"]?["version"]?.string ?? ""
        description = root["info"]?["description"]?.string
        self.documentPath = documentPath
        let reader = Reader(document: document)
        var byTag: [String: [Operation]] = [:]
        var count = 0
        for (path, item) in root["paths"]?.members ?? [] {
            for (method, operation) in item.members where OpenAPIDocument.methods.contains(method) {
                let tag = operation["tags"]?.items.first?.string ?? "other"
                byTag[tag, default: []].append(reader.operation(method: method, path: path, item: item, operation: operation))
                count += 1
            }
        }
        operationCount = count
        let declared = (root["tags"]?.items ?? []).compactMap { tag in tag["name"]?.string.map { ($0, tag["description"]?.string) } }
        let undeclared = byTag.keys.filter { name in !declared.contains { $0.0 == name } }.sorted().map { ($0, String?.none) }
        groups = (declared + undeclared).compactMap { name, description in
            byTag[name].map { Group(name: name, anchor: "tag-" + Reader.slug(name), description: description, operations: $0) }
        }
        schemas = (root["components"]?["schemas"]?.members ?? []).map { name, schema in
            let required = Set((schema["required"]?.items ?? []).compactMap(\.string))
            return Schema(
                name: name, anchor: Reader.schemaAnchor(name),
                type: schema["properties"] == nil ? reader.type(schema) : TypeText(text: "object", anchor: nil), description: schema["description"]?.string,
                properties: (schema["properties"]?.members ?? []).map { property, value in
                    Property(name: property, type: reader.type(value), required: required.contains(property), description: value["description"]?.string)
                })
        }
    }

    /// Turns the document's operations and schemas into the page's rows, following `$ref`s.
    struct Reader {
        let document: OpenAPIDocument

        static func slug(_ text: String) -> String {
            String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        }

        static func schemaAnchor(_ name: String) -> String { "schema-" + slug(name) }

        /// The value itself, or the one its `$ref` names.
        func resolved(_ value: OpenAPIValue) -> OpenAPIValue {
            value["$ref"]?.string.flatMap(document.resolve) ?? value
        }

        func operation(method: String, path: String, item: OpenAPIValue, operation: OpenAPIValue) -> Operation {
            let parameters = ((item["parameters"]?.items ?? []) + (operation["parameters"]?.items ?? [])).map(resolved).map { parameter in
                Parameter(
                    name: parameter["name"]?.string ?? "", location: parameter["in"]?.string ?? "", type: type(parameter["schema"]),
                    required: parameter["required"]?.bool ?? false, description: parameter["description"]?.string)
            }
            let body = operation["requestBody"].map(resolved)
            let answers = (operation["responses"]?.members ?? []).map { status, answer in
                let answer = resolved(answer)
                return Answer(status: status, description: answer["description"]?.string ?? "", contents: contents(answer["content"]))
            }
            let security = operation["security"] ?? document.root["security"]
            return Operation(
                method: method.uppercased(), path: path, anchor: operation["operationId"]?.string ?? Self.slug(method + path),
                summary: operation["summary"]?.string ?? "", description: operation["description"]?.string,
                open: security?.items.isEmpty ?? true, parameters: parameters, bodies: contents(body?["content"]),
                bodyDescription: body?["description"]?.string, answers: answers)
        }

        func contents(_ content: OpenAPIValue?) -> [Content] {
            (content?.members ?? []).map { Content(mediaType: $0.key, type: type($0.value["schema"])) }
        }

        /// A schema in a few words: `Incident`, `[Incident]`, `string (uuid)`, `"open" | "closed"`.
        func type(_ schema: OpenAPIValue?) -> TypeText {
            guard let schema else { return TypeText(text: "", anchor: nil) }
            if let reference = schema["$ref"]?.string {
                let name = String(reference.split(separator: "/").last ?? "")
                return TypeText(text: name, anchor: reference.hasPrefix("#/components/schemas/") ? Self.schemaAnchor(name) : nil)
            }
            for (key, separator) in [("oneOf", " | "), ("anyOf", " | "), ("allOf", " & ")] {
                if let options = schema[key]?.items, !options.isEmpty {
                    // `allOf: [Fields, {required: [...]}]`: the part that only requires says nothing in words.
                    let texts = options.map(type).filter { $0.text != "any" }
                    return TypeText(text: texts.map(\.text).joined(separator: separator), anchor: texts.compactMap(\.anchor).first)
                }
            }
            if let values = schema["enum"]?.items, !values.isEmpty {
                return TypeText(text: values.map(\.json).joined(separator: " | "), anchor: nil)
            }
            if let value = schema["const"] { return TypeText(text: value.json, anchor: nil) }
            let names = schema["type"].map { $0.string.map { [$0] } ?? $0.items.compactMap(\.string) } ?? []
            var anchor: String?
            let texts = names.map { name -> String in
                switch name {
                case "array":
                    let item = type(schema["items"])
                    anchor = item.anchor
                    return "[" + item.text + "]"
                case "object":
                    if let properties = schema["properties"]?.members, !properties.isEmpty {
                        // An inline object in a few words: `{items: [Incident], nextCursor: string | null}`.
                        let members = properties.map { ($0.key, type($0.value)) }
                        anchor = members.compactMap(\.1.anchor).first
                        return "{" + members.map { "\($0.0): \($0.1.text)" }.joined(separator: ", ") + "}"
                    }
                    guard let values = schema["additionalProperties"], values["type"] != nil || values["$ref"] != nil else { return "object" }
                    let value = type(values)
                    anchor = value.anchor
                    return "{string: " + value.text + "}"
                default:
                    return schema["format"]?.string.map { "\(name) (\($0))" } ?? name
                }
            }
            return TypeText(text: texts.isEmpty ? "any" : texts.joined(separator: " | "), anchor: anchor)
        }
    }
}
