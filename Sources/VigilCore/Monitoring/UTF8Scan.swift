import Foundation

/// Reading UTF-8 bytes: the scalars, and the white space `Character.isWhitespace` knows.
enum UTF8Scan {
    @inline(__always) static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    @inline(__always) static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Unicode's White_Space beyond ASCII (no-break space among them, which pages are full of).
    @inline(__always) static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The length of the sequence a lead byte starts (1 for a stray continuation byte).
    @inline(__always) static func length(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The scalar at `index` of valid UTF-8 (as a Swift string's bytes are) and its length.
    @inline(__always) static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        let length = min(length(lead), bytes.count - index)
        switch length {
        case 2: return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        case 3: return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        case 4: return (UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                        | UInt32(bytes[index + 3] & 0x3F), 4)
        default: return (0xFFFD, 1)
        }
    }

    /// A text with its runs of white space made one space, trimmed.
    static func collapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var length = 1
            var space = false
            if byte < 0x80 {
                space = isASCIISpace(byte)
            } else {
                let decoded = decode(bytes, at: index)
                length = decoded.length
                space = isSpace(decoded.value)
            }
            if space {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
            }
            index += length
        }
        return String(decoding: out, as: UTF8.self)
    }
}
