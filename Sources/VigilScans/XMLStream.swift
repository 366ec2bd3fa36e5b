import CLibXML2
import Foundation
import VigilCore

/// Reads an XML document as a stream of start tags, text and end tags with libxml2's push parser
/// and SAX2 callbacks, fed the file in pieces, so that memory stays bounded whatever its size.
/// (libxml2's `xmlTextReader`, used before, builds a node for every element and took twice as
/// long on a 100 MB report; the callbacks build nothing.)
///
/// Hostile documents are refused:
/// - a document type with an internal subset (where entities are declared: external entities,
///   "billion laughs") is refused by `XMLProlog` before libxml2 reads anything, and an entity
///   declaration libxml2 met anyway stops the parse;
/// - no DTD is loaded (no external-subset callback), nothing is fetched from the network
///   (`XML_PARSE_NONET`), no entity but the five predefined ones exists (the entity lookup
///   callback answers none), and an entity reference met anyway is an error.
/// A plain `<!DOCTYPE nmaprun>` line, as every Nmap report has, is normal and accepted.
final class XMLSAXParser {
    /// The attributes of a start tag, as libxml2 gives them: five pointers each (local name,
    /// prefix, namespace, value, end of value). Valid only during the start callback.
    struct Attributes {
        let pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        let count: Int

        func value(_ name: String) -> String? {
            guard let pointer else { return nil }
            return name.withCString { wanted in
                for index in 0..<count {
                    let base = pointer + index * 5
                    guard let local = base[0], strcmp(UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self), wanted) == 0 else { continue }
                    return Self.text(base[3], base[4])
                }
                return nil
            }
        }

        /// Every attribute by local name (the first of a name wins).
        var all: [String: String] {
            guard let pointer else { return [:] }
            var attributes: [String: String] = [:]
            for index in 0..<count {
                let base = pointer + index * 5
                guard let local = base[0] else { continue }
                let name = String(cString: local)
                if attributes[name] == nil { attributes[name] = Self.text(base[3], base[4]) }
            }
            return attributes
        }

        private static func text(_ start: UnsafePointer<xmlChar>?, _ end: UnsafePointer<xmlChar>?) -> String {
            guard let start, let end, end > start else { return "" }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
    }

    /// What the callbacks call, for the time of `parse`.
    private final class Context {
        let start: (UnsafePointer<xmlChar>, Attributes) throws -> Void
        let characters: (UnsafePointer<xmlChar>, Int) throws -> Void
        let end: (UnsafePointer<xmlChar>) throws -> Void
        var parser: xmlParserCtxtPtr?
        /// The first error thrown by a callback, or met by libxml2 (with its line).
        var thrown: (any Error)?
        var firstError: (line: Int, message: String, code: Int32)?
        /// Elements open: at the end of the file, more than none means it was cut short.
        var depth = 0

        init(start: @escaping (UnsafePointer<xmlChar>, Attributes) throws -> Void, characters: @escaping (UnsafePointer<xmlChar>, Int) throws -> Void,
             end: @escaping (UnsafePointer<xmlChar>) throws -> Void) {
            (self.start, self.characters, self.end) = (start, characters, end)
        }

        var line: Int { parser.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }

        /// Stops the parse with this error (the first one wins).
        func fail(_ error: any Error) {
            if thrown == nil { thrown = error }
            if let parser { xmlStopParser(parser) }
        }

        static func from(_ pointer: UnsafeMutableRawPointer?) -> Context {
            Unmanaged<Context>.fromOpaque(pointer!).takeUnretainedValue()
        }

        static func borrowing(_ pointer: UnsafeMutableRawPointer?, _ body: (Context) -> Void) {
            Unmanaged<Context>.fromOpaque(pointer!)._withUnsafeGuaranteedRef(body)
        }
    }

    private static let initialised: Void = { xmlInitParser() }()

