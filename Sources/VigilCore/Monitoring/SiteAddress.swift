import Foundation

/// Web addresses as the defacement check compares them: resolved against the page's address, the
/// host without "www.", the registrable domain ("sotnmt.haiphong.gov.vn" → "haiphong.gov.vn").
public struct SiteAddress: Sendable {
    /// Second-level suffixes under which a registrable domain has three labels.
    static let secondLevel: Set<String> = [
        "gov.vn", "com.vn", "edu.vn", "org.vn", "net.vn", "ac.vn", "info.vn", "int.vn", "health.vn", "name.vn", "pro.vn", "biz.vn",
        "co.uk", "org.uk", "gov.uk", "ac.uk", "com.au", "net.au", "gov.au", "co.jp", "co.kr", "com.cn", "com.sg", "com.my",
        "co.id", "or.id", "go.id", "co.th", "in.th", "com.tw", "com.hk", "com.br", "co.in",
    ]

    public let page: URL?

    public init(page: URL?) {
        self.page = page
    }

    /// The absolute address an `href` or `src` names, nil for what is no web address (a fragment,
    /// `mailto:`, `tel:`, `javascript:`), and for a relative one when the page's own is unknown.
    public func resolve(_ reference: String) -> URL? {
        let text = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        let lower = text.lowercased()
        for scheme in ["mailto:", "tel:", "javascript:", "data:", "sms:", "callto:", "about:"] where lower.hasPrefix(scheme) { return nil }
        guard let url = URL(string: text, relativeTo: page)?.absoluteURL ?? URL(string: text.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? "", relativeTo: page)?.absoluteURL
        else { return nil }
        return url
    }

    /// The host an address reaches, lower case, without "www."; nil for a relative address or one
    /// that is not a web address.
    public func host(of reference: String) -> String? {
        guard let host = resolve(reference)?.host?.lowercased(), !host.isEmpty else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    public static func registrable(_ host: String) -> String {
        let labels = host.lowercased().split(separator: ".")
        guard labels.count > 2, !host.allSatisfy({ $0.isNumber || $0 == "." }) else { return host.lowercased() }
        let lastTwo = labels.suffix(2).joined(separator: ".")
        return (secondLevel.contains(lastTwo) ? labels.suffix(3) : labels.suffix(2)).joined(separator: ".")
    }

    /// The key under which a link or a resource counts as "the same" from one fetch to the next:
    /// without its fragment; on the page's own site also without its query (cache-busting values,
    /// session ids) and with hashed file names ("main.3f9a1c.js") made one.
    public func key(_ reference: String, own: Set<String>) -> String? {
        guard let url = resolve(reference) else { return nil }
        var host = url.host?.lowercased() ?? ""
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if host.isEmpty || own.contains(Self.registrable(host)) {
            let path = url.path.split(separator: "/").map { Self.unhashed($0) }.joined(separator: "/")
            return "~/" + path
        }
        var text = host + url.path
        if let query = url.query, !query.isEmpty { text += "?" + query }
        return text
    }

    /// "main.3f9a1c2b.js" → "main.*.js": a build's content hash in a file name.
    static func unhashed(_ segment: Substring) -> String {
        let parts = segment.split(separator: ".")
        guard parts.count >= 3 else { return String(segment) }
        return parts.map { part in
            part.count >= 6 && part.allSatisfy(\.isHexDigit) && part.contains(where: \.isNumber) ? "*" : String(part)
        }.joined(separator: ".")
    }
}
