import CLibXML2
import Foundation
import VigilCore

/// Reads an XML document as a stream of start tags, text and end tags with libxml2's
/// `xmlTextReader`, so that memory stays bounded whatever the file's size.
///
/// Hostile documents are refused:
/// - a document type with an internal subset (where entities are declared: external entities,
///   "billion laughs") is refused by `XMLProlog` before libxml2 reads anything;
/// - no DTD is loaded, entities are never substituted, nothing is fetched from the network
///   (`XML_PARSE_NONET`), and an entity reference met anyway is an error.
/// A plain `<!DOCTYPE nmaprun>` line, as every Nmap report has, is normal and accepted.
final class XMLStreamReader {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String])
        /// Text or CDATA inside the current element.
        case text(String)
        case end(name: String)
    }

    private static let initialised: Void = { xmlInitParser() }()

    /// Options for libxml2: no network, CDATA as text, compact nodes; deliberately without
    /// `XML_PARSE_NOENT` (substitute entities) and `XML_PARSE_DTDLOAD` (load external DTDs).
    private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    private let reader: xmlTextReaderPtr
    private let errors = ErrorBox()
    /// An element without content (`<a/>`) gives its start, then its end at the next call.
    private var pendingEnd: String?

    init(path: String) throws {
        _ = Self.initialised
        try XMLProlog.check(path: path)
        guard let reader = xmlReaderForFile(path, nil, Self.options) else {
            throw ScanReportError("", "the file cannot be read as XML")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
            if box.first == nil {
                let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
                box.first = (Int(error.pointee.line), message)
            }
        }, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// The line the parser has reached, for error messages.
    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    /// The next event, or nil at the end of the document.
    func next() throws -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            return .end(name: name)
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return nil }
            guard status == 1 else { throw failure() }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = self.name(xmlTextReaderConstLocalName(reader))
                var attributes: [String: String] = [:]
                if xmlTextReaderHasAttributes(reader) == 1 {
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        attributes[self.name(xmlTextReaderConstLocalName(reader))] = text(xmlTextReaderConstValue(reader))
                    }
                    xmlTextReaderMoveToElement(reader)
                }
                if xmlTextReaderIsEmptyElement(reader) == 1 { pendingEnd = name }
                return .start(name: name, attributes: attributes)
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                return .text(text(xmlTextReaderConstValue(reader)))
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                return .end(name: self.name(xmlTextReaderConstLocalName(reader)))
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw ScanReportError("line \(line)", "entity references are not accepted in scanner reports")
            default:
                continue
            }
        }
    }

    private func text(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Element and attribute names: libxml2 interns them in its dictionary, so the same name
    /// comes back at the same address; each is made into a `String` once (checked byte for byte,
    /// in case an address is ever reused for another name).
    private var names: [UnsafeRawPointer: (String, [UInt8])] = [:]

    private func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        if let (name, bytes) = names[UnsafeRawPointer(pointer)], bytes.withUnsafeBufferPointer({ strcmp(pointer, $0.baseAddress!) == 0 }) {
            return name
        }
        let name = String(cString: pointer)
        names[UnsafeRawPointer(pointer)] = (name, Array(name.utf8) + [0])
        return name
    }

    // MARK: Names as numbers, text only where it is used (the OpenVAS reader)

    /// What `step()` reached.
    enum Token {
        case start, text, end
    }

    /// Names as small integers: `known` first, in order (their positions are their numbers), then
    /// each other name as it is met.
    private var numbers: [UnsafeRawPointer: (Int, [UInt8])] = [:]
    private var numbersByName: [String: Int] = [:]
    private(set) var nameCount = 0
    /// Whether the element `step()` gave last is empty (`<a/>`); its end comes at the next step.
    private var pendingEndNumber: Int?
    /// The current element's number (start and end) after `step()`.
    private(set) var number = 0

    func register(_ known: [String]) {
        for name in known where numbersByName[name] == nil {
            numbersByName[name] = nameCount
            nameCount += 1
        }
    }

    private func number(_ pointer: UnsafePointer<xmlChar>?) -> Int {
        guard let pointer else { return -1 }
        if let (number, bytes) = numbers[UnsafeRawPointer(pointer)], bytes.withUnsafeBufferPointer({ strcmp(pointer, $0.baseAddress!) == 0 }) {
            return number
        }
        let name = String(cString: pointer)
        let number: Int
        if let known = numbersByName[name] {
            number = known
        } else {
            number = nameCount
            numbersByName[name] = number
            nameCount += 1
        }
        numbers[UnsafeRawPointer(pointer)] = (number, Array(name.utf8) + [0])
        return number
    }

    /// The next start tag, text or end tag, or nil at the end of the document; for a start or an
    /// end, `number` names the element; for text, `textPointer` gives it until the next step.
    func step() throws -> Token? {
        if let pending = pendingEndNumber {
            pendingEndNumber = nil
            number = pending
            return .end
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return nil }
            guard status == 1 else { throw failure() }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                number = number(xmlTextReaderConstLocalName(reader))
                if xmlTextReaderIsEmptyElement(reader) == 1 { pendingEndNumber = number }
                return .start
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                return .text
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                number = number(xmlTextReaderConstLocalName(reader))
                return .end
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw ScanReportError("line \(line)", "entity references are not accepted in scanner reports")
            default:
                continue
            }
        }
    }

    /// The current text node's bytes (after `step()` gave `.text`), NUL-terminated.
    var textPointer: UnsafePointer<xmlChar>? { xmlTextReaderConstValue(reader) }

    /// An attribute of the current start tag (after `step()` gave `.start`).
    func attribute(_ name: String) -> String? {
        guard xmlTextReaderMoveToAttribute(reader, name) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return text(xmlTextReaderConstValue(reader))
    }

    private func failure() -> ScanReportError {
        if let (line, message) = errors.first {
            return ScanReportError("line \(line)", "not well-formed XML: \(message)")
        }
        return ScanReportError("line \(line)", "not well-formed XML (the file may be truncated)")
    }

    private final class ErrorBox {
        var first: (Int, String)?
    }
}

