import Foundation

/// What a host's agent sends to `POST /api/v1/checkins` (the schema is documented in
/// docs/CHECKIN.md). Decoded by the server, checked here.
public struct CheckInDocument: Codable, Equatable, Sendable {
    public struct OperatingSystem: Codable, Equatable, Sendable {
        public var name: String
        public var version: String?
        public init(name: String, version: String? = nil) {
            self.name = name
            self.version = version
        }
    }

    public struct Software: Codable, Equatable, Sendable {
        public var name: String
        public var vendor: String?
        public var version: String?
        public init(name: String, vendor: String? = nil, version: String? = nil) {
            self.name = name
            self.vendor = vendor
            self.version = version
        }
    }

    public struct Product: Codable, Equatable, Sendable {
        public var product: String
        public var version: String?
        public var enabled: Bool
        public var realTime: Bool
        public var managed: Bool?
        public var signatureDate: Date?
        public var lastScan: Date?

        public init(product: String, version: String? = nil, enabled: Bool, realTime: Bool, managed: Bool? = nil,
                    signatureDate: Date? = nil, lastScan: Date? = nil) {
            self.product = product
            self.version = version
            self.enabled = enabled
            self.realTime = realTime
            self.managed = managed
            self.signatureDate = signatureDate
            self.lastScan = lastScan
        }

        public var state: AntiMalwareState {
            AntiMalwareState(product: product, version: version, enabled: enabled, realTimeProtection: realTime,
                             centrallyManaged: managed ?? false, signatureDate: signatureDate, lastScan: lastScan)
        }
    }

    /// Stable across renames and re-addressing: /etc/machine-id, the Windows MachineGuid.
    public var machineId: String
    public var hostname: String
    /// When the agent made this report; each host's reports must move forward in time.
    public var sentAt: Date
    public var addresses: [String]?
    public var os: OperatingSystem?
    public var role: String?
    public var software: [Software]?
    public var antimalware: [Product]?

    public init(machineId: String, hostname: String, sentAt: Date, addresses: [String]? = nil, os: OperatingSystem? = nil,
                role: String? = nil, software: [Software]? = nil, antimalware: [Product]? = nil) {
        self.machineId = machineId
        self.hostname = hostname
        self.sentAt = sentAt
        self.addresses = addresses
        self.os = os
        self.role = role
        self.software = software
        self.antimalware = antimalware
    }

    public static let maxSoftware = 5000
    public static let maxAddresses = 64
    public static let maxProducts = 8
    /// A report may be this far ahead of the server's clock (agents' clocks drift) ...
    public static let futureTolerance: TimeInterval = 600
    /// ... and this old (a laptop that queued its report while offline).
    public static let maxAge: TimeInterval = 7 * 86_400

    /// A problem with one field: its JSON path and a localization key.
    public struct Problem: Equatable, Sendable {
        public let field: String
        public let key: String
        public init(_ field: String, _ key: String) {
            self.field = field
            self.key = key
        }
    }

    /// Every problem of the document, so that an agent's author sees them all at once.
    public func problems(now: Date) -> [Problem] {
        var problems: [Problem] = []
        // Checked on the UTF-8 bytes: thousands of check-ins a second each carry hundreds of
        // strings, and grapheme counting or `CharacterSet` would be most of their cost.
        func text(_ value: String?, _ field: String, max: Int, required: Bool = false) {
            guard let value else {
                if required { problems.append(Problem(field, "checkin.error.required")) }
                return
            }
            var blank = true
            var control = false
            var previous: UInt8 = 0
            for byte in value.utf8 {
                if byte != 0x20 { blank = false }
                // C0 controls and DEL; C1 controls are 0xC2 0x80–0x9F in UTF-8.
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) { control = true }
                previous = byte
            }
            if required && blank { problems.append(Problem(field, "checkin.error.required")) }
            if value.utf8.count > max && value.count > max { problems.append(Problem(field, "checkin.error.too_long")) }
            if control { problems.append(Problem(field, "checkin.error.control_characters")) }
        }
        text(machineId, "machineId", max: 128, required: true)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.:{}"))
        if !machineId.isEmpty, machineId.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            problems.append(Problem("machineId", "checkin.error.machine_id"))
        }
        text(hostname, "hostname", max: 253, required: true)
        if sentAt.timeIntervalSince(now) > Self.futureTolerance { problems.append(Problem("sentAt", "checkin.error.future")) }
        if now.timeIntervalSince(sentAt) > Self.maxAge { problems.append(Problem("sentAt", "checkin.error.too_old")) }
        if let addresses {
            if addresses.count > Self.maxAddresses { problems.append(Problem("addresses", "checkin.error.too_many")) }
            for (index, address) in addresses.prefix(Self.maxAddresses).enumerated() where !IPAddress.isValid(address) {
                problems.append(Problem("addresses[\(index)]", "checkin.error.address"))
            }
        }
        text(os?.name, "os.name", max: 200)
        text(os?.version, "os.version", max: 200)
        if let role, HostRole(rawValue: role) == nil { problems.append(Problem("role", "checkin.error.role")) }
        if let software {
            if software.count > Self.maxSoftware { problems.append(Problem("software", "checkin.error.too_many")) }
            for (index, item) in software.prefix(Self.maxSoftware).enumerated() {
                text(item.name, "software[\(index)].name", max: 300, required: true)
                text(item.vendor, "software[\(index)].vendor", max: 300)
                text(item.version, "software[\(index)].version", max: 100)
            }
        }
        if let antimalware {
            if antimalware.count > Self.maxProducts { problems.append(Problem("antimalware", "checkin.error.too_many")) }
            for (index, item) in antimalware.prefix(Self.maxProducts).enumerated() {
                text(item.product, "antimalware[\(index)].product", max: 200, required: true)
                text(item.version, "antimalware[\(index)].version", max: 100)
                if let date = item.signatureDate, date.timeIntervalSince(now) > Self.futureTolerance {
                    problems.append(Problem("antimalware[\(index)].signatureDate", "checkin.error.future"))
                }
            }
        }
        return problems
    }
}

/// What a host is, for coverage and for matching the authorities' warnings.
public enum HostRole: String, Codable, CaseIterable, Sendable {
    case server
    case workstation
    case laptop
    case network
    case security
    case other
}

/// IPv4 and IPv6 literals, checked with the C library's parser rather than a regular expression.
public enum IPAddress {
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 45 else { return false }
        var v4 = in_addr()
        var v6 = in6_addr()
        return text.withCString { inet_pton(AF_INET, $0, &v4) == 1 || inet_pton(AF_INET6, $0, &v6) == 1 }
    }

    /// Written like an address (digits and dots with three dots, or hex digits and colons with
    /// two colons or more), whether or not it is a valid one: `192.168.1.1001` does.
    public static func looksLikeAddress(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 64 else { return false }
        let dots = text.filter { $0 == "." }.count, colons = text.filter { $0 == ":" }.count
        if dots == 3 && text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) { return true }
        return colons >= 2 && text.allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }
    }
}
