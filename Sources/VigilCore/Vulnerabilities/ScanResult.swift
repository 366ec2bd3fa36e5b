import Foundation

/// How bad a finding is. Scanners that give a CVSS score are mapped by CVSS v3's ranges
/// (0: none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical); `info` keeps what a
/// scanner reports without a weakness (open ports, log results).
public enum FindingSeverity: String, Codable, CaseIterable, Comparable, Sendable {
    case critical, high, medium, low, info

    public init(cvss score: Double) {
        switch score {
        case 9.0...: self = .critical
        case 7.0..<9.0: self = .high
        case 4.0..<7.0: self = .medium
        case 0.1..<4.0: self = .low
        default: self = .info
        }
    }

    /// From a scanner's word for it (`High`, `critical`, `Log`, `None`…); nil when unknown.
    public init?(word: String) {
        switch word.lowercased() {
        case "critical": self = .critical
        case "high": self = .high
        case "medium", "moderate": self = .medium
        case "low": self = .low
        case "info", "informational", "none", "log", "debug", "negligible", "unknown": self = .info
        default: return nil
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank > rhs.rank }
}

/// The scanner report formats Vigil reads, told apart by their content.
public enum ScanFormat: String, Codable, CaseIterable, Sendable {
    case openvas, nessus, nmap, trivy, csv
}

/// A host as a report names it.
public struct ScannedHost: Hashable, Sendable {
    /// The IP address where the report gives one.
    public var address: String?
    public var hostname: String?
    public var os: String?
    /// What the report gave as the address when it is not an IP address (test reports hold
    /// `192.168.1.1001`): kept as written so that people see it, never taken for an address.
    public var reportedAddress: String?

    public init(address: String? = nil, hostname: String? = nil, os: String? = nil, reportedAddress: String? = nil) {
        self.address = address
        self.hostname = hostname
        self.os = os
        self.reportedAddress = reportedAddress
    }

    /// A host from an address field as the report wrote it: an IP address, or kept aside as
    /// written (`reportedAddress`, counted in the summary) when it is not one.
    public init(addressField text: String, hostname: String? = nil, os: String? = nil, summary: inout ScanSummary) {
        if IPAddress.isValid(text) {
            self.init(address: text, hostname: hostname, os: os)
        } else {
            self.init(hostname: hostname, os: os, reportedAddress: text)
            summary.change(.invalidAddress, text)
        }
    }

    /// What identifies it within one report: its address, else its name, else what it was called.
    public var key: String { (address ?? hostname ?? reportedAddress ?? "").lowercased() }
}

/// One result of a scanner report, in the scanner's terms but in Vigil's shape.
public struct ScanResult: Equatable, Sendable {
    public var host: ScannedHost
    public var port: Int?
    /// `tcp`, `udp`, or what the scanner says for results without a port (`general`, a package
    /// manager for Trivy); empty when nothing.
    public var transport: String
    public var title: String
    /// The scanner's id for the check: an NVT OID, a Nessus plugin id, a Trivy vulnerability id.
    public var scannerID: String
    public var cves: [String]
    public var cvssScore: Double?
    public var cvssVector: String?
    public var severity: FindingSeverity
    public var description: String
    public var solution: String
    /// What the scanner saw: its output for this result, shortened to `maxEvidence` characters.
    public var evidence: String
    /// A package or product the finding is about (Trivy: `openssl 3.0.2-0ubuntu1.10`).
    public var component: String

    public static let maxEvidence = 4000
    public static let maxText = 20_000

    public init(host: ScannedHost, port: Int? = nil, transport: String = "", title: String, scannerID: String, cves: [String] = [],
                cvssScore: Double? = nil, cvssVector: String? = nil, severity: FindingSeverity, description: String = "",
                solution: String = "", evidence: String = "", component: String = "") {
        self.host = host
        self.port = port
        self.transport = transport
        self.title = Self.limited(title, 500)
        self.scannerID = scannerID
        self.cves = cves
        self.cvssScore = cvssScore
        self.cvssVector = cvssVector
        self.severity = severity
        self.description = Self.limited(description, Self.maxText)
        self.solution = Self.limited(solution, Self.maxText)
        self.evidence = Self.limited(evidence, Self.maxEvidence)
        self.component = component
    }