/// The part of an XML file before its first element, checked byte by byte before libxml2 reads
/// it: an XML declaration, comments, processing instructions and a document type line without an
/// internal subset are accepted; `<!DOCTYPE x [ … ]>` (where entities are declared) and
/// `<!ENTITY` are refused.
enum XMLProlog {
    /// A prolog longer than this is not a scanner report's.
    static let limit = 64 * 1024

    static func check(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScanReportError("", "the file cannot be opened") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: limit)) ?? Data()
        try check(Array(head))
    }

    static func check(_ bytes: [UInt8]) throws {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ScanReportError("", "UTF-16 reports are not accepted: save the report as UTF-8")
        }
        func starts(_ text: String) -> Bool { bytes[index...].starts(with: Array(text.utf8)) }
        func skip(past end: String) throws {
            let needle = Array(end.utf8)
            while index + needle.count <= bytes.count {
                if bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    index += needle.count
                    return
                }
                index += 1
            }
            throw ScanReportError("", "the XML prolog is too long or never ends")
        }
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case UInt8(ascii: "<"):
                if starts("<?") {
                    try skip(past: "?>")
                } else if starts("<!--") {
                    try skip(past: "-->")
                } else if starts("<!DOCTYPE") {
                    // Up to its end; quoted system and public ids may hold any character.
                    var quote: UInt8?
                    index += 9
                    while index < bytes.count {
                        let byte = bytes[index]
                        if let open = quote {
                            if byte == open { quote = nil }
                        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                            quote = byte
                        } else if byte == UInt8(ascii: "[") {
                            throw ScanReportError("line \(lineNumber(bytes, index))",
                                                  "a document type with declarations (entities) is not accepted in scanner reports")
                        } else if byte == UInt8(ascii: ">") {
                            break
                        }
                        index += 1
                    }
                    guard index < bytes.count else { throw ScanReportError("", "the document type line never ends") }
                    index += 1
                } else if starts("<!") {
                    throw ScanReportError("line \(lineNumber(bytes, index))", "declarations are not accepted in scanner reports")
                } else {
                    return   // the first element
                }
            default:
                throw ScanReportError("line \(lineNumber(bytes, index))", "not an XML document")
            }
        }
        if bytes.count >= limit { throw ScanReportError("", "the XML prolog is too long") }
    }

    private static func lineNumber(_ bytes: [UInt8], _ index: Int) -> Int {
        bytes[..<index].filter { $0 == 0x0A }.count + 1
    }
}

