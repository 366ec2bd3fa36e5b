import Foundation
import VigilCore

/// Nessus v2 (`.nessus`, `<NessusClientData_v2>`). Each `<ReportHost>` holds its
/// `<HostProperties>` (`host-ip`, `host-fqdn`, `hostname`, `netbios-name`, `operating-system`)
/// and its `<ReportItem>`s, one result each:
/// - port and protocol from the item's attributes (port 0: no port);
/// - the check: `pluginID` and `pluginName`; CVEs from its `<cve>` elements; CVSS v3 score and
///   vector when present, else v2;
/// - severity: the item's `severity` attribute (0 info, 1 low, 2 medium, 3 high, 4 critical),
///   which is Nessus's own judgement;
/// - description (`synopsis` and `description`), `solution`, and `plugin_output` as evidence.
/// A host's items are kept until the end of its `<ReportHost>`, since its properties may come
/// after them; memory is bounded by one host's results.
struct NessusReport {
    private struct Item {
        var port: Int?
        var transport = ""
        var severity: FindingSeverity = .info
        var pluginID = ""
        var pluginName = ""
        var cves: [String] = []
        var cvss3: Double?
        var cvss3Vector: String?
        var cvss2: Double?
        var cvss2Vector: String?
        var synopsis = ""
        var description = ""
        var solution = ""
        var output = ""
        var line = 0
    }

    static func read(path: String, onResult: (ScanResult) throws -> Void) throws -> ScanSummary {
        var summary = ScanSummary(format: .nessus)
        var walker = try XMLWalker(path: path)
        var hostName = ""
        var properties: [String: String] = [:]
        var tagName = ""
        var items: [Item] = []
        var item: Item?
        var sawRoot = false
        try walker.walk(start: { walker, name, attributes in
            switch name {
            case "NessusClientData_v2": sawRoot = true
            case "ReportHost":
                hostName = attributes["name"]?.trimmed ?? ""
                properties = [:]
                items = []
            case "tag" where walker.parent == "HostProperties": tagName = attributes["name"] ?? ""
            case "ReportItem":
                var started = Item()
                started.line = walker.line
                guard let port = attributes["port"].flatMap({ Int($0.trimmed) }), (0...65535).contains(port) else {
                    throw ScanReportError(.nessusPort, line: walker.line)
                }
                started.port = port == 0 ? nil : port
                started.transport = (attributes["protocol"] ?? "").lowercased()
                guard let level = attributes["severity"].flatMap({ Int($0.trimmed) }), (0...4).contains(level) else {
                    throw ScanReportError(.nessusSeverity, line: walker.line)
                }
                started.severity = [.info, .low, .medium, .high, .critical][level]
                started.pluginID = attributes["pluginID"]?.trimmed ?? ""
                started.pluginName = attributes["pluginName"]?.collapsingWhitespace ?? ""
                guard !started.pluginID.isEmpty else { throw ScanReportError(.nessusPlugin, line: walker.line) }
                item = started
            default: break
            }
        }, end: { walker, name, text in
            if item != nil, walker.parent == "ReportItem" {
                switch name {
                case "cve": item?.cves.append(contentsOf: CVEList.parse(text))
                case "cvss3_base_score": item?.cvss3 = Double(text.trimmed)
                case "cvss3_vector": item?.cvss3Vector = text.trimmed.nilIfEmpty
                case "cvss_base_score": item?.cvss2 = Double(text.trimmed)
                case "cvss_vector": item?.cvss2Vector = text.trimmed.nilIfEmpty
                case "synopsis": item?.synopsis = text.trimmed
                case "description": item?.description = text.trimmed
                case "solution": item?.solution = text.trimmed
                case "plugin_output": item?.output = text.trimmed
                case "plugin_name" where item?.pluginName.isEmpty == true: item?.pluginName = text.collapsingWhitespace
                default: break
                }
                return
            }
            switch name {
            case "tag" where walker.parent == "HostProperties": properties[tagName] = text.trimmed
            case "ReportItem":
                if let finished = item { items.append(finished) }
                item = nil
            case "ReportHost":
                let host = Self.host(name: hostName, properties: properties, summary: &summary)
                guard host.address != nil || host.hostname != nil else {
                    throw ScanReportError(.nessusHost, line: walker.line)
                }
                summary.hosts.append(host)
                for finished in items {
                    summary.results += 1
                    try onResult(Self.result(finished, host: host))
                }
                items = []
            default: break
            }
        })
        guard sawRoot else { throw ScanReportError(.nessusRoot) }
        return summary
    }

    /// The address from `host-ip` (or the host's name when it is one), the name from
    /// `host-fqdn`, `hostname`, `netbios-name` or the host's name.
    /// A `host-ip` that is not an IP address is kept as written (`reportedAddress`) and counted.
    static func host(name: String, properties: [String: String], summary: inout ScanSummary) -> ScannedHost {
        let address = [properties["host-ip"], name].compactMap { $0?.trimmed }.first { IPAddress.isValid($0) }
        let hostname = [properties["host-fqdn"], properties["hostname"], properties["netbios-name"], name]
            .compactMap { $0?.trimmed }.first { !$0.isEmpty && !IPAddress.isValid($0) }
        let os = properties["operating-system"]?.split(separator: "\n").first.map { String($0).trimmed }
        var host = ScannedHost(address: address, hostname: hostname, os: os?.nilIfEmpty)
        if address == nil, let written = properties["host-ip"]?.trimmed.nilIfEmpty {
            host = ScannedHost(addressField: written, hostname: hostname, os: os?.nilIfEmpty, summary: &summary)
        }
        return host
    }

    private static func result(_ item: Item, host: ScannedHost) -> ScanResult {
        ScanResult(
            host: host, port: item.port, transport: item.transport, title: item.pluginName.isEmpty ? "Nessus plugin \(item.pluginID)" : item.pluginName,
            scannerID: item.pluginID, cves: CVEList.parse(item.cves.joined(separator: ",")),
            cvssScore: item.cvss3 ?? item.cvss2, cvssVector: item.cvss3 != nil ? item.cvss3Vector : item.cvss2Vector,
            severity: item.severity, description: [item.synopsis, item.description].filter { !$0.isEmpty }.joined(separator: "\n\n"),
            solution: item.solution == "n/a" ? "" : item.solution, evidence: item.output)
    }
}
