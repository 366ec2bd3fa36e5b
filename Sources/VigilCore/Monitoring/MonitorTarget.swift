import Foundation

/// Where a monitor connects, read from what the user wrote for its kind:
/// `http`: an http or https address; `tcp`: `host:port`; `dns`: a host name; `tls`: `host`,
/// `host:port` or an https address (port 443 by default).
public struct MonitorTarget: Sendable, Equatable {
    public let host: String
    public let port: Int
    /// For `http`: the address itself.
    public let url: URL?
    public let secure: Bool

    public enum Problem: Error, Equatable, Sendable {
        /// Not a target of this kind (the message key's last part).
        case invalid(String)
    }

    public init(kind: MonitorKind, text raw: String) throws {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 2000, !text.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw Problem.invalid("target_format")
        }
        switch kind {
        case .http:
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = url.host, !host.isEmpty, url.user == nil, url.password == nil else { throw Problem.invalid("target_url") }
            self.host = Self.bare(host)
            secure = scheme == "https"
            port = url.port ?? (secure ? 443 : 80)
            self.url = url
        case .tls:
            if text.lowercased().hasPrefix("https://") {
                guard let url = URL(string: text), let host = url.host, !host.isEmpty else { throw Problem.invalid("target_host") }
                self.host = Self.bare(host)
                port = url.port ?? 443
            } else {
                (host, port) = try Self.hostAndPort(text, defaultPort: 443)
            }
            url = nil
            secure = true
        case .tcp:
            (host, port) = try Self.hostAndPort(text, defaultPort: nil)
            url = nil
            secure = false
        case .dns:
            guard Self.isHostName(text) else { throw Problem.invalid("target_host") }
            host = text.lowercased()
            port = 0
            url = nil
            secure = false
        }
        guard (1...65_535).contains(port) || kind == .dns else { throw Problem.invalid("target_port") }
        guard kind == .dns || Self.isHostName(host) || OutboundPolicy.bytes(host) != nil else { throw Problem.invalid("target_host") }
    }

    /// Whether the host is an address written out rather than a name.
    public var isAddress: Bool { OutboundPolicy.bytes(host) != nil }

    static func bare(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    static func hostAndPort(_ text: String, defaultPort: Int?) throws -> (String, Int) {
        var host = text, portText: Substring?
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") { portText = rest.dropFirst() } else if !rest.isEmpty { throw Problem.invalid("target_format") }
        } else if let colon = text.lastIndex(of: ":"), text.filter({ $0 == ":" }).count == 1 {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard let port = portText.map({ Int($0) }) ?? defaultPort else { throw Problem.invalid(portText == nil ? "target_port_missing" : "target_port") }
        guard !host.isEmpty, isHostName(host) || OutboundPolicy.bytes(host) != nil else { throw Problem.invalid("target_host") }
        return (bare(host), port)
    }

    /// A DNS name: labels of letters, digits and hyphens (an internationalised name in its
    /// `xn--` form), at most 253 characters.
    public static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 253 else { return false }
        let labels = text.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
                && label.first != "-" && label.last != "-"
        } && !labels.last!.allSatisfy(\.isNumber)
    }
}
