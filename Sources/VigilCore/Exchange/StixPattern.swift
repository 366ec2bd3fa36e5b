import Foundation

/// STIX 2.1 patterning for Vigil's indicator types: one comparison per indicator when writing
/// (`[ipv4-addr:value = '1.2.3.4']`), and the simple patterns other tools write when reading:
/// equality comparisons on a supported object path, joined by OR inside or between observation
/// expressions. Anything else (AND, other operators, qualifiers) is refused with a reason, since
/// Vigil stores single values, not correlation rules.
public enum StixPattern {
    /// The object path of each indicator type.
    public static func objectPath(for type: IndicatorType) -> String {
        switch type {
        case .ipv4: "ipv4-addr:value"
        case .ipv6: "ipv6-addr:value"
        case .domain: "domain-name:value"
        case .url: "url:value"
        case .email: "email-addr:value"
        case .filename: "file:name"
        case .md5: "file:hashes.MD5"
        case .sha1: "file:hashes.'SHA-1'"
        case .sha256: "file:hashes.'SHA-256'"
        }
    }

    /// Object paths read, as written by Vigil and by other tools (hash names quoted or not).
    static let pathTypes: [String: IndicatorType] = {
        var paths: [String: IndicatorType] = [:]
        for type in IndicatorType.allCases { paths[objectPath(for: type)] = type }
        paths["file:hashes.'MD5'"] = .md5
        paths["file:hashes.SHA1"] = .sha1
        paths["file:hashes.SHA256"] = .sha256
        return paths
    }()

    public static func pattern(for indicator: Indicator) -> String {
        "[\(objectPath(for: indicator.type)) = '\(escape(indicator.value))']"
    }

    /// A pattern string literal: backslash and quote escaped.
    public static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    public enum Problem: Error, Equatable, Sendable {
        /// The pattern is not well formed (where: the character offset).
        case syntax(at: Int)
        /// Well formed but beyond what Vigil stores (AND, `!=`, `LIKE`, qualifiers…): the word found.
        case unsupported(String)
        /// A comparison on an object path Vigil has no indicator type for.
        case unsupportedPath(String)
    }

    /// The (type, raw value) pairs of a simple pattern; values are not yet validated.
    public static func parse(_ pattern: String) throws(Problem) -> [(type: IndicatorType, value: String)] {
        var scanner = Scanner(Array(pattern))
        var found: [(type: IndicatorType, value: String)] = []
        repeat {
            scanner.skipSpace()
            guard scanner.take("[") else { throw .syntax(at: scanner.offset) }
            repeat {
                scanner.skipSpace()
                let path = try scanner.objectPath()
                scanner.skipSpace()
                let op = scanner.word()
                guard op == "=" else { throw op.isEmpty ? .syntax(at: scanner.offset) : .unsupported(op) }
                scanner.skipSpace()
                let value = try scanner.stringLiteral()
                guard let type = pathTypes[path] else { throw .unsupportedPath(path) }
                found.append((type, value))
                scanner.skipSpace()
            } while try scanner.joiner(inside: true)
            guard scanner.take("]") else { throw .syntax(at: scanner.offset) }
            scanner.skipSpace()
        } while try scanner.joiner(inside: false)
        guard scanner.atEnd else {
            let rest = scanner.word()
            throw rest.isEmpty ? .syntax(at: scanner.offset) : .unsupported(rest)
        }
        return found
    }

    struct Scanner {
        let characters: [Character]
        var offset = 0

        init(_ characters: [Character]) { self.characters = characters }

        var atEnd: Bool { offset >= characters.count }
        var current: Character? { atEnd ? nil : characters[offset] }

        mutating func skipSpace() { while let c = current, c.isWhitespace { offset += 1 } }

        mutating func take(_ c: Character) -> Bool {
            guard current == c else { return false }
            offset += 1
            return true
        }

        /// A run of letters, digits and operator characters (a keyword or an operator).
        mutating func word() -> String {
            let start = offset
            if let c = current, "=!<>".contains(c) {
                while let c = current, "=!<>".contains(c) { offset += 1 }
            } else {
                while let c = current, c.isLetter || c.isNumber || c == "_" { offset += 1 }
            }
            return String(characters[start..<offset])
        }

        /// `OR` goes on; `]` (inside) or the end (outside) stops; anything else is unsupported.
        mutating func joiner(inside: Bool) throws(Problem) -> Bool {
            skipSpace()
            if atEnd || (inside && current == "]") { return false }
            let start = offset
            let word = word()
            if word == "OR" { return true }
            offset = start
            if word.isEmpty { throw .syntax(at: offset) }
            throw .unsupported(word)
        }

        /// `type:property(.property|.'quoted property'|[index])*`, kept as written.
        mutating func objectPath() throws(Problem) -> String {
            let start = offset
            while let c = current, c.isLetter || c.isNumber || c == "-" || c == "_" { offset += 1 }
            guard offset > start, take(":") else { throw .syntax(at: offset) }
            var first = true
            while first || take(".") {
                first = false
                if current == "'" {
                    offset += 1
                    while let c = current, c != "'" { offset += 1 }
                    guard take("'") else { throw .syntax(at: offset) }
                } else {
                    let nameStart = offset
                    while let c = current, c.isLetter || c.isNumber || c == "-" || c == "_" { offset += 1 }
                    guard offset > nameStart else { throw .syntax(at: offset) }
                }
                if current == "[" { throw .unsupported("[") }
            }
            return String(characters[start..<offset])
        }

        mutating func stringLiteral() throws(Problem) -> String {
            guard take("'") else { throw current.map { $0.isLetter || $0.isNumber } == true ? .unsupported(word()) : .syntax(at: offset) }
            var value = ""
            while let c = current {
                offset += 1
                switch c {
                case "'": return value
                case "\\":
                    guard let next = current, next == "'" || next == "\\" else { throw .syntax(at: offset) }
                    value.append(next)
                    offset += 1
                default: value.append(c)
                }
            }
            throw .syntax(at: offset)
        }
    }
}
