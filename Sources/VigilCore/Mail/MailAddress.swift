import Foundation

/// An e-mail address as Vigil sends to it: `local@domain` (RFC 5321's mailbox), ASCII only, with
/// nothing that could end a header or an SMTP command (line breaks, angle brackets, spaces). Vigil
/// does not speak SMTPUTF8, so an address with Vietnamese letters is refused rather than mangled.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let local: String
    /// Lower-cased: domains are case-insensitive.
    public let domain: String

    public enum Problem: Error, Equatable, Sendable {
        case empty, tooLong, missingAt, badLocalPart, badDomain, notASCII
    }

    /// Characters allowed in an unquoted local part (RFC 5322's atext) besides letters and digits.
    static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~")

    public init(_ raw: String) throws {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw Problem.empty }
        guard text.allSatisfy({ $0.isASCII }) else { throw Problem.notASCII }
        guard text.utf8.count <= 254 else { throw Problem.tooLong }
        guard let at = text.lastIndex(of: "@") else { throw Problem.missingAt }
        let local = String(text[..<at]), domain = String(text[text.index(after: at)...]).lowercased()
        // Dot-atoms only: no quoted local parts (nobody in an agency has one, and each is a way to
        // smuggle spaces or brackets into a command).
        guard (1...64).contains(local.utf8.count), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
              local.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || Self.atextSymbols.contains($0) })
        else { throw Problem.badLocalPart }
        guard Self.isHostName(domain), domain.contains(".") else { throw Problem.badDomain }
        self.local = local
        self.domain = domain
    }

    /// A host name: labels of letters, digits and hyphens (not first or last), 1–63 each, 253 in all.
    public static func isHostName(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count) else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    public var description: String { "\(local)@\(domain)" }
}

/// A mailbox with its display name, as in `From: "Vigil Sở TT&TT" <vigil@example.gov.vn>`.
public struct Mailbox: Sendable, Hashable {
    public let address: MailAddress
    public let name: String?

    public init(_ address: MailAddress, name: String? = nil) {
        self.address = address
        let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.name = trimmed?.isEmpty == false ? trimmed : nil
    }

    /// The header value: the name as an encoded word when it is not plain ASCII, quoted otherwise.
    public var headerValue: String {
        guard let name else { return "<\(address)>" }
        return "\(MailHeader.phrase(name)) <\(address)>"
    }
}
