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

/// Why a report was refused as a whole: where (a line, a field) and what, as a code that the server
/// words in the user's language (`scan.reason.<code>`), with the English text for the command line
/// and the log.
public struct ScanReportError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, CaseIterable, Sendable {
        case cannotOpen = "cannot_open"
        case cannotRead = "cannot_read"
        case notAReport = "not_a_report"
        case endedEarly = "ended_early"
        case unknownOrganisation = "unknown_organisation"
        case unknownSystem = "unknown_system"
        case csvUnreadable = "csv_unreadable"
        case csvMissingColumn = "csv_missing_column"
        case csvRequired = "csv_required"
        case csvPort = "csv_port"
        case csvScore = "csv_score"
        case csvSeverity = "csv_severity"
        case csvSeverityRequired = "csv_severity_required"
        case csvCVEs = "csv_cves"
        case csvProtocol = "csv_protocol"
        case xmlUnreadable = "xml_unreadable"
        case xmlNotWellFormed = "xml_not_well_formed"
        case xmlTruncated = "xml_truncated"
        case xmlTextTooLong = "xml_text_too_long"
        case xmlEntity = "xml_entity"
        case xmlUTF16 = "xml_utf16"
        case xmlPrologTooLong = "xml_prolog_too_long"
        case xmlDoctypeDeclarations = "xml_doctype_declarations"
        case xmlDoctypeUnterminated = "xml_doctype_unterminated"
        case xmlDeclarations = "xml_declarations"
        case xmlNotXML = "xml_not_xml"
        case nessusRoot = "nessus_root"
        case nessusPort = "nessus_port"
        case nessusSeverity = "nessus_severity"
        case nessusPlugin = "nessus_plugin"
        case nessusHost = "nessus_host"
        case nmapRoot = "nmap_root"
        case nmapPort = "nmap_port"
        case nmapHost = "nmap_host"
        case openvasRoot = "openvas_root"
        case openvasHost = "openvas_host"
        case openvasName = "openvas_name"
        case jsonInvalid = "json_invalid"

        /// The English text (the command line's and the log's); `{0}` takes the detail.
        public var english: String {
            switch self {
            case .cannotOpen: "the file cannot be opened"
            case .cannotRead: "the file cannot be read"
            case .notAReport: "not a report Vigil reads: expected Greenbone/OpenVAS XML, Nessus (.nessus), Nmap XML, Trivy JSON or Vigil CSV"
            case .endedEarly: "the report ended early"
            case .unknownOrganisation: "no such organisation"
            case .unknownSystem: "no such information system in that organisation"
            case .csvUnreadable: "not readable as CSV"
            case .csvMissingColumn: "the column {0} is missing"
            case .csvRequired: "required"
            case .csvPort: "expected a number from 1 to 65535"
            case .csvScore: "expected a score from 0 to 10"
            case .csvSeverity: "expected one of critical, high, medium, low, info"
            case .csvSeverityRequired: "required when there is no cvss score"
            case .csvCVEs: "expected CVE identifiers such as CVE-2024-3094"
            case .csvProtocol: "expected tcp, udp, sctp or icmp"
            case .xmlUnreadable: "the file cannot be read as XML"
            case .xmlNotWellFormed: "not well-formed XML: {0}"
            case .xmlTruncated: "not well-formed XML: the file ends before its elements are closed (it may be truncated)"
            case .xmlTextTooLong: "an element's text is longer than 10 MB"
            case .xmlEntity: "entity references are not accepted in scanner reports"
            case .xmlUTF16: "UTF-16 reports are not accepted: save the report as UTF-8"
            case .xmlPrologTooLong: "the XML prolog is too long or never ends"
            case .xmlDoctypeDeclarations: "a document type with declarations (entities) is not accepted in scanner reports"
            case .xmlDoctypeUnterminated: "the document type line never ends"
            case .xmlDeclarations: "declarations are not accepted in scanner reports"
            case .xmlNotXML: "not an XML document"
            case .nessusRoot: "not a Nessus v2 report: no <NessusClientData_v2> element"
            case .nessusPort: "a ReportItem without a valid port"
            case .nessusSeverity: "a ReportItem without a severity from 0 to 4"
            case .nessusPlugin: "a ReportItem without a pluginID"
            case .nessusHost: "a ReportHost without a name or address"
            case .nmapRoot: "not an Nmap XML report: no <nmaprun> element"
            case .nmapPort: "a port without a valid portid"
            case .nmapHost: "a host without an address"
            case .openvasRoot: "not a Greenbone/OpenVAS report: no <report> element"
            case .openvasHost: "a result without a host"
            case .openvasName: "a result without a name or NVT"
            case .jsonInvalid: "{0}"
            }
        }
    }

    public let code: Code
    /// The line of the report, when known.
    public let line: Int?
    /// The CSV column or the JSON path, when the problem is in one.
    public let field: String?
    /// What the parser said (libxml2's or the JSON reader's English words), or the missing column.
    public let detail: String

    public init(_ code: Code, line: Int? = nil, field: String? = nil, detail: String = "") {
        self.code = code
        self.line = line
        self.field = field
        self.detail = detail
    }

    /// Where, in English: "line 3", "line 3, port", or a JSON path.
    public var location: String {
        switch (line, field) {
        case (let line?, let field?): "line \(line), \(field)"
        case (let line?, nil): "line \(line)"
        case (nil, let field?): field
        case (nil, nil): ""
        }
    }

    public var reason: String { code.english.replacingOccurrences(of: "{0}", with: detail) }

    public var description: String { location.isEmpty ? reason : "\(location): \(reason)" }
}
