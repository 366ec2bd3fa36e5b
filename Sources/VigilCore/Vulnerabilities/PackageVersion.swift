/// A software version as inventories report it, ordered so that the authorities' version ranges can
/// be checked against Debian and RPM packages, Windows programs and upstream releases alike.
///
/// Written here because no library on our list compares versions; the rules follow dpkg's
/// (digits compare as numbers, `~` sorts before everything, even the end) with three additions that
/// advisories need:
/// - `[epoch:]upstream[-revision]`: a package's epoch and revision (`1:9.2p1-2+deb12u3`,
///   `3.0.7-27.el9`) are compared only when the other side names them too, so `2.4.57-2` counts as
///   upstream 2.4.57 for "≤ 2.4.57" (advisories name upstream versions);
/// - missing numbers are zeros (`1.0` equals `1.0.0`);
/// - the pre-release words (`alpha`, `beta`, `rc`, `pre`, `preview`, `dev`, `snapshot`) sort
///   before the release, while other letters are later releases (OpenSSL's `1.1.1w`, OpenSSH's
///   `9.3p1`).
public struct PackageVersion: Comparable, CustomStringConvertible, Sendable {
    public let text: String
    /// Nil when the version names no epoch; like the revision, compared only when both name one.
    let epoch: Int?
    let upstream: [Part]
    /// Nil when the version names no package revision.
    let revision: [Part]?

    enum Part: Hashable, Sendable {
        case number(UInt64)
        /// A pre-release marker: `~` or one of the words; before the end of the version.
        case pre(String)
        /// Other letters: after the end of the version.
        case word(String)
    }

    static let preReleaseWords: Set<String> = ["alpha", "beta", "rc", "pre", "preview", "dev", "snapshot"]

    /// Nil for text that holds no digit at all (`latest`, an empty field): such a version cannot be
    /// placed in a range.
    public init?(_ raw: String) {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.first == "v" || text.first == "V", text.dropFirst().first?.isNumber == true { text.removeFirst() }
        guard !text.isEmpty, text.count <= 200, text.contains(where: \.isNumber) else { return nil }
        self.text = text
        var rest = Substring(text)
        var epoch: Int?
        if let colon = rest.firstIndex(of: ":"), let value = Int(rest[..<colon]), value >= 0 {
            epoch = value
            rest = rest[rest.index(after: colon)...]
        }
        self.epoch = epoch
        // The revision is what follows the last hyphen when it starts with a digit; `1.0.0-rc1`
        // keeps its pre-release in the upstream part.
        if let hyphen = rest.lastIndex(of: "-"), rest[rest.index(after: hyphen)...].first?.isNumber == true,
           rest[..<hyphen].contains(where: \.isNumber) {
            upstream = Self.parts(rest[..<hyphen])
            revision = Self.parts(rest[rest.index(after: hyphen)...])
        } else {
            upstream = Self.parts(rest)
            revision = nil
        }
    }

    public var description: String { text }

    static func parts(_ text: Substring) -> [Part] {
        var parts: [Part] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isASCII, character.isNumber {
                var end = index
                while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
                let digits = text[index..<end].drop { $0 == "0" }
                parts.append(.number(UInt64(digits.prefix(18)) ?? 0))
                index = end
            } else if character.isLetter {
                var end = index
                while end < text.endIndex, text[end].isLetter { end = text.index(after: end) }
                let word = text[index..<end].lowercased()
                parts.append(preReleaseWords.contains(word) ? .pre(word) : .word(word))
                index = end
            } else {
                if character == "~" { parts.append(.pre("~")) }
                index = text.index(after: index)
            }
        }
        return parts
    }

    /// -1, 0 or 1.
    static func compare(_ left: [Part], _ right: [Part]) -> Int {
        var index = 0
        while index < max(left.count, right.count) {
            let l = index < left.count ? left[index] : nil
            let r = index < right.count ? right[index] : nil
            let order = compare(l, r)
            if order != 0 { return order }
            index += 1
        }
        return 0
    }

    private static func compare(_ left: Part?, _ right: Part?) -> Int {
        func rank(_ part: Part?) -> Int {
            switch part {
            case .pre: 0
            case nil, .number(0): 1
            case .number: 2
            case .word: 3
            }
        }
        switch (left, right) {
        case let (.number(a)?, .number(b)?): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.pre(a)?, .pre(b)?):
            if a == b { return 0 }
            // `~` before every word; then alphabetical (alpha < beta < dev < pre < rc).
            if a == "~" { return -1 }
            if b == "~" { return 1 }
            return a < b ? -1 : 1
        case let (.word(a)?, .word(b)?): return a == b ? 0 : (a < b ? -1 : 1)
        default:
            let (a, b) = (rank(left), rank(right))
            return a == b ? 0 : (a < b ? -1 : 1)
        }
    }

    /// Orders two versions; the revisions count only when both name one.
    public static func order(_ left: PackageVersion, _ right: PackageVersion) -> Int {
        if let a = left.epoch, let b = right.epoch, a != b { return a < b ? -1 : 1 }
        let upstream = compare(left.upstream, right.upstream)
        if upstream != 0 { return upstream }
        guard let a = left.revision, let b = right.revision else { return 0 }
        return compare(a, b)
    }

    public static func < (left: PackageVersion, right: PackageVersion) -> Bool { order(left, right) < 0 }
    public static func == (left: PackageVersion, right: PackageVersion) -> Bool { order(left, right) == 0 }
}
