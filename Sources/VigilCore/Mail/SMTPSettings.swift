import Foundation

/// How the connection to the mail server is protected.
public enum SMTPSecurity: String, Sendable, CaseIterable, Codable {
    /// Plain connection, upgraded with STARTTLS before anything else is said (port 587).
    case starttls
    /// TLS from the first byte (port 465).
    case tls
    /// No TLS at all: only for a relay inside the agency's own network.
    case none

    public var defaultPort: Int {
        switch self {
        case .starttls: 587
        case .tls: 465
        case .none: 25
        }
    }
}

/// Where and how Vigil sends e-mail: the administrator's settings, or `VIGIL_SMTP_URL`.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    /// Empty: the server takes mail without AUTH.
    public var username: String
    public var password: String
    public var from: Mailbox
    /// Vigil's own address as users reach it (`https://vigil.example.gov.vn`), for links in
    /// messages; nil: messages say where to look instead of linking.
    public var siteAddress: String?

    public init(host: String, port: Int, security: SMTPSecurity, username: String = "", password: String = "", from: Mailbox,
                siteAddress: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.siteAddress = siteAddress
    }

    /// A problem with one field of the settings (the field's name in the form and the URL).
    public struct Problem: Error, Equatable, Sendable {
        public enum Kind: Sendable, Equatable { case required, invalid, tooLong }
        public let field: String
        public let kind: Kind
    }

    /// Every problem found (a `Result`'s failure must be one error).
    public struct Problems: Error, Equatable, Sendable {
        public let all: [Problem]
    }

    /// The settings from their fields, each checked; every problem is returned, none is stored.
    public static func validated(host: String, port: String, security: String, username: String, password: String,
                                 fromAddress: String, fromName: String, siteAddress: String) -> Result<SMTPSettings, Problems> {
        var problems: [Problem] = []
        let host = host.trimmingCharacters(in: .whitespaces).lowercased()
        if host.isEmpty { problems.append(Problem(field: "host", kind: .required)) }
        else if !MailAddress.isHostName(host) && OutboundPolicy.bytes(host) == nil { problems.append(Problem(field: "host", kind: .invalid)) }
        let security = SMTPSecurity(rawValue: security)
        if security == nil { problems.append(Problem(field: "security", kind: .invalid)) }
        let portText = port.trimmingCharacters(in: .whitespaces)
        let portNumber = portText.isEmpty ? security?.defaultPort : Int(portText)
        if portNumber.map({ !(1...65535).contains($0) }) ?? true { problems.append(Problem(field: "port", kind: .invalid)) }
        let username = username.trimmingCharacters(in: .whitespaces)
        for (field, value) in [("username", username), ("password", password), ("from_name", fromName)] {
            if value.count > 200 { problems.append(Problem(field: field, kind: .tooLong)) }
            else if value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
                problems.append(Problem(field: field, kind: .invalid))
            }
        }
        var from: MailAddress?
        if fromAddress.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(Problem(field: "from_address", kind: .required)) }
        else if let address = try? MailAddress(fromAddress) { from = address }
        else { problems.append(Problem(field: "from_address", kind: .invalid)) }
        let site = siteAddress.trimmingCharacters(in: .whitespaces)
        if !site.isEmpty && !isSiteAddress(site) { problems.append(Problem(field: "site_address", kind: .invalid)) }
        guard problems.isEmpty, let security, let portNumber, let from else { return .failure(Problems(all: problems)) }
        return .success(SMTPSettings(host: host, port: portNumber, security: security, username: username, password: password,
                                     from: Mailbox(from, name: fromName), siteAddress: site.isEmpty ? nil : String(site.trimmingSuffix("/"))))
    }

    /// An absolute http(s) address with a host and no query or fragment.
    static func isSiteAddress(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil, components.user == nil
        else { return false }
        return true
    }

    /// `VIGIL_SMTP_URL`: `smtp+starttls://user:pass@host:587?from=vigil@example.gov.vn&name=Vigil&site=https://vigil.example.gov.vn`.
    /// The scheme names the security (`smtp+starttls`, `smtps` or `smtp+tls`, `smtp` for none);
    /// the user and password are percent-encoded; `from` is required.
    public static func parse(url text: String) -> Result<SMTPSettings, Problems> {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased()
        else { return .failure(Problems(all: [Problem(field: "url", kind: .invalid)])) }
        let security: String
        switch scheme {
        case "smtp+starttls": security = SMTPSecurity.starttls.rawValue
        case "smtps", "smtp+tls": security = SMTPSecurity.tls.rawValue
        case "smtp": security = SMTPSecurity.none.rawValue
        default: return .failure(Problems(all: [Problem(field: "security", kind: .invalid)]))
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        if let unknown = query.keys.first(where: { !["from", "name", "site"].contains($0) }) {
            return .failure(Problems(all: [Problem(field: unknown, kind: .invalid)]))
        }
        let host: String = components.host ?? ""
        let port: String = components.port.map { String($0) } ?? ""
        let username: String = components.user?.removingPercentEncoding ?? ""
        let password: String = components.password?.removingPercentEncoding ?? ""
        let from: String = query["from"] ?? "", name: String = query["name"] ?? "", site: String = query["site"] ?? ""
        return validated(host: host, port: port, security: security, username: username, password: password,
                         fromAddress: from, fromName: name, siteAddress: site)
    }

    /// A link for a path of Vigil's (`/incidents/…`), when the site's address is known.
    public func link(_ path: String) -> String? {
        guard let siteAddress, path.hasPrefix("/"), !path.hasPrefix("//") else { return nil }
        return siteAddress + path
    }
}

extension String {
    func trimmingSuffix(_ suffix: Character) -> Substring {
        var text = Substring(self)
        while text.last == suffix { text = text.dropLast() }
        return text
    }
}
