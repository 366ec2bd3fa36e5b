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

extension StringProtocol {
    /// Whether the text holds `needle` (ASCII, lower case) ignoring ASCII case: a byte search.
    public func containsASCIICaseInsensitive(_ needle: String) -> Bool {
        let target = Array(needle.utf8)
        guard let firstByte = target.first else { return true }
        let bytes = Array(utf8)
        guard bytes.count >= target.count else { return false }
        var index = 0
        let last = bytes.count - target.count
        while index <= last {
            if bytes[index] | 0x20 == firstByte || bytes[index] == firstByte {
                var matched = true
                for offset in 1..<target.count {
                    let byte = bytes[index + offset]
                    let lowered = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                    if lowered != target[offset] {
                        matched = false
                        break
                    }
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }
}
