import Foundation

/// A plain-text message, rendered as RFC 5322 with MIME (RFC 2045): UTF-8 text in quoted-printable,
/// the subject and names in RFC 2047 encoded words where they are not plain ASCII (Vietnamese
/// subjects always are), CRLF line ends throughout.
public struct MailMessage: Sendable, Equatable {
    public var from: Mailbox
    public var to: MailAddress
    public var subject: String
    public var body: String
    public var date: Date
    /// Without the angle brackets; unique per message (the outbox row's id).
    public var messageID: String

    public init(from: Mailbox, to: MailAddress, subject: String, body: String, date: Date, messageID: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
    }

    /// The message as sent after DATA (before dot-stuffing): headers, a blank line, the body.
    public func rendered() -> String {
        let headers = [
            "Date: \(MailHeader.date(date))",
            "From: \(from.headerValue)",
            "To: <\(to)>",
            "Subject: \(MailHeader.unstructured(subject, offset: "Subject: ".count))",
            "Message-ID: <\(messageID)@\(from.address.domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            // RFC 3834: a machine's message; auto-responders should not answer it.
            "Auto-Submitted: auto-generated",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + QuotedPrintable.encode(body)
    }
}

/// Header values: no line break can get in (each becomes a space), and anything but plain ASCII
/// becomes RFC 2047 encoded words (`=?UTF-8?B?...?=`), folded so that no line passes 78 characters.
public enum MailHeader {
    /// One line of text: control characters (CR, LF, tab ...) become spaces.
    static func flattened(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
    }

    /// Whether the text can stand as it is in a header: printable ASCII, and nothing that reads as
    /// an encoded word.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x20...0x7E).contains($0) } && !text.contains("=?")
    }

    /// An unstructured value (Subject): as it is when plain and short enough, otherwise encoded
    /// words of at most 75 characters each, on folded lines. `offset` is what precedes it on its line.
    public static func unstructured(_ text: String, offset: Int = 0) -> String {
        let text = flattened(text)
        if isPlain(text) && text.count + offset <= 78 { return text }
        if isPlain(text) { return fold(words: text.split(separator: " ").map(String.init), offset: offset) }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// A display name (RFC 5322 phrase): atoms as they are, other ASCII quoted, the rest encoded.
    public static func phrase(_ text: String) -> String {
        let text = flattened(text)
        guard isPlain(text) else { return encodedWords(text).joined(separator: "\r\n ") }
        let atom = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || MailAddress.atextSymbols.contains($0) }
        if atom { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Base64 encoded words of at most 75 characters: 45 bytes of UTF-8 each (60 of base64 plus the
    /// 12 of `=?UTF-8?B?` and `?=`), never splitting a character (a letter with its marks stays whole).
    public static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// Plain words folded onto lines of at most 78 characters.
    static func fold(words: [String], offset: Int) -> String {
        var lines: [String] = []
        var line = ""
        var width = offset
        for word in words {
            if line.isEmpty {
                line = word
                width += word.count
            } else if width + 1 + word.count > 78 {
                lines.append(line)
                line = word
                width = 1 + word.count
            } else {
                line += " " + word
                width += 1 + word.count
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n ")
    }

    /// RFC 5322's date-time, in UTC: `Tue, 01 Jul 2025 03:00:00 +0000`.
    public static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// Quoted-printable (RFC 2045 6.7) for UTF-8 text: printable ASCII stays readable, everything else
/// is `=XX`, a space or tab before a line end is encoded, lines are cut at 76 characters with soft
/// breaks, and line ends are CRLF whatever the text had.
public enum QuotedPrintable {
    public static func encode(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalised.split(separator: "\n", omittingEmptySubsequences: false).map { encodeLine(Array($0.utf8)) }
            .joined(separator: "\r\n")
    }

    static func encodeLine(_ bytes: [UInt8]) -> String {
        var out = ""
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            let last = index == bytes.count - 1
            let piece: String
            if (byte == 0x20 || byte == 0x09) && !last {
                piece = String(UnicodeScalar(byte))
            } else if (0x21...0x7E).contains(byte) && byte != 0x3D {
                piece = String(UnicodeScalar(byte))
            } else {
                piece = "=" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            // 75 characters and the soft break's `=` make 76.
            if lineLength + piece.count > 75 {
                out += "=\r\n"
                lineLength = 0
            }
            out += piece
            lineLength += piece.count
        }
        return out
    }

    /// Decodes what `encode` makes (for tests and the test server): soft breaks removed, `=XX` read.
    public static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == 0x3D, index + 2 < input.count,
               let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// SMTP's DATA transparency (RFC 5321 4.5.2): a line that starts with a dot gets another, so that
/// no line of the message reads as the end of data; the data ends with CRLF, a dot and CRLF.
public enum SMTPData {
    public static func stuffed(_ message: String) -> String {
        let lines = message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return lines.joined(separator: "\r\n") + "\r\n.\r\n"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