/// Walks a document with an element path and each element's own text (its text children,
/// without those of nested elements), for the report readers.
struct XMLWalker {
    let reader: XMLStreamReader
    /// The open elements, outermost first.
    private(set) var path: [String] = []
    private var texts: [String] = []

    init(path file: String) throws {
        reader = try XMLStreamReader(path: file)
    }

    /// Calls `start` for each start tag and `end` for each end tag with the element's own text.
    /// The path holds the element itself in both.
    mutating func walk(start: (inout XMLWalker, String, [String: String]) throws -> Void,
                       end: (inout XMLWalker, String, String) throws -> Void) throws {
        while let event = try reader.next() {
            switch event {
            case .start(let name, let attributes):
                path.append(name)
                texts.append("")
                try start(&self, name, attributes)
            case .text(let text):
                if !texts.isEmpty { texts[texts.count - 1] += text }
            case .end(let name):
                let text = texts.popLast() ?? ""
                try end(&self, name, text)
                path.removeLast()
            }
        }
    }

    /// Whether the open elements end with `suffix` (`["result", "nvt"]`).
    func within(_ suffix: String...) -> Bool {
        path.count >= suffix.count && path.suffix(suffix.count).elementsEqual(suffix)
    }

    /// The parent of the current element.
    var parent: String? { path.count >= 2 ? path[path.count - 2] : nil }

    var line: Int { reader.line }
}

/// Walks a document like `XMLWalker`, for readers that run over tens of thousands of results:
/// element names are small integers (`known` names first, in order), and an element's own text
/// is collected only when `start` asks for it, as bytes, made into a `String` only on demand.
struct XMLTokenWalker {
    let reader: XMLStreamReader
    /// The open elements' numbers, outermost first.
    private(set) var path: [Int] = []
    /// For each open element, where its text starts in `buffer`, or -1 when it is not collected.
    private var starts: [Int] = []
    private var buffer: [UInt8] = []
    /// The current element's text, valid in `end`.
    private var textRange: Range<Int> = 0..<0

    init(path file: String, known: [String]) throws {
        reader = try XMLStreamReader(path: file)
        reader.register(known)
        path.reserveCapacity(32)
        starts.reserveCapacity(32)
        buffer.reserveCapacity(1 << 16)
    }

    /// Calls `start` for each start tag (which answers whether the element's own text is wanted)
    /// and `end` for each end tag. The path holds the element itself in both.
    mutating func walk(start: (inout XMLTokenWalker, Int) throws -> Bool, end: (inout XMLTokenWalker, Int) throws -> Void) throws {
        while let token = try reader.step() {
            switch token {
            case .start:
                let number = reader.number
                path.append(number)
                starts.append(-1)
                if try start(&self, number) { starts[starts.count - 1] = buffer.count }
            case .text:
                guard let last = starts.last, last >= 0, let pointer = reader.textPointer else { continue }
                let count = strlen(pointer)
                buffer.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
            case .end:
                let number = reader.number
                let begin = starts.popLast() ?? -1
                textRange = begin >= 0 ? begin..<buffer.count : 0..<0
                try end(&self, number)
                if begin >= 0 { buffer.removeSubrange(begin...) }
                path.removeLast()
            }
        }
    }

    /// The ended element's own text, as it is.
    var text: String {
        buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[textRange]), as: UTF8.self) }
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
    func attribute(_ name: String) -> String? { reader.attribute(name) }

    /// Whether the open elements end with `suffix`.
    func within(_ suffix: Int...) -> Bool {
        path.count >= suffix.count && path.suffix(suffix.count).elementsEqual(suffix)
    }

    /// The parent of the current element, -1 at the root.
    var parent: Int { path.count >= 2 ? path[path.count - 2] : -1 }

    var line: Int { reader.line }
}
