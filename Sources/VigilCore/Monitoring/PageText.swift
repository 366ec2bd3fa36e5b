import Foundation

/// Text made comparable the way the defacement check needs it.
public enum PageText {
    /// Lower case, Vietnamese diacritics and full-width forms folded, invisible characters removed,
    /// letters of other scripts that look Latin made Latin (Cyrillic "а", Greek "ο"…), white space
    /// collapsed: "Ηасkеd  bу" and "hacked by" are one text.
    ///
    /// Written per character rather than with `SearchText.fold` (Foundation's folding), which the
    /// check called for every block of a page and was most of a comparison's time; letters with
    /// diacritics are folded by a table made once with `SearchText.fold`, so both agree.
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        func append(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                if !lastWasSpace { scalars.append(" ") }
                lastWasSpace = true
                return
            }
            lastWasSpace = false
            if let latin = lookalikes[scalar.value] { scalars.append(latin) } else { scalars.append(scalar) }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if value >= 0x41 && value <= 0x5A { append(Unicode.Scalar(value + 0x20)!) } else { append(scalar) }
                continue
            }
            if invisible.contains(value) { continue }
            if (0xFF01...0xFF5E).contains(value) {
                // Full-width forms: their ASCII letters and signs.
                let ascii = Unicode.Scalar(value - 0xFEE0)!
                append(ascii.properties.isUppercase ? Unicode.Scalar(ascii.value + 0x20)! : ascii)
                continue
            }
            if let folded = latinFolds[value] {
                for part in folded { append(part) }
                continue
            }
            if value >= 0x0300 && value <= 0x036F { continue } // combining diacritics
            for part in scalar.properties.lowercaseMapping.unicodeScalars { append(part) }
        }
        if scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }

    /// Latin letters with diacritics (Latin-1, Extended-A and B, Vietnamese's Extended Additional),
    /// folded once by `SearchText.fold`.
    static let latinFolds: [UInt32: String.UnicodeScalarView] = {
        var table: [UInt32: String.UnicodeScalarView] = [:]
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for value in range {
                guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
                table[UInt32(value)] = SearchText.fold(String(Character(scalar))).unicodeScalars
            }
        }
        return table
    }()

    /// `fold` and then the digits and signs that stand for letters in leetspeak ("h4ck3d", "0wn3d",
    /// "$ecurity") read as those letters, and letters written apart ("h a c k e d") joined.
    public static func unleet(_ folded: String) -> String {
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        for character in folded {
            if let letter = leet[character] { result.append(letter) } else { result.append(character) }
        }
        return joinSpacedLetters(result)
    }

    /// The words of a folded text: letters and digits, everything else a separator.
    public static func words(_ folded: String) -> [Substring] {
        folded.split { !($0.isLetter || $0.isNumber) }
    }

    /// Digits as one "0" and long tokens (ids, nonces) as "#": what changes on every visit compares equal.
    public static func masked(_ folded: String) -> String {
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        for word in folded.split(separator: " ", omittingEmptySubsequences: true) {
            if !result.isEmpty { result.append(" ") }
            if word.count >= 16, word.contains(where: \.isNumber) || word.count >= 24 {
                result.append("#")
                continue
            }
            var lastWasDigit = false
            for character in word {
                if character.isNumber {
                    if !lastWasDigit { result.append("0") }
                    lastWasDigit = true
                } else {
                    result.append(character)
                    lastWasDigit = false
                }
            }
        }
        return result
    }

    /// Whether a word mixes Latin letters with letters of a script that looks like them (a trick to
    /// slip "hacked" past a word filter).
    public static func mixesScripts(_ word: Substring) -> Bool {
        var latin = false, other = false
        for scalar in word.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A: latin = true
            case 0x0370...0x03FF, 0x0400...0x04FF: other = true
            default: break
            }
        }
        return latin && other
    }

    /// Whether the text carries characters that take no space (used to split a word invisibly).
    public static func hasInvisible(_ text: String) -> Bool {
        text.unicodeScalars.contains { invisible.contains($0.value) && $0.value != 0xFEFF }
    }

    static let invisible: Set<UInt32> = [0x00AD, 0x034F, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF]

    /// Cyrillic and Greek letters that look like Latin ones (lower case: the text is folded first).
    static let lookalikes: [UInt32: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            ("а", "a"), ("в", "b"), ("с", "c"), ("ԁ", "d"), ("е", "e"), ("ё", "e"), ("һ", "h"), ("і", "i"), ("ї", "i"), ("ј", "j"),
            ("к", "k"), ("ӏ", "l"), ("м", "m"), ("п", "n"), ("о", "o"), ("р", "p"), ("ԛ", "q"), ("ѕ", "s"), ("т", "t"), ("ц", "u"),
            ("ѵ", "v"), ("ԝ", "w"), ("х", "x"), ("у", "y"), ("ᴢ", "z"), ("н", "h"), ("г", "r"),
            ("α", "a"), ("β", "b"), ("ε", "e"), ("η", "n"), ("ι", "i"), ("κ", "k"), ("ν", "v"), ("ο", "o"), ("ρ", "p"), ("τ", "t"),
            ("υ", "u"), ("χ", "x"), ("γ", "y"), ("ω", "w"), ("ɑ", "a"), ("ɡ", "g"), ("ı", "i"), ("ℓ", "l"),
        ]
        var table: [UInt32: Unicode.Scalar] = [:]
        for (from, to) in pairs { table[from.unicodeScalars.first!.value] = to.unicodeScalars.first! }
        return table
    }()

    static let leet: [Character: Character] = [
        "4": "a", "@": "a", "8": "b", "3": "e", "6": "g", "1": "i", "!": "i", "|": "l", "0": "o", "5": "s", "$": "s", "7": "t", "2": "z",
    ]

    /// "h a c k e d b y" → "hacked by"? Letters written one by one, separated by single spaces or
    /// dots, are joined into one word (runs of three or more).
    static func joinSpacedLetters(_ text: String) -> String {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        var result: [String] = []
        var run: [Substring] = []
        func flush() {
            if run.count >= 3 { result.append(run.joined()) } else { result.append(contentsOf: run.map(String.init)) }
            run.removeAll()
        }
        for part in parts {
            if part.count == 1, part.first!.isLetter { run.append(part) } else { flush(); result.append(String(part)) }
        }
        flush()
        return result.joined(separator: " ")
    }
}

/// A text's UTF-8 bytes, searched for phrases with `memmem`: the check looks for dozens of
/// phrases in a whole page's text, and `String.contains` (through Foundation) was most of its time.
public struct SearchableText: Sendable {
    let bytes: [UInt8]

    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    public func contains(_ phrase: String) -> Bool {
        let needle = Array(phrase.utf8)
        guard let first = needle.first else { return true }
        guard bytes.count >= needle.count else { return false }
        // memchr finds each candidate start, memcmp compares (memmem is not in the C library's
        // portable part).
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { wanted in
                guard let base = haystack.baseAddress, let pattern = wanted.baseAddress else { return false }
                var offset = 0
                let last = haystack.count - wanted.count
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + position, pattern, wanted.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
