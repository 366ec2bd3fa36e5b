import Foundation

/// A strict, allocation-light reader of JSON (RFC 8259) for documents whose shape is known in
/// advance: the caller walks the document, asking for the value it expects at each place.
///
/// Written by hand, not Foundation's `JSONDecoder`: agents' check-ins arrive thousands of times a
/// second, and decoding them through Codable's generic containers was the largest single cost of
/// that route (13 % of the server's CPU in a `perf` profile, see docs/PERFORMANCE.md). No faster
/// JSON library is on our package list. What it accepts is what `JSONSerialization` accepts: the
/// tests compare the two on valid and invalid documents.
public struct JSONReader {
    /// Where and why a document was refused, in terms its author can act on.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The JSON path (`software[3].name`), or `document` for the document as a whole.
        public let path: String
        public let reason: String
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        public var description: String { "\(path): \(reason)" }
    }

    /// Nesting deeper than this, in values the caller skips, is refused rather than followed.
    public static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    public enum Kind: Equatable, Sendable { case object, array, string, number, bool, null }

    // MARK: - Structure

    /// The kind of the next value, without reading it.
    public mutating func peek() throws(Failure) -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("the document ends early") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw syntax("unexpected character")
        }
    }

    /// Reads an object, calling `member` with each key; `member` must read or skip the value.
    public mutating func readObject(_ member: (inout JSONReader, String) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw syntax("expected a member name") }
            let key = try readStringUnchecked()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// Reads an array, calling `element` with each element's position; `element` must read or
    /// skip the value.
    public mutating func readArray(_ element: (inout JSONReader, Int) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return }
        var position = 0
        while true {
            try element(&self, position)
            position += 1
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// Whether the next value is `null`, reading it if so.
    public mutating func readNull() throws(Failure) -> Bool {
        guard try peek() == .null else { return false }
        try literal("null")
        return true
    }

    public mutating func readBool() throws(Failure) -> Bool? {
        guard try peek() == .bool else { return nil }
        if bytes[index] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// The next value as a string, or nil (nothing read) when it is of another kind.
    public mutating func readString() throws(Failure) -> String? {
        guard try peek() == .string else { return nil }
        return try readStringUnchecked()
    }

    /// The next value as a number, or nil (nothing read) when it is of another kind.
    public mutating func readNumber() throws(Failure) -> Double? {
        guard try peek() == .number else { return nil }
        let start = index
        try skipNumber()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw syntax("a number out of range") }
        return value
    }

    /// Skips one value of any kind, checking its syntax.
    public mutating func skipValue() throws(Failure) {
        try skipValue(depth: 0)
    }

    /// After the document: only whitespace may follow.
    public mutating func finish() throws(Failure) {
        skipWhitespace()
        guard index == bytes.count else { throw syntax("unexpected text after the document") }
    }

    // MARK: - Values

    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth < Self.maxDepth else { throw syntax("nested too deeply") }
        switch try peek() {
        case .object: try readObject { (reader: inout JSONReader, _) throws(Failure) in try reader.skipValue(depth: depth + 1) }
        case .array: try readArray { (reader: inout JSONReader, _) throws(Failure) in try reader.skipValue(depth: depth + 1) }
        case .string: _ = try readStringUnchecked()
        case .bool: _ = try readBool()
        case .null: _ = try readNull()
        case .number: try skipNumber()
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func skipNumber() throws(Failure) {
        _ = consume(UInt8(ascii: "-"))
        guard index < bytes.count else { throw syntax("a number ends early") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { throw syntax("expected a digit") }
        }
        if consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw syntax("expected a digit") }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw syntax("expected a digit") }
        }
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw syntax("unexpected character") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw syntax("unexpected character")
        }
        index += count
    }

    /// A string at `index` (which holds the opening quote). Strings without escapes, nearly all
    /// of them, are made straight from their bytes.
    private mutating func readStringUnchecked() throws(Failure) -> String {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                // ASCII needs no validation (most package names and versions are ASCII).
                let text = ascii ? String(decoding: content, as: UTF8.self) : try utf8(content)
                index += 1
                return text
            }
            if byte >= 0x80 { ascii = false }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            guard byte >= 0x20 else { throw syntax("a control character inside a string") }
            index += 1
        }
        throw syntax("a string ends early")
    }

    private mutating func readEscapedString(from start: Int) throws(Failure) -> String {
        var text = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: text, as: UTF8.self) else { throw syntax("a string that is not valid UTF-8") }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw syntax("a string ends early") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &text)
                default: throw syntax("an unknown escape in a string")
                }
            default:
                guard byte >= 0x20 else { throw syntax("a control character inside a string") }
                text.append(byte)
                index += 1
            }
        }
        throw syntax("a string ends early")
    }

    /// `\uXXXX`, with a surrogate pair as two escapes; a lone surrogate is refused.
    private mutating func appendUnicodeEscape(to text: inout [UInt8]) throws(Failure) {
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw syntax("a lone surrogate in a string")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw syntax("a lone surrogate in a string") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw syntax("a lone surrogate in a string")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw syntax("an invalid escape in a string") }
        text.append(contentsOf: UTF8.encode(unicode)!)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntax("a string ends early") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntax("an invalid \\u escape in a string")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func utf8(_ buffer: UnsafeRawBufferPointer) throws(Failure) -> String {
        guard let text = String(validating: buffer, as: UTF8.self) else {
            throw syntax("a string that is not valid UTF-8")
        }
        return text
    }

    // MARK: - Bytes

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        skipWhitespace()
        guard consume(byte) else {
            throw index < bytes.count ? syntax("expected '\(Character(Unicode.Scalar(byte)))'") : syntax("the document ends early")
        }
    }

    private func syntax(_ reason: String) -> Failure {
        Failure(path: "document", reason: "not valid JSON at byte \(index): \(reason)")
    }
}

/// Writing JSON text by hand for small, fixed answers on hot paths (see `JSONReader`).
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
