import Foundation

/// The indicator types of an incident (glossary: dấu hiệu tấn công, IOC).
public enum IndicatorType: String, CaseIterable, Codable, Sendable {
    case ipv4
    case ipv6
    case domain
    case url
    case md5
    case sha1
    case sha256
    case email
    case filename
}

public struct Indicator: Hashable, Codable, Sendable {
    public let type: IndicatorType
    public let value: String

    public init(type: IndicatorType, value: String) {
        self.type = type
        self.value = value
    }
}

/// Validates typed indicators and finds them in pasted text (reports, e-mails, logs), including
/// defanged forms (`hxxp://`, `example[.]com`, `a[@]b.vn`), which it refangs. Domains, e-mail
/// addresses and hashes are lower-cased. Phone numbers, version numbers and invalid addresses are
/// not taken for indicators. Hand-written because no listed package extracts IOCs.
public enum IndicatorExtractor {
    /// File extensions that make a dotted name a file rather than a domain (not `.com`: as a top-level
    /// domain it is far more common than DOS executables).
    static let fileExtensions: Set<String> = [
        "exe", "dll", "sys", "scr", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "hta", "lnk",
        "msi", "jar", "apk", "elf", "so", "sh", "py", "pl", "php", "asp", "aspx", "jsp", "doc", "docx", "docm", "xls",
        "xlsx", "xlsm", "ppt", "pptx", "pptm", "rtf", "pdf", "zip", "rar", "7z", "gz", "tar", "iso", "img", "txt",
        "log", "dat", "bin", "tmp", "html", "htm", "chm", "one", "cab",
    ]

    // MARK: Validation of one typed value

