import Foundation

/// Which addresses Vigil may connect to on its own initiative (monitors, webhooks, e-mail, other
/// Vigil servers): none that is loopback, private, link-local or otherwise not public, unless the
/// administrator lists its range in `VIGIL_OUTBOUND_ALLOW` (`127.0.0.1/32,10.0.0.0/8`). Checked on
/// the addresses a name resolves to, just before connecting, and again on every redirect, so that
/// neither a name that resolves inward nor a redirect reaches the agency's own network.
public struct OutboundPolicy: Sendable, Equatable {
    /// An IPv4 or IPv6 range: the address's bytes and the prefix length.
    public struct Range: Sendable, Equatable, CustomStringConvertible {
        public let bytes: [UInt8]
        public let prefix: Int

        public init?(_ text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let bytes = OutboundPolicy.bytes(String(parts[0])) else { return nil }
            let width = bytes.count * 8
            let prefix = parts.count == 2 ? Int(parts[1]) : width
            guard let prefix, (0...width).contains(prefix) else { return nil }
            self.bytes = bytes
            self.prefix = prefix
        }

        init(_ bytes: [UInt8], _ prefix: Int) {
            (self.bytes, self.prefix) = (bytes, prefix)
        }

        public func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }

        public var description: String {
            let address = bytes.count == 4 ? bytes.map(String.init).joined(separator: ".")
                : stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
            return "\(address)/\(prefix)"
        }
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// The allow list names something that is not a range.
        case badRange(String)
    }

    public let allowed: [Range]

    public init(allowed: [Range] = []) {
        self.allowed = allowed
    }

    /// From `VIGIL_OUTBOUND_ALLOW`: ranges separated by commas (or spaces).
    public init(allowList: String?) throws {
        var ranges: [Range] = []
        for item in (allowList ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            guard let range = Range(String(item)) else { throw Refusal.badRange(String(item)) }
            ranges.append(range)
        }
        allowed = ranges
    }

    /// Whether Vigil may connect to this address (4 or 16 bytes).
    public func permits(_ address: [UInt8]) -> Bool {
        if allowed.contains(where: { $0.contains(address) }) { return true }
        if address.count == 16, let embedded = Self.embeddedIPv4(address), allowed.contains(where: { $0.contains(embedded) }) { return true }
        return Self.isPublic(address)
    }

    /// Whether the address text (IPv4 or IPv6, no port) is one Vigil may connect to; false for what is no address.
    public func permits(_ text: String) -> Bool {
        Self.bytes(text).map(permits) ?? false
    }

    static let blockedIPv4: [Range] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",
        "240.0.0.0/4", "255.255.255.255/32",
    ].compactMap(Range.init)

    static let blockedIPv6: [Range] = [
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32", "100::/64", "2001::/23",
    ].compactMap(Range.init)

    /// Public: in none of the special-purpose ranges (RFC 6890 and its successors); an IPv6 address
    /// that carries an IPv4 one (mapped, NAT64, 6to4) is judged by that.
    public static func isPublic(_ address: [UInt8]) -> Bool {
        switch address.count {
        case 4:
            return !blockedIPv4.contains { $0.contains(address) }
        case 16:
            if let embedded = embeddedIPv4(address) { return isPublic(embedded) }
            return !blockedIPv6.contains { $0.contains(address) }
        default:
            return false
        }
    }

    /// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible, NAT64
    /// (64:ff9b::/96) or 6to4 (2002::/16) address.
    static func embeddedIPv4(_ address: [UInt8]) -> [UInt8]? {
        guard address.count == 16 else { return nil }
        if address[0..<10].allSatisfy({ $0 == 0 }) && ((address[10] == 0xFF && address[11] == 0xFF) || (address[10] == 0 && address[11] == 0)) {
            let tail = Array(address[12..<16])
            // ::1 and :: are IPv6's own loopback and unspecified addresses, not IPv4 ones.
            if address[10] == 0 && tail.prefix(3).allSatisfy({ $0 == 0 }) && tail[3] <= 1 { return nil }
            return tail
        }
        if address[0] == 0x00, address[1] == 0x64, address[2] == 0xFF, address[3] == 0x9B, address[4..<12].allSatisfy({ $0 == 0 }) {
            return Array(address[12..<16])
        }
        if address[0] == 0x20, address[1] == 0x02 { return Array(address[2..<6]) }
        return nil
    }

    /// The bytes of an IPv4 (dotted quad, four decimal parts only) or IPv6 address; nil otherwise.
    public static func bytes(_ text: String) -> [UInt8]? {
        var text = text
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
        if !text.contains(":") {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var bytes: [UInt8] = []
            for part in parts {
                guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber), let value = UInt8(part) else { return nil }
                bytes.append(value)
            }
            return bytes
        }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
