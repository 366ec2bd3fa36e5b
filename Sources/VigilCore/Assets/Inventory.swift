import Foundation

/// Where an information system runs.
public enum Hosting: String, Codable, CaseIterable, Sendable {
    case onPremises = "on_premises"
    case provincialDataCentre = "provincial_data_centre"
    case cloud
    case vendorHosted = "vendor_hosted"
}

public enum Criticality: String, Codable, CaseIterable, Sendable {
    case low, medium, high, critical
}

/// A problem with one field of one line of an import, or of a form.
public struct FieldProblem: Equatable, Sendable {
    public let field: String
    public let key: String
    public let arguments: [String]

    public init(_ field: String, _ key: String, _ arguments: [String] = []) {
        self.field = field
        self.key = key
        self.arguments = arguments
    }
}

/// Reading the cells of an import line: trimmed, with the words people write for yes and no.
public struct CellReader {
    public let cells: [String: String]
    public private(set) var problems: [FieldProblem] = []

    public init(_ cells: [String: String]) {
        self.cells = cells.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public func text(_ name: String) -> String? {
        guard let value = cells[name], !value.isEmpty else { return nil }
        return value
    }

    public mutating func required(_ name: String, max: Int) -> String {
        guard let value = text(name) else {
            problems.append(FieldProblem(name, "import.error.required"))
            return ""
        }
        return limited(name, value, max: max)
    }

    public mutating func optional(_ name: String, max: Int) -> String {
        guard let value = text(name) else { return "" }
        return limited(name, value, max: max)
    }

    /// Text of several lines (a list, one item a line); line ends become `\n`.
    public mutating func lines(_ name: String, max: Int) -> String {
        guard let value = text(name) else { return "" }
        return limited(name, value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"), max: max,
                       newlines: true)
    }

    private mutating func limited(_ name: String, _ value: String, max: Int, newlines: Bool = false) -> String {
        if value.count > max { problems.append(FieldProblem(name, "import.error.too_long", [String(max)])) }
        if value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) && $0 != "\t" && !(newlines && $0 == "\n") }) {
            problems.append(FieldProblem(name, "import.error.control_characters"))
        }
        return String(value.prefix(max))
    }

    public mutating func code<T: RawRepresentable & CaseIterable>(_ name: String, as: T.Type, default value: T?) -> T? where T.RawValue == String {
        guard let raw = text(name) else { return value }
        guard let parsed = T(rawValue: raw.lowercased()) else {
            problems.append(FieldProblem(name, "import.error.code", [raw, T.allCases.map(\.rawValue).joined(separator: ", ")]))
            return value
        }
        return parsed
    }

    public mutating func flag(_ name: String, default value: Bool?) -> Bool? {
        guard let raw = text(name)?.lowercased() else { return value }
        switch raw {
        case "1", "yes", "y", "true", "có", "co", "x": return true
        case "0", "no", "n", "false", "không", "khong": return false
        default:
            problems.append(FieldProblem(name, "import.error.flag", [raw]))
            return value
        }
    }

    public mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let raw = text(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            problems.append(FieldProblem(name, "import.error.range", [raw, String(range.lowerBound), String(range.upperBound)]))
            return nil
        }
        return value
    }

    /// `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 date-time.
    public mutating func date(_ name: String, parseDateTime: (String) -> Date?) -> Date? {
        guard let raw = text(name) else { return nil }
        if raw.count == 10, let date = parseDateTime(raw + "T00:00:00Z") { return date }
        if let date = parseDateTime(raw) { return date }
        problems.append(FieldProblem(name, "import.error.date", [raw]))
        return nil
    }

    /// A list in one cell, separated by `;`, `,` or spaces.
    public func list(_ name: String) -> [String] {
        (text(name) ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " || $0 == "\n" }).map(String.init)
    }

    public mutating func add(_ problem: FieldProblem) { problems.append(problem) }
}

/// An information system as an import line or a form gives it.
public struct SystemDraft: Equatable, Sendable {
    public var name: String
    public var organisation: String?
    public var purpose: String
    public var securityLevel: Int
    public var nationalCritical: Bool
    public var hosting: Hosting
    public var publicURLs: [String]
    public var responsible: String
    /// Months between vulnerability scans (`ScanCadence`).
    public var scanIntervalMonths: Int = ScanCadence.defaultIntervalMonths
    /// The recovery resources the response plan names: how the system is backed up, the spare
    /// equipment kept for it, the support its suppliers owe (free text, one item a line).
    public var backups: String = ""
    public var spareEquipment: String = ""
    public var supplierSupport: String = ""

