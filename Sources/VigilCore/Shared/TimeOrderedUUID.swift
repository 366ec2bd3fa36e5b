import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): the Unix time in milliseconds in the first 48 bits, then
    /// random bits. Rows keyed by these are appended to the end of the primary key's index rather
    /// than scattered over it, which makes bulk inserts (check-ins) write far fewer pages.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        timeOrdered(milliseconds: unixMilliseconds(date), random: UUID().uuid)
    }

    /// The time part of `timeOrdered(at:)`.
    public static func unixMilliseconds(_ date: Date) -> UInt64 {
        UInt64(max(0, date.timeIntervalSince1970 * 1000))
    }

    /// The version 7 layout over 16 random bytes: the time in the first 48 bits, the version and
    /// variant bits set, the rest kept (for callers that draw many ids' random bytes at once).
    public static func timeOrdered(milliseconds: UInt64, random: uuid_t) -> UUID {
        var bytes = random
        bytes.0 = UInt8(truncatingIfNeeded: milliseconds >> 40)
        bytes.1 = UInt8(truncatingIfNeeded: milliseconds >> 32)
        bytes.2 = UInt8(truncatingIfNeeded: milliseconds >> 24)
        bytes.3 = UInt8(truncatingIfNeeded: milliseconds >> 16)
        bytes.4 = UInt8(truncatingIfNeeded: milliseconds >> 8)
        bytes.5 = UInt8(truncatingIfNeeded: milliseconds)
        bytes.6 = 0x70 | (bytes.6 & 0x0F)
        bytes.8 = 0x80 | (bytes.8 & 0x3F)
        return UUID(uuid: bytes)
    }
}

/// Version 7 UUIDs of one moment that increase, each above the one before (RFC 9562 §6.2,
/// "monotonic random": the 74 random bits of the first, then a random step up each time). A bulk
/// insert keyed by them appends to its indexes instead of splitting pages all over them, and the
/// pages it fills are full (SQLite's append path, measured in docs/PERFORMANCE.md).
public struct TimeOrderedUUIDSequence: Sendable {
    private let milliseconds: UInt64
    /// The 74 random bits, as a number: 12 bits after the version, 62 after the variant.
    private var value: UInt128

    /// The first id's random bits are `start`'s, less the top one, so that some 2^73 of steps fit
    /// before the bits would run out.
    public init(milliseconds: UInt64, start: uuid_t) {
        self.milliseconds = milliseconds
        var bits: UInt128 = 0
        withUnsafeBytes(of: start) { bytes in
            for byte in bytes { bits = bits << 8 | UInt128(byte) }
        }
        value = ((bits >> 64) & 0x0FFF) << 62 | (bits & Self.randomB)
        value &= (1 << 73) - 1
    }

    /// The next id, `step + 1` above the last (the step random, from the caller).
    public mutating func next(step: UInt16) -> UUID {
        value &+= UInt128(step) &+ 1
        // Back where the bits sit in the UUID: 12 in bytes 6–7, 62 in bytes 8–15 (the time, the
        // version and the variant are `UUID.timeOrdered`'s to set).
        var bits = (value >> 62) << 64 | (value & Self.randomB)
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { out in
            for index in (0..<16).reversed() {
                out[index] = UInt8(truncatingIfNeeded: bits)
                bits >>= 8
            }
        }
        return UUID.timeOrdered(milliseconds: milliseconds, random: bytes)
    }

    /// The 62 random bits after the variant, in the UUID's last 8 bytes.
    private static let randomB: UInt128 = 0x3FFF_FFFF_FFFF_FFFF
}
