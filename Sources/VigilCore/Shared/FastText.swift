import Foundation

/// Text helpers for the scanner readers' hot loops, without Foundation's `NSString` bridging
/// (`trimmingCharacters(in:)`, `range(of:)` and `lowercased()` through Foundation were over a third
/// of a 100 MB import's time in a profile).
extension String {
    /// Without leading and trailing white space and line breaks (Unicode's White_Space).
    public var trimmedWhitespace: String {
        // Most text starts and ends with a visible ASCII character: decided on two bytes.
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !Self.isWhitespace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !Self.isWhitespace($0) })!
        if start == scalars.startIndex && scalars.index(after: end) == scalars.endIndex { return self }
        return String(scalars[start...end])
    }

    /// ASCII decided at once; Unicode's White_Space property only for the rest.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }
}

/// A text's UTF-8 bytes with ASCII letters in lower case, made once and searched for several
/// ASCII phrases (written in lower case).
public struct ASCIILowercasedText {
    let bytes: [UInt8]

    public init(_ text: String) {
        bytes = text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    }

    public func contains(_ phrase: String) -> Bool {
        let needle = Array(phrase.utf8)
        guard let first = needle.first else { return true }
        guard bytes.count >= needle.count else { return false }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