    /// At most `count` characters. Counting characters walks the text, so it is done only for
    /// text that may be too long by its byte count (nearly all is not).
    static func limited(_ text: String, _ count: Int) -> String {
        text.utf8.count <= count ? text : String(text.prefix(count))
    }

    /// What makes two results the same weakness on the same host and port, across scans of any
    /// format: the scanner's id where it has one, else the title.
    public var identity: String {
        [host.key, port.map(String.init) ?? "", transport.lowercased(), scannerID.isEmpty ? title.lowercased() : scannerID, component.lowercased()]
            .joined(separator: "|")
    }
}

/// CVE identifiers as scanners write them (`CVE-2023-4863`, lists separated by commas or spaces,
/// `NOCVE`): normalised, checked, without duplicates, in order.
public enum CVEList {
    /// Read on the UTF-8 bytes: reports carry tens of thousands of these lists.
    public static func parse(_ text: String) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            func flush(_ end: Int) {
                guard end > start else { return }
                let token = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if let id = normalised(token), seen.insert(id).inserted { result.append(id) }
            }
            for (index, byte) in bytes.enumerated() where byte == 0x2C || byte == 0x20 || byte == 0x3B || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                flush(index)
                start = index + 1
            }
            flush(bytes.count)
        }
        return result
    }

    /// `CVE-YYYY-NNNN` with four or more digits.
    public static func isValid(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { normalised($0) } == id
    }

    /// The token in upper case when it is a CVE id (`cve-2024-3094` → `CVE-2024-3094`).
    private static func normalised(_ token: UnsafeBufferPointer<UInt8>) -> String? {
        // C V E - d d d d - d d d d ...
        guard token.count >= 13, token[0] | 0x20 == 0x63, token[1] | 0x20 == 0x76, token[2] | 0x20 == 0x65, token[3] == 0x2D,
              token[8] == 0x2D else { return nil }
        for index in 4..<8 where !(0x30...0x39).contains(token[index]) { return nil }
        for index in 9..<token.count where !(0x30...0x39).contains(token[index]) { return nil }
        return "CVE" + String(decoding: UnsafeBufferPointer(rebasing: token[3...]), as: UTF8.self)
    }
}

/// What reading a report came to: every result accounted for (imported, merged, or skipped with
/// a reason).
public struct ScanSummary: Equatable, Sendable {
    public var format: ScanFormat
    public var hosts: [ScannedHost] = []
    public var results = 0
    /// Results folded into another by a documented rule, by rule.
    public var merged: [String: Int] = [:]
    /// Results not kept, by reason.
    public var skipped: [String: Int] = [:]
    /// What the report said that was kept in another form than written, by kind and value.
    public var changed: [ScanChange] = []

    public init(format: ScanFormat) {
        self.format = format
    }

    public mutating func merge(_ rule: String) { merged[rule, default: 0] += 1 }
    public mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    /// Counts a change of `value`. At most `ScanChange.distinctLimit` values are listed one by
    /// one; the rest are counted together under an empty value.
    public mutating func change(_ kind: ScanChange.Kind, _ value: String) {
        if let index = changed.firstIndex(where: { $0.kind == kind && $0.value == value }) {
            changed[index].count += 1
        } else if changed.count < ScanChange.distinctLimit {
            changed.append(ScanChange(kind: kind, value: String(value.prefix(200)), count: 1))
        } else if let index = changed.firstIndex(where: { $0.kind == kind && $0.value.isEmpty }) {
            changed[index].count += 1
        } else {
            changed.append(ScanChange(kind: kind, value: "", count: 1))
        }
    }
}

/// Something a report said that an import kept in another form than written, and how often.
public struct ScanChange: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// A host address that is not an IP address: kept as written beside the host, not used to match it.
        case invalidAddress = "invalid_address"
    }

    public static let distinctLimit = 50

    public var kind: Kind
    /// The value as written; empty for "and others" past the limit.
    public var value: String
    public var count: Int

    public init(kind: Kind, value: String, count: Int) {
        self.kind = kind
        self.value = value
        self.count = count
    }
}

/// Why a report was refused as a whole: where (a line, a field) and what.
public struct ScanReportError: Error, Equatable, Sendable, CustomStringConvertible {
    public let location: String
    public let reason: String

    public init(_ location: String, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { location.isEmpty ? reason : "\(location): \(reason)" }
}
