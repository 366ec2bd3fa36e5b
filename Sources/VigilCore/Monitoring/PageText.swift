import Foundation

/// Text made comparable the way the defacement check needs it.
///
/// The functions work on UTF-8 bytes, with the ASCII that folded text mostly is taken directly
/// and only other characters decoded: a check runs them over a whole page's text (100,000
/// characters and more) on every fetch, and the standard library's `Character` properties
/// (grapheme breaking, Unicode property lookups) were most of a comparison's time.
public enum PageText {
    /// Lower case, Vietnamese diacritics and full-width forms folded, invisible characters removed,
    /// letters of other scripts that look Latin made Latin (Cyrillic "а", Greek "ο"…), white space
    /// collapsed: "Ηасkеd  bу" and "hacked by" are one text.
    ///
    /// Letters with diacritics are folded by a table made once with `SearchText.fold`
    /// (Foundation's folding), so both agree.
    public static func fold(_ text: String) -> String {
        var text = text
        return text.withUTF8 { fold(bytes: $0) }
    }

    static func fold(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var lastWasSpace = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                if UTF8Scan.isASCIISpace(byte) {
                    if !lastWasSpace { out.append(0x20) }
                    lastWasSpace = true
                } else {
                    out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                    lastWasSpace = false
                }
                continue
            }
            let (value, length) = UTF8Scan.decode(bytes, at: index)
            index += length
            if UTF8Scan.isSpace(value) {
                if !lastWasSpace { out.append(0x20) }
                lastWasSpace = true
                continue
            }
            if let folded = FoldTable.shared.folded(value) {
                if !folded.isEmpty {
                    out.append(contentsOf: folded)
                    lastWasSpace = false
                }
                continue
            }
            // Rare: other scripts' letters and signs, lower-cased, look-alikes made Latin.
            for part in Unicode.Scalar(value).map({ $0.properties.lowercaseMapping.unicodeScalars }) ?? "".unicodeScalars {
                if part.properties.isWhitespace {
                    if !lastWasSpace { out.append(0x20) }
                    lastWasSpace = true
                    continue
                }
                let mapped = lookalikes[part.value] ?? part
                out.append(contentsOf: Array(String(mapped).utf8))
                lastWasSpace = false
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// What `fold` makes of the characters it meets most (Latin letters with diacritics,
    /// Vietnamese's among them, full-width forms, invisible characters, look-alike letters), as
    /// UTF-8 bytes, in flat arrays indexed by code point: no hashing per character.
    struct FoldTable: Sendable {
        static let shared = FoldTable()
        static let ranges: [ClosedRange<UInt32>] = [0x00A1...0x052F, 0x1D00...0x1EFF, 0x2000...0x214F, 0xFE00...0xFF5E]
        /// Per code point: the start of its bytes in `bytes` and their count (0: dropped; `UInt32.max`: not in the table).
        private var starts: [UInt32] = []
        private var counts: [UInt8] = []
        private var offsets: [Int] = []
        private var bytes: [UInt8] = []

        init() {
            var offset = 0
            for range in Self.ranges {
                offsets.append(offset)
                offset += range.count
                for value in range {
                    starts.append(UInt32(bytes.count))
                    guard let folded = Self.fold(value) else {
                        starts[starts.count - 1] = UInt32.max
                        counts.append(0)
                        continue
                    }
                    bytes.append(contentsOf: folded)
                    counts.append(UInt8(folded.count))
                }
            }
        }

        /// The slow path, run once per code point when the table is made.
        static func fold(_ value: UInt32) -> [UInt8]? {
            if PageText.invisible.contains(value) { return [] }
            if (0x0300...0x036F).contains(value) { return [] } // combining diacritics
            guard let scalar = Unicode.Scalar(value), !UTF8Scan.isSpace(value) else { return nil }
            if (0xFF01...0xFF5E).contains(value) {
                // Full-width forms: their ASCII letters and signs.
                let ascii = UInt8(value - 0xFEE0)
                return [ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii]
            }
            let text: String
            if (0x00C0...0x024F).contains(value) || (0x1E00...0x1EFF).contains(value) {
                text = SearchText.fold(String(Character(scalar)))
            } else {
                text = scalar.properties.lowercaseMapping
            }
            var result: [UInt8] = []
            for part in text.unicodeScalars {
                // A table entry stands for letters only; anything else takes the slow path.
                guard !part.properties.isWhitespace else { return nil }
                result.append(contentsOf: Array(String(PageText.lookalikes[part.value] ?? part).utf8))
            }
            return result
        }

        func folded(_ value: UInt32) -> ArraySlice<UInt8>? {
            var offset = 0
            for (number, range) in Self.ranges.enumerated() where range.contains(value) {
                offset = offsets[number] + Int(value - range.lowerBound)
                guard starts[offset] != UInt32.max else { return nil }
                let start = Int(starts[offset])
                return bytes[start..<start + Int(counts[offset])]
            }
            return nil
        }
    }

    /// A text with its runs of white space (as `Character.isWhitespace` knows it, the no-break
    /// space included) made one space, and trimmed.
    public static func collapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        UTF8Scan.collapsed(bytes)
    }

    /// `fold` and then the digits and signs that stand for letters in leetspeak ("h4ck3d", "0wn3d",
    /// "$ecurity") read as those letters, and letters written apart ("h a c k e d") joined.
    public static func unleet(_ folded: String) -> String {
        String(decoding: unleet(bytes: Array(folded.utf8)), as: UTF8.self)
    }

    static func unleet(bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        bytes.withUnsafeMutableBufferPointer { buffer in
            leetBytes.withUnsafeBufferPointer { table in
                for index in buffer.indices where buffer[index] < 0x80 {
                    let letter = table[Int(buffer[index])]
                    if letter != 0 { buffer[index] = letter }
                }
            }
        }
        return joinSpacedLetters(bytes)
    }

