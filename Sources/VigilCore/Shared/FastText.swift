import Foundation

/// Text helpers for the scanner readers' hot loops, without Foundation's `NSString` bridging
/// (`trimmingCharacters(in:)`, `range(of:)` and `lowercased()` through Foundation were over a third
/// of a 100 MB import's time in a profile).
extension String {
    /// Without leading and trailing white space and line breaks (Unicode's White_Space).
    public var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
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
