import Foundation
import VigilCore
import Yams

/// A JSON value that keeps its members in the order they were written, so that the served document
/// reads in the fragments' order (`OpenAPIDocument`).
indirect enum OpenAPIValue: Sendable {
    case object([(key: String, value: OpenAPIValue)])
    case array([OpenAPIValue])
    case string(String)
    /// The number as written (JSON's grammar), so that nothing is rounded on the way.
    case number(String)
    case bool(Bool)
    case null

    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    subscript(key: String) -> OpenAPIValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var members: [(key: String, value: OpenAPIValue)] {
        if case .object(let members) = self { members } else { [] }
    }

    var items: [OpenAPIValue] {
        if case .array(let items) = self { items } else { [] }
    }

    var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// Reads YAML with JSON's types only (YAML 1.2's core schema): a plain `yes`, `2026-01-01` or
    /// `0x10` stays text, a quoted scalar is always text; anchors and aliases are refused.
    static func yaml(_ text: String) throws -> OpenAPIValue {
        guard let node = try Yams.compose(yaml: text, .basic) else { return .null }
        return try value(node)
    }

    private static func value(_ node: Node) throws -> OpenAPIValue {
        switch node {
        case .mapping(let mapping):
            var members: [(key: String, value: OpenAPIValue)] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key else { throw ReadError(description: "a key that is not text at line \(key.mark?.line ?? 0)") }
                guard !members.contains(where: { $0.key == name.string }) else {
                    throw ReadError(description: "the key \(name.string) twice at line \(key.mark?.line ?? 0)")
                }
                members.append((name.string, try Self.value(value)))
            }
            return .object(members)
        case .sequence(let sequence):
            return .array(try sequence.map(Self.value))
        case .scalar(let scalar):
            return plain(scalar)
        case .alias:
            throw ReadError(description: "an alias at line \(node.mark?.line ?? 0)")
        }
    }

    nonisolated(unsafe) private static let jsonNumber = #/-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/#

    private static func plain(_ scalar: Node.Scalar) -> OpenAPIValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        switch scalar.string {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "~", "": return .null
        case let text where text.wholeMatch(of: jsonNumber) != nil: return .number(text)
        case let text: return .string(text)
        }
    }

    /// The value as JSON text (members in their order, no spaces).
    var json: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                out += JSONText.quoted(member.key)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .string(let text): out += JSONText.quoted(text)
        case .number(let text): out += text
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }
}