    /// The words of a folded text: letters and digits, everything else a separator.
    public static func words(_ folded: String) -> [Substring] {
        var words: [Substring] = []
        let utf8 = folded.utf8
        var start: String.Index?
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let isWordPart: Bool
            let next: String.Index
            if byte < 0x80 {
                isWordPart = UTF8Scan.isASCIIAlphanumeric(byte)
                next = utf8.index(after: index)
            } else {
                let scalar = folded.unicodeScalars[index]
                isWordPart = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                next = folded.unicodeScalars.index(after: index)
            }
            if isWordPart {
                if start == nil { start = index }
            } else if let first = start {
                words.append(folded[first..<index])
                start = nil
            }
            index = next
        }
        if let first = start { words.append(folded[first..<utf8.endIndex]) }
        return words
    }

    /// Calls `body` with a hash of each word of a folded text (as `words` splits it), without
    /// making the words: a page's text has tens of thousands.
    static func forEachWordHash(_ folded: String, _ body: (Int) -> Void) {
        var folded = folded
        folded.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325, inWord = false
            var index = 0
            while index <= bytes.count {
                var length = 1, isWordPart = false
                if index < bytes.count {
                    if bytes[index] < 0x80 {
                        isWordPart = UTF8Scan.isASCIIAlphanumeric(bytes[index])
                    } else {
                        let decoded = UTF8Scan.decode(bytes, at: index)
                        length = decoded.length
                        let properties = Unicode.Scalar(decoded.value)?.properties
                        isWordPart = properties.map { $0.isAlphabetic || $0.numericType != nil } ?? false
                    }
                }
                if isWordPart {
                    for offset in index..<index + length { hash = (hash ^ UInt64(bytes[offset])) &* 0x100_0000_01b3 }
                    inWord = true
                } else if inWord {
                    body(Int(truncatingIfNeeded: hash))
                    hash = 0xcbf2_9ce4_8422_2325
                    inWord = false
                }
                index += length
            }
        }
    }

    /// Digits as one "0" and long tokens (ids, nonces) as "#": what changes on every visit compares equal.
    public static func masked(_ folded: String) -> String {
        var folded = folded
        return folded.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var start = 0
            while start < bytes.count {
                guard bytes[start] != 0x20 else { start += 1; continue }
                var end = start, characters = 0, hasDigit = false
                while end < bytes.count && bytes[end] != 0x20 {
                    if bytes[end] & 0xC0 != 0x80 { characters += 1 }
                    if bytes[end] >= 0x30 && bytes[end] <= 0x39 { hasDigit = true }
                    end += 1
                }
                if !result.isEmpty { result.append(0x20) }
                if characters >= 16, hasDigit || characters >= 24 {
                    result.append(0x23)
                } else {
                    var lastWasDigit = false
                    for index in start..<end {
                        let byte = bytes[index]
                        if byte >= 0x30 && byte <= 0x39 {
                            if !lastWasDigit { result.append(0x30) }
                            lastWasDigit = true
                        } else {
                            result.append(byte)
                            lastWasDigit = false
                        }
                    }
                }
                start = end
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// The letters of a text alone, in order ("h.a.c.k.e.d" → "hacked").
    public static func letters(_ text: String) -> String {
        String(decoding: letters(bytes: Array(text.utf8)), as: UTF8.self)
    }

    static func letters(bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let byte = buffer[index]
                if byte < 0x80 {
                    if UTF8Scan.isASCIILetter(byte) { result.append(byte) }
                    index += 1
                    continue
                }
                let (value, length) = UTF8Scan.decode(buffer, at: index)
                if Unicode.Scalar(value)?.properties.isAlphabetic == true {
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<index + length]))
                }
                index += length
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
        text.utf8.contains { $0 >= 0x80 } && text.unicodeScalars.contains { invisible.contains($0.value) && $0.value != 0xFEFF }
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

    /// `leet` by ASCII byte (0: not a leet sign).
    static let leetBytes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 128)
        for (from, to) in leet { table[Int(from.asciiValue!)] = to.asciiValue! }
        return table
    }()

    /// "h a c k e d b y" → "hacked by"? Letters written one by one, separated by single spaces or
    /// dots, are joined into one word (runs of three or more).
    static func joinSpacedLetters(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            // The parts between single spaces, each a letter or not; a run of letters is the
            // region [runStart, runEnd) of the buffer, their spaces included.
            var runStart = 0, runEnd = 0, runCount = 0, first = true
            var start = 0
            while start <= buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x20 { end += 1 }
                let length = end - start
                var isLetter = false
                if length == 1 {
                    isLetter = UTF8Scan.isASCIILetter(buffer[start])
                } else if length > 1, buffer[start] >= 0x80, UTF8Scan.length(buffer[start]) == length {
                    isLetter = Unicode.Scalar(UTF8Scan.decode(buffer, at: start).value)?.properties.isAlphabetic ?? false
                }
                let last = end >= buffer.count
                if isLetter {
                    if runCount == 0 { runStart = start }
                    runEnd = end
                    runCount += 1
                }
                if runCount > 0 && (!isLetter || last) {
                    if !first { result.append(0x20) }
                    first = false
                    if runCount >= 3 {
                        for index in runStart..<runEnd where buffer[index] != 0x20 { result.append(buffer[index]) }
                    } else {
                        // Fewer than three: the letters stay apart, as written.
                        result.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<runEnd]))
                    }
                    runCount = 0
                }
                if !isLetter {
                    if !first { result.append(0x20) }
                    first = false
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
                }
                start = end + 1
            }
        }
        return result
    }
}
