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
