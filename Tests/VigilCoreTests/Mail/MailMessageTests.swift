import Foundation
import Testing
@testable import VigilCore

@Suite("Mail: addresses, headers, quoted-printable, dot-stuffing")
struct MailMessageTests {
    @Test("addresses Vigil sends to", arguments: [
        ("dau-moi@soxaydung.gov.vn", "dau-moi@soxaydung.gov.vn"),
        ("  Nguyen.Van.A+vigil@Example.GOV.vn ", "Nguyen.Van.A+vigil@example.gov.vn"),
        ("o'brien@mail.example.com", "o'brien@mail.example.com"),
    ])
    func validAddresses(raw: String, expected: String) throws {
        #expect(try MailAddress(raw).description == expected)
    }

    @Test("addresses refused, with the reason", arguments: [
        ("", MailAddress.Problem.empty),
        ("no-at.example.com", .missingAt),
        ("@example.com", .badLocalPart),
        (".a@example.com", .badLocalPart),
        ("a..b@example.com", .badLocalPart),
        ("a b@example.com", .badLocalPart),
        ("a@localhost", .badDomain),
        ("a@-bad.example.com", .badDomain),
        ("a@example..com", .badDomain),
        ("a@exa_mple.com", .badDomain),
        ("<a@example.com>", .badLocalPart),
        ("a@example.com>\r\nRCPT TO:<b@example.com", .badLocalPart),
        ("nguyễn@example.com", .notASCII),
        ("a@bộ.gov.vn", .notASCII),
    ])
    func invalidAddresses(raw: String, problem: MailAddress.Problem) {
        #expect(throws: problem) { try MailAddress(raw) }
    }

    /// The text inside encoded words, decoded and joined.
    static func decodeWords(_ header: String) -> String {
        let words = header.replacingOccurrences(of: "\r\n ", with: " ").split(separator: " ")
        return words.map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let payload = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(payload))!, as: UTF8.self)
        }.joined()
    }

    @Test("a Vietnamese subject becomes encoded words of at most 75 characters, on lines of at most 78, that decode to it")
    func vietnameseSubject() {
        let subject = "Sự cố mới HTTT-2026-0001: Trang thông tin điện tử của Sở Xây dựng bị thay đổi giao diện, nghi tấn công"
        let header = MailHeader.unstructured(subject, offset: 9)
        let words = header.replacingOccurrences(of: "\r\n ", with: " ").split(separator: " ")
        #expect(words.count > 2)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") })
        #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(Self.decodeWords(header) == subject)
    }

    @Test("a short ASCII subject stays as it is; a long one is folded; =? is encoded")
    func asciiSubjects() {
        #expect(MailHeader.unstructured("Vigil test", offset: 9) == "Vigil test")
        let long = String(repeating: "word ", count: 30).trimmingCharacters(in: .whitespaces)
        let folded = MailHeader.unstructured(long, offset: 9)
        #expect(folded.contains("\r\n "))
        #expect(folded.replacingOccurrences(of: "\r\n ", with: " ") == long)
        #expect(MailHeader.unstructured("=?UTF-8?B?x?=", offset: 9).hasPrefix("=?UTF-8?B?"))
    }

    @Test("no line break gets into a header: it cannot add headers")
    func headerInjection() {
        let header = MailHeader.unstructured("Hello\r\nBcc: victim@example.com", offset: 9)
        #expect(!header.contains("\r\nBcc"))
        #expect(!MailHeader.phrase("Vigil\r\nBcc: x@example.com").contains("\r\nBcc"))
    }

    @Test("display names: atoms as they are, specials quoted, Vietnamese encoded")
    func displayNames() throws {
        let address = try MailAddress("vigil@example.gov.vn")
        #expect(Mailbox(address, name: "Vigil").headerValue == "Vigil <vigil@example.gov.vn>")
        #expect(Mailbox(address, name: "Vigil, \"STTTT\"").headerValue == "\"Vigil, \\\"STTTT\\\"\" <vigil@example.gov.vn>")
        let encoded = Mailbox(address, name: "Sở Thông tin và Truyền thông").headerValue
        #expect(encoded.hasPrefix("=?UTF-8?B?") && encoded.hasSuffix(" <vigil@example.gov.vn>"))
        #expect(Mailbox(address, name: "  ").headerValue == "<vigil@example.gov.vn>")
    }

    @Test("quoted-printable: UTF-8 as =XX, = encoded, a space before a line end encoded, lines of at most 76, CRLF")
    func quotedPrintable() {
        let text = "Sự cố mới: máy chủ web\nGiá trị a=b \n" + String(repeating: "ừ", count: 40) + "\r\nend"
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded.contains("S=E1=BB=B1 c=E1=BB=91"))
        #expect(encoded.contains("a=3Db=20\r\n"))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
        #expect(!encoded.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(QuotedPrintable.decode(encoded) == text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("dot-stuffing: a line that starts with a dot gets another; the data ends with CRLF . CRLF")
    func dotStuffing() {
        let stuffed = SMTPData.stuffed("first\n.\n..two\nlast")
        #expect(stuffed == "first\r\n..\r\n...two\r\nlast\r\n.\r\n")
    }

    @Test("a rendered message: headers, MIME, CRLF, the body in quoted-printable")
    func rendered() throws {
        let message = MailMessage(from: Mailbox(try MailAddress("vigil@example.gov.vn"), name: "Vigil"), to: try MailAddress("a@example.gov.vn"),
                                  subject: "Cảnh báo", body: "Nội dung\n.chấm", date: Date(timeIntervalSince1970: 1_751_338_800),
                                  messageID: "0190-abc")
        let text = message.rendered()
        let (head, body) = try #require(text.components(separatedBy: "\r\n\r\n").splitFirst())
        #expect(head.contains("Date: Tue, 01 Jul 2025 03:00:00 +0000"))
        #expect(head.contains("From: Vigil <vigil@example.gov.vn>\r\nTo: <a@example.gov.vn>\r\n"))
        #expect(head.contains("Subject: =?UTF-8?B?"))
        #expect(head.contains("Message-ID: <0190-abc@example.gov.vn>"))
        #expect(head.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"))
        #expect(QuotedPrintable.decode(body) == "Nội dung\r\n.chấm")
        #expect(SMTPData.stuffed(text).contains("\r\n..ch"))
    }
}

extension Array {
    /// The first element and the rest joined again (for splitting a message at its blank line).
    fileprivate func splitFirst() -> (String, String)? where Element == String {
        guard let first else { return nil }
        return (first, dropFirst().joined(separator: "\r\n\r\n"))
    }
}