    /// The canonical form of `value` as an indicator of `type`, or nil when it is not one.
    public static func normalise(_ raw: String, as type: IndicatorType) -> String? {
        let value = refang(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        switch type {
        case .ipv4: return isIPv4(value) ? value : nil
        case .ipv6: return isIPv6(value) ? value.lowercased() : nil
        case .domain: return isDomain(value.lowercased()) ? value.lowercased().trimmingSuffix(".") : nil
        case .url: return normaliseURL(value)
        case .md5: return isHex(value, length: 32) ? value.lowercased() : nil
        case .sha1: return isHex(value, length: 40) ? value.lowercased() : nil
        case .sha256: return isHex(value, length: 64) ? value.lowercased() : nil
        case .email: return isEmail(value.lowercased()) ? value.lowercased() : nil
        case .filename: return isFilename(value) ? value : nil
        }
    }

    // MARK: Extraction from free text

    public static func extract(from text: String, limit: Int = 10_000) -> [Indicator] {
        var found: [Indicator] = []
        var seen = Set<Indicator>()
        func add(_ type: IndicatorType, _ value: String) {
            let indicator = Indicator(type: type, value: value)
            guard found.count < limit, seen.insert(indicator).inserted else { return }
            found.append(indicator)
        }
        var rest = refang(text)

        // URLs first; their text is then removed so that their host is not listed again as a domain.
        for match in rest.matches(of: /(?i)\b(?:https?|ftp):\/\/[^\s<>"'`{}|\\^]+/) {
            if let url = normaliseURL(String(match.output)) { add(.url, url) }
        }
        rest = rest.replacing(/(?i)\b(?:https?|ftp):\/\/[^\s<>"'`{}|\\^]+/, with: " ")

        for match in rest.matches(of: /(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}\b/) {
            let value = String(match.output).lowercased()
            if isEmail(value) { add(.email, value) }
        }
        rest = rest.replacing(/(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}\b/, with: " ")

        for match in Pattern.hashes.matches(in: rest) {
            let value = match.lowercased()
            switch value.count {
            case 32: add(.md5, value)
            case 40: add(.sha1, value)
            case 64: add(.sha256, value)
            default: break
            }
        }

        // IPv4: four dotted octets not inside a longer dotted number (a version like 1.2.3.4.5).
        for match in Pattern.ipv4.matches(in: rest) {
            let value = match
            if isIPv4(value) { add(.ipv4, value) }
        }

        // IPv6: runs of hex groups and colons, checked by the parser.
        for match in Pattern.ipv6.matches(in: rest) {
            let value = match
            if isIPv6(value) { add(.ipv6, value.lowercased()) }
        }

        // Dotted names: a file when the last label is a known file extension, else a domain.
        for match in Pattern.dottedName.matches(in: rest) {
            var value = match
            while value.hasSuffix(".") { value.removeLast() }
            let last = value.split(separator: ".").last.map { $0.lowercased() } ?? ""
            if fileExtensions.contains(last) {
                if isFilename(value) { add(.filename, value) }
            } else if isDomain(value.lowercased()) {
                add(.domain, value.lowercased())
            }
        }
        return found
    }

    /// Patterns that need look-behind, which Swift's own regular expressions do not support yet;
    /// NSRegularExpression (ICU) does.
    struct Pattern: @unchecked Sendable {
        let regex: NSRegularExpression

        init(_ pattern: String) {
            regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        }

        func matches(in text: String) -> [String] {
            let range = NSRange(text.startIndex..., in: text)
            return regex.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        }

        static let hashes = Pattern("(?<![0-9a-f])[0-9a-f]{32,64}(?![0-9a-f])")
        static let ipv4 = Pattern("(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9]|\\.[0-9])")
        static let ipv6 = Pattern("(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|(?:[0-9]{1,3}\\.){3}[0-9]{1,3})(?![0-9a-f:])")
        static let dottedName = Pattern("(?<![a-z0-9_.@-])[a-z0-9_-][a-z0-9_.-]*\\.[a-z0-9]{1,10}(?![a-z0-9_-])")
    }

    // MARK: Refanging

    public static func refang(_ text: String) -> String {
        var text = text
        text = text.replacing(/(?i)\bhxxp(s?)(?=(?:\[:\]|:)\/\/)/) { "http" + $0.1 }
        text = text.replacing(/(?i)\bfxp(?=(?:\[:\]|:)\/\/)/, with: "ftp")
        text = text.replacing(/\[:\]\/\//, with: "://")
        text = text.replacing(/(?i)\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/, with: ".")
        text = text.replacing(/(?i)\[@\]|\(@\)|\[at\]|\(at\)/, with: "@")
        return text
    }

    // MARK: Validators

    static func isIPv4(_ value: String) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let number = Int(part), number <= 255 else { return false }
            return part.count == 1 || part.first != "0"
        }
    }

    static func isIPv6(_ value: String) -> Bool {
        guard value.contains(":"), value.count <= 45 else { return false }
        var text = Substring(value)
        var groupsNeeded = 8
        if let last = text.split(separator: ":", omittingEmptySubsequences: false).last, last.contains(".") {
            guard isIPv4(String(last)) else { return false }
            groupsNeeded = 6
            text = text.dropLast(last.count)
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: String) -> [Substring]? {
            if part.isEmpty { return [] }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }) else { return nil }
            return pieces
        }
        guard let head = groups(halves[0]) else { return false }
        if halves.count == 1 { return head.count == groupsNeeded }
        guard let tail = groups(halves[1]) else { return false }
        return head.count + tail.count < groupsNeeded
    }

    static func isDomain(_ value: String) -> Bool {
        let value = value.trimmingSuffix(".")
        guard value.count <= 253 else { return false }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, (2...63).contains(tld.count), tld.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count), !parts[0].hasPrefix("."), !parts[0].hasSuffix("."),
              parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) })
        else { return false }
        return isDomain(String(parts[1]))
    }

    static func isHex(_ value: String, length: Int) -> Bool {
        value.count == length && value.allSatisfy(\.isHexDigit)
    }

    static func isFilename(_ value: String) -> Bool {
        guard (1...255).contains(value.count), !value.contains("/"), !value.contains("\\"), value != ".", value != "..",
              !value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) })
        else { return false }
        return true
    }

    static func normaliseURL(_ raw: String) -> String? {
        var value = raw
        // Sentence punctuation after a URL is not part of it; a closing bracket is, when balanced.
        // The brackets are counted once: counting them again for each character dropped made a URL
        // ending in thousands of `)` take minutes (found by fuzzing, Tests/fuzz/regressions/indicators).
        let opening = value.filter { $0 == "(" }.count
        var closing = value.filter { $0 == ")" }.count
        while let last = value.last, ".,;:!?'\"".contains(last) || (last == ")" && opening < closing) {
            if last == ")" { closing -= 1 }
            value.removeLast()
        }
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
              ["http", "https", "ftp"].contains(scheme), let host = components.host?.lowercased(), !host.isEmpty,
              isDomain(host) || isIPv4(host) || isIPv6(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))
        else { return nil }
        // Scheme and host are case-insensitive; the rest is kept as written.
        guard let schemeEnd = value.range(of: "://") else { return nil }
        let afterScheme = value[schemeEnd.upperBound...]
        let hostEnd = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
        return scheme + "://" + afterScheme[..<hostEnd].lowercased() + afterScheme[hostEnd...]
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var value = self
        while value.hasSuffix(suffix) { value.removeLast(suffix.count) }
        return value
    }
}
