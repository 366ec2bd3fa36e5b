/// One SMTP reply (RFC 5321 4.2): a three-digit code and its lines; a multi-line reply's lines
/// but the last have a hyphen after the code (`250-STARTTLS`), the last a space (`250 OK`).
public struct SMTPReply: Sendable, Equatable {
    public let code: Int
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200...399).contains(code) }
    /// The text of all lines, for an error's detail.
    public var text: String { lines.joined(separator: " ") }

    /// The extensions an EHLO reply names, upper-cased (`STARTTLS`, `AUTH PLAIN LOGIN`), the
    /// greeting line left out.
    public var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    /// Collects reply lines until one ends the reply.
    public struct Reader: Sendable {
        var code: Int?
        var lines: [String] = []

        public init() {}

        public enum Problem: Error, Equatable, Sendable { case malformed(String) }

        /// Takes one line (without its CRLF); answers the reply when the line ends it.
        public mutating func take(_ line: String) throws -> SMTPReply? {
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let number = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(number),
                  bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
            else { throw Problem.malformed(String(line.prefix(80))) }
            if let code, code != number { throw Problem.malformed(String(line.prefix(80))) }
            code = number
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") else { return nil }
            defer { self = Reader() }
            return SMTPReply(code: number, lines: lines)
        }
    }
}