    public static let columns = ["name", "organisation", "purpose", "security_level", "national_critical", "hosting", "public_urls", "responsible",
                                 "scan_interval_months", "backups", "spare_equipment", "supplier_support"]

    public static func parse(_ cells: [String: String]) -> (SystemDraft, [FieldProblem]) {
        var reader = CellReader(cells)
        let name = reader.required("name", max: 200)
        let level = reader.integer("security_level", in: 1...5)
        if reader.text("security_level") == nil { reader.add(FieldProblem("security_level", "import.error.required")) }
        let urls = reader.list("public_urls")
        for url in urls where !(url.hasPrefix("https://") || url.hasPrefix("http://")) || URL(string: url)?.host == nil {
            reader.add(FieldProblem("public_urls", "import.error.url", [url]))
        }
        let draft = SystemDraft(
            name: name, organisation: reader.text("organisation"), purpose: reader.optional("purpose", max: 1000),
            securityLevel: level ?? 1, nationalCritical: reader.flag("national_critical", default: false) ?? false,
            hosting: reader.code("hosting", as: Hosting.self, default: .onPremises) ?? .onPremises,
            publicURLs: urls, responsible: reader.optional("responsible", max: 1000),
            scanIntervalMonths: reader.integer("scan_interval_months", in: ScanCadence.allowedMonths) ?? ScanCadence.defaultIntervalMonths,
            backups: reader.lines("backups", max: 4000), spareEquipment: reader.lines("spare_equipment", max: 4000),
            supplierSupport: reader.lines("supplier_support", max: 4000))
        return (draft, reader.problems)
    }
}

/// A host as an import line or a form gives it, with its anti-malware state when the line has one.
public struct HostDraft: Equatable, Sendable {
    public var hostname: String
    public var machineID: String?
    public var organisation: String?
    public var role: HostRole
    public var osName: String
    public var osVersion: String
    public var addresses: [String]
    public var owner: String
    public var criticality: Criticality
    public var systems: [String]
    public var antimalware: AntiMalwareState?
    public var lastSeen: Date?

    public static let columns = [
        "hostname", "machine_id", "organisation", "role", "os_name", "os_version", "addresses", "owner", "criticality", "systems",
        "av_product", "av_version", "av_enabled", "av_real_time", "av_managed", "av_signature_date", "av_last_scan", "last_seen",
    ]

    public static func parse(_ cells: [String: String], parseDateTime: (String) -> Date?) -> (HostDraft, [FieldProblem]) {
        var reader = CellReader(cells)
        let hostname = reader.required("hostname", max: 253)
        let addresses = reader.list("addresses")
        for address in addresses where !IPAddress.isValid(address) { reader.add(FieldProblem("addresses", "import.error.address", [address])) }
        var antimalware: AntiMalwareState?
        if let product = reader.text("av_product") {
            antimalware = AntiMalwareState(
                product: String(product.prefix(200)), version: reader.text("av_version"),
                enabled: reader.flag("av_enabled", default: true) ?? true,
                realTimeProtection: reader.flag("av_real_time", default: false) ?? false,
                centrallyManaged: reader.flag("av_managed", default: false) ?? false,
                signatureDate: reader.date("av_signature_date", parseDateTime: parseDateTime),
                lastScan: reader.date("av_last_scan", parseDateTime: parseDateTime))
        }
        let draft = HostDraft(
            hostname: hostname, machineID: reader.text("machine_id").map { String($0.prefix(128)) }, organisation: reader.text("organisation"),
            role: reader.code("role", as: HostRole.self, default: .workstation) ?? .workstation,
            osName: reader.optional("os_name", max: 200), osVersion: reader.optional("os_version", max: 200), addresses: addresses,
            owner: reader.optional("owner", max: 200), criticality: reader.code("criticality", as: Criticality.self, default: .medium) ?? .medium,
            systems: (reader.text("systems") ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            antimalware: antimalware, lastSeen: reader.date("last_seen", parseDateTime: parseDateTime))
        return (draft, reader.problems)
    }
}
