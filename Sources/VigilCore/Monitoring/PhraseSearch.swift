import Foundation

/// A text's UTF-8 bytes, searched for phrases: the check looks for dozens of phrases in a whole
/// page's text on every fetch, and `String.contains` (through Foundation) was most of its time.
public struct SearchableText: Sendable {
    let bytes: [UInt8]

    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func contains(_ phrase: String) -> Bool {
        Self.find(Array(phrase.utf8), in: bytes)
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Bool {
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

/// Many phrases looked for in one pass over a text. Each position's next three bytes are checked
/// against a bitmap of the phrases' first three bytes, and only where it is set are the phrases
/// that start so compared. A set of phrases is searched in about the time of one `memchr` pass
/// rather than one pass per phrase. (Written here: none of the packages Vigil may use has a
/// multi-pattern search.)
public struct PhraseSet: Sendable {
    public let phrases: [String]
    private let bytes: [[UInt8]]
    /// Phrases shorter than three bytes, searched one by one.
    private let short: [Int]
    private let bitmap: [UInt64]
    private let starts: [UInt32: [Int]]

    public init(_ phrases: [String]) {
        self.phrases = phrases
        bytes = phrases.map { Array($0.utf8) }
        var short: [Int] = [], bitmap = [UInt64](repeating: 0, count: 1024), starts: [UInt32: [Int]] = [:]
        for (index, phrase) in bytes.enumerated() {
            guard phrase.count >= 3 else {
                if !phrase.isEmpty { short.append(index) }
                continue
            }
            let key = Self.key(phrase[0], phrase[1], phrase[2])
            let slot = Self.slot(key)
            bitmap[slot >> 6] |= 1 << UInt64(slot & 63)
            starts[key, default: []].append(index)
        }
        self.short = short
        self.bitmap = bitmap
        self.starts = starts
    }

    @inline(__always) static func key(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt32 {
        UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
    }

    @inline(__always) static func slot(_ key: UInt32) -> Int {
        Int((key &* 2_654_435_761) >> 16) & 0xFFFF
    }

    /// Which of the phrases the text contains, by index into `phrases`.
    public func found(in text: SearchableText) -> [Bool] {
        var found = [Bool](repeating: false, count: bytes.count)
        for index in short { found[index] = SearchableText.find(bytes[index], in: text.bytes) }
        guard !starts.isEmpty, text.bytes.count >= 3 else { return found }
        text.bytes.withUnsafeBufferPointer { haystack in
            bitmap.withUnsafeBufferPointer { bits in
                var key = Self.key(0, haystack[0], haystack[1])
                for position in 0..<(haystack.count - 2) {
                    key = (key << 8 | UInt32(haystack[position + 2])) & 0xFF_FFFF
                    let slot = Self.slot(key)
                    guard bits[slot >> 6] & (1 << UInt64(slot & 63)) != 0, let candidates = starts[key] else { continue }
                    for candidate in candidates where !found[candidate] {
                        let phrase = bytes[candidate]
                        guard position + phrase.count <= haystack.count else { continue }
                        let same = phrase.withUnsafeBufferPointer { memcmp(haystack.baseAddress! + position, $0.baseAddress!, phrase.count) == 0 }
                        if same { found[candidate] = true }
                    }
                }
            }
        }
        return found
    }

    /// The phrases the text contains, in the set's order.
    public func phrases(in text: SearchableText) -> [String] {
        zip(phrases, found(in: text)).compactMap { $1 ? $0 : nil }
    }
}
