import CLibXML2
import Foundation
import VigilCore

/// Walks a document with an element path and each element's own text (its text children,
/// without those of nested elements), for the report readers.
struct XMLWalker {
    let parser: XMLSAXParser
    /// The open elements, outermost first.
    private(set) var path: [String] = []
    private var texts: [[UInt8]] = []
    private var names = InternedNames<String>()

    init(path file: String) throws {
        parser = try XMLSAXParser(path: file)
    }

    /// Calls `start` for each start tag and `end` for each end tag with the element's own text.
    /// The path holds the element itself in both.
    mutating func walk(start: (inout XMLWalker, String, [String: String]) throws -> Void,
                       end: (inout XMLWalker, String, String) throws -> Void) throws {
        let parser = self.parser
        try parser.parse(start: { pointer, attributes in
            let name = names.value(pointer) { $0 }
            path.append(name)
            texts.append([])
            try start(&self, name, attributes.all)
        }, characters: { bytes, count in
            guard !texts.isEmpty else { return }
            guard texts[texts.count - 1].count + count <= XMLSAXParser.textLimit else { throw XMLSAXParser.textTooLong(parser.line) }
            texts[texts.count - 1].append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        }, end: { pointer in
            let name = names.value(pointer) { $0 }
            let text = String(decoding: texts.popLast() ?? [], as: UTF8.self)
            try end(&self, name, text)
            path.removeLast()
        })
    }

    /// Whether the open elements end with `suffix` (`["result", "nvt"]`).
    func within(_ suffix: String...) -> Bool {
        path.count >= suffix.count && path.suffix(suffix.count).elementsEqual(suffix)
    }

    /// The parent of the current element.
    var parent: String? { path.count >= 2 ? path[path.count - 2] : nil }

    var line: Int { parser.line }
}

/// Walks a document like `XMLWalker`, for readers that run over tens of thousands of results:
/// element names are small integers (`known` names first, in order), and an element's own text
/// is collected only when `start` asks for it, as bytes, made into a `String` only on demand.
struct XMLTokenWalker {
    let parser: XMLSAXParser
    /// The open elements' numbers, outermost first.
    private(set) var path: [Int] = []
    /// For each open element, where its text starts in `buffer`, or -1 when it is not collected.
    private var starts: [Int] = []
    private var buffer: [UInt8] = []
    /// The current element's text, valid in `end`.
    private var textRange: Range<Int> = 0..<0
    /// The element being started's attributes, valid in `start`.
    private var attributes: XMLSAXParser.Attributes?
    private var names = InternedNames<Int>()
    private var numbersByName: [String: Int] = [:]

    init(path file: String, known: [String]) throws {
        parser = try XMLSAXParser(path: file)
        for name in known where numbersByName[name] == nil { numbersByName[name] = numbersByName.count }
        path.reserveCapacity(32)
        starts.reserveCapacity(32)
        buffer.reserveCapacity(1 << 16)
    }

    /// Calls `start` for each start tag (which answers whether the element's own text is wanted)
    /// and `end` for each end tag. The path holds the element itself in both.
    mutating func walk(start: (inout XMLTokenWalker, Int) throws -> Bool, end: (inout XMLTokenWalker, Int) throws -> Void) throws {
        let parser = self.parser
        try parser.parse(start: { pointer, attributes in
            let number = self.number(pointer)
            path.append(number)
            starts.append(-1)
            self.attributes = attributes
            defer { self.attributes = nil }
            if try start(&self, number) { starts[starts.count - 1] = buffer.count }
        }, characters: { bytes, count in
            guard let last = starts.last, last >= 0 else { return }
            guard buffer.count - last + count <= XMLSAXParser.textLimit else { throw XMLSAXParser.textTooLong(parser.line) }
            buffer.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        }, end: { pointer in
            let number = self.number(pointer)
            let begin = starts.popLast() ?? -1
            textRange = begin >= 0 ? begin..<buffer.count : 0..<0
            try end(&self, number)
            if begin >= 0 { buffer.removeSubrange(begin...) }
            path.removeLast()
        })
    }

    /// A name's number: a known name's place, else the next number, the first time it is met.
    private mutating func number(_ pointer: UnsafePointer<xmlChar>) -> Int {
        names.value(pointer) { name in
            if let known = numbersByName[name] { return known }
            let number = numbersByName.count
            numbersByName[name] = number
            return number
        }
    }

    /// The ended element's own text, as it is.
    var text: String {
        buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[textRange]), as: UTF8.self) }
    }

    /// Whether the ended element's own text is `other`, byte for byte (without making a `String`).
    func textIs(_ other: String) -> Bool {
        var other = other
        return other.withUTF8 { wanted in
            buffer.withUnsafeBufferPointer { all in
                let part = UnsafeBufferPointer(rebasing: all[textRange])
                return part.count == wanted.count && (wanted.isEmpty || memcmp(part.baseAddress!, wanted.baseAddress!, wanted.count) == 0)
            }
        }
    }

    /// The ended element's own text without the white space around it.
    var trimmedText: String {
        buffer.withUnsafeBufferPointer { all in
            var lower = textRange.lowerBound
            var upper = textRange.upperBound
            while lower < upper, Self.isSpace(all[lower]) { lower += 1 }
            while upper > lower, Self.isSpace(all[upper - 1]) { upper -= 1 }
            let text = String(decoding: UnsafeBufferPointer(rebasing: all[lower..<upper]), as: UTF8.self)
            // Other white space (no-break spaces and the like) at either end: trimmed the slow way.
            if lower < upper, all[lower] >= 0x80 || all[upper - 1] >= 0x80 { return text.trimmedWhitespace }
            return text
        }
    }

    /// Whether the ended element's own text is empty once trimmed.
    var textIsBlank: Bool { trimmedText.isEmpty }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0B || byte == 0x0C
    }

    /// An attribute of the element being started (in `start` only).
    func attribute(_ name: String) -> String? { attributes?.value(name) }

    /// Whether the open elements end with `suffix`.
    func within(_ suffix: Int...) -> Bool {
        path.count >= suffix.count && path.suffix(suffix.count).elementsEqual(suffix)
    }

    /// The parent of the current element, -1 at the root.
    var parent: Int { path.count >= 2 ? path[path.count - 2] : -1 }

    var line: Int { parser.line }
}

/// Element names as libxml2 gives them: interned in the parser's dictionary, which frees nothing
/// until the parse ends, so within one parse (a table lives for one) an address is always the same
/// name. Each is made into a `String` (or a number) once. A name met again is found by its address
/// in a small table first, without hashing (two lookups per element, tens of millions in a large
/// report), then in the dictionary.
private struct InternedNames<Value> {
    private var values: [UnsafeRawPointer: Value] = [:]
    private var recentAddresses = [UInt](repeating: 0, count: 64)
    private var recentValues: [Value?] = Array(repeating: nil, count: 64)

    mutating func value(_ pointer: UnsafePointer<xmlChar>, make: (String) -> Value) -> Value {
        let address = UInt(bitPattern: pointer)
        let slot = Int(truncatingIfNeeded: (address >> 4) ^ (address >> 10)) & 63
        if recentAddresses[slot] == address, let value = recentValues[slot] { return value }
        let raw = UnsafeRawPointer(pointer)
        let value: Value
        if let known = values[raw] {
            value = known
        } else {
            value = make(String(cString: pointer))
            values[raw] = value
        }
        recentAddresses[slot] = address
        recentValues[slot] = value
        return value
    }
}