    /// Options for libxml2: no network, CDATA as text; the five predefined entities decoded in
    /// attribute values too (`XML_PARSE_NOENT`: without it libxml2 leaves `&#38;` there for its own
    /// tree builder). No other entity can exist: the entity lookup callback answers none, and
    /// without `XML_PARSE_DTDLOAD` and an external-subset callback no DTD is read.
    private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOENT.rawValue)

    /// The longest text an element may hold, as libxml2 allows by default (`XML_MAX_TEXT_LENGTH`):
    /// the callbacks get text in pieces, so the walkers count it themselves, or a hostile report
    /// could fill memory through one element.
    static let textLimit = 10 * 1024 * 1024

    static func textTooLong(_ line: Int) -> ScanReportError {
        ScanReportError(.xmlTextTooLong, line: line)
    }

    /// The file is given to libxml2 in pieces of this size.
    private static let chunk = 256 * 1024

    private static func entityRefused(_ context: Context) {
        context.fail(ScanReportError(.xmlEntity, line: context.line))
    }

    /// The callbacks (made per parse: the C structure is not `Sendable`).
    private static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        // The context is borrowed, not retained, in the three callbacks that run for every
        // element and piece of text (`parse` holds it for the whole parse).
        handler.startElementNs = { user, localname, _, _, _, _, count, _, attributes in
            Context.borrowing(user) { context in
                guard context.thrown == nil, let localname else { return }
                context.depth += 1
                do { try context.start(localname, Attributes(pointer: attributes, count: Int(count))) } catch { context.fail(error) }
            }
        }
        handler.endElementNs = { user, localname, _, _ in
            Context.borrowing(user) { context in
                guard context.thrown == nil, let localname else { return }
                context.depth -= 1
                do { try context.end(localname) } catch { context.fail(error) }
            }
        }
        let characters: charactersSAXFunc = { user, bytes, length in
            Context.borrowing(user) { context in
                guard context.thrown == nil, let bytes, length > 0 else { return }
                do { try context.characters(bytes, Int(length)) } catch { context.fail(error) }
            }
        }
        handler.characters = characters
        handler.ignorableWhitespace = characters
        handler.cdataBlock = characters
        handler.getEntity = { _, _ in nil }
        handler.getParameterEntity = { _, _ in nil }
        handler.reference = { user, _ in XMLSAXParser.entityRefused(XMLSAXParser.Context.from(user)) }
        handler.entityDecl = { user, _, _, _, _, _ in XMLSAXParser.entityRefused(XMLSAXParser.Context.from(user)) }
        handler.unparsedEntityDecl = { user, _, _, _, _ in XMLSAXParser.entityRefused(XMLSAXParser.Context.from(user)) }
        handler.serror = { user, error in
            guard let user, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let context = Context.from(user)
            if context.firstError == nil {
                let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
                context.firstError = (Int(error.pointee.line), message, Int32(error.pointee.code))
            }
        }
        return handler
    }

    private let file: UnsafeMutablePointer<FILE>
    private var context: Context?

    init(path: String) throws {
        _ = Self.initialised
        try XMLProlog.check(path: path)
        guard let file = fopen(path, "rb") else { throw ScanReportError(.cannotOpen) }
        self.file = file
    }

    deinit {
        fclose(file)
    }

    /// The line the parser has reached, for error messages (during `parse`).
    var line: Int { context?.line ?? 0 }

    /// Reads the whole document, calling `start` for each start tag, `characters` for each piece
    /// of text (an element's text may come in several) and `end` for each end tag. The first error
    /// a callback throws stops the parse and is thrown; so is the first XML error, with its line.
    func parse(start: (UnsafePointer<xmlChar>, Attributes) throws -> Void, characters: (UnsafePointer<xmlChar>, Int) throws -> Void,
               end: (UnsafePointer<xmlChar>) throws -> Void) throws {
        try withoutActuallyEscaping(start) { start in
            try withoutActuallyEscaping(characters) { characters in
                try withoutActuallyEscaping(end) { end in
                    let context = Context(start: start, characters: characters, end: end)
                    self.context = context
                    defer { self.context = nil }
                    try run(context)
                }
            }
        }
    }

    private func run(_ context: Context) throws {
        var handler = Self.makeHandler()
        let user = Unmanaged.passUnretained(context).toOpaque()
        guard let parser = xmlCreatePushParserCtxt(&handler, user, nil, 0, nil) else { throw ScanReportError(.xmlUnreadable) }
        defer {
            context.parser = nil
            xmlFreeParserCtxt(parser)
        }
        context.parser = parser
        xmlCtxtUseOptions(parser, Self.options)
        var buffer = [CChar](repeating: 0, count: Self.chunk)
        var status: Int32 = 0
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, Self.chunk, file) }
            if count < Self.chunk && ferror(file) != 0 { throw ScanReportError(.cannotRead) }
            let last = count < Self.chunk
            status = buffer.withUnsafeBufferPointer { xmlParseChunk(parser, $0.baseAddress, Int32(count), last ? 1 : 0) }
            if let thrown = context.thrown { throw thrown }
            if status != 0 || parser.pointee.wellFormed == 0 {
                // The file ended with elements open (and not at a mismatched tag): it was cut short.
                // libxml2's push parser then says "extra content at the end", or names the
                // construct the cut fell in.
                if last && context.depth > 0, context.firstError?.code != Int32(XML_ERR_TAG_NAME_MISMATCH.rawValue) {
                    guard let (line, message, code) = context.firstError, code != Int32(XML_ERR_DOCUMENT_END.rawValue) else {
                        throw ScanReportError(.xmlTruncated, line: context.line)
                    }
                    throw ScanReportError(.xmlTruncated, line: line, detail: message)
                }
                throw failure(context)
            }
            if last { break }
        }
    }

    private func failure(_ context: Context) -> ScanReportError {
        if let (line, message, _) = context.firstError {
            return ScanReportError(.xmlNotWellFormed, line: line, detail: message)
        }
        return ScanReportError(.xmlTruncated, line: context.line)
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
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScanReportError(.cannotOpen) }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: limit)) ?? Data()
        try check(Array(head))
    }

    static func check(_ bytes: [UInt8]) throws {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ScanReportError(.xmlUTF16)
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
            throw ScanReportError(.xmlPrologTooLong)
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
                            throw ScanReportError(.xmlDoctypeDeclarations, line: lineNumber(bytes, index))
                        } else if byte == UInt8(ascii: ">") {
                            break
                        }
                        index += 1
                    }
                    guard index < bytes.count else { throw ScanReportError(.xmlDoctypeUnterminated) }
                    index += 1
                } else if starts("<!") {
                    throw ScanReportError(.xmlDeclarations, line: lineNumber(bytes, index))
                } else {
                    return   // the first element
                }
            default:
                throw ScanReportError(.xmlNotXML, line: lineNumber(bytes, index))
            }
        }
        if bytes.count >= limit { throw ScanReportError(.xmlPrologTooLong) }
    }

    private static func lineNumber(_ bytes: [UInt8], _ index: Int) -> Int {
        bytes[..<index].filter { $0 == 0x0A }.count + 1
    }
}
