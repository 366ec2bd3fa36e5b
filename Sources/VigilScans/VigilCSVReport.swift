import CSV
import Foundation
import VigilCore

/// Vigil's CSV for scanners Vigil does not read natively (docs/SCANS.md): a header line, then a
/// result per line. Required: `host` (an IP address or a name) and `title`, and a `severity` or a
/// `cvss` score. The file is read line by line (CSV.swift over a stream); the first bad line
/// refuses the whole file, with its number and the column.
struct VigilCSVReport {
    static let columns = ["host", "hostname", "port", "protocol", "title", "scanner_id", "cves", "cvss", "cvss_vector", "severity",
                          "description", "solution", "evidence", "component"]

    static func read(path: String, onResult: (ScanResult) throws -> Void) throws -> ScanSummary {
        guard let stream = InputStream(fileAtPath: path) else { throw ScanReportError(.cannotOpen) }
        let delimiter = try Self.delimiter(path: path)
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true, delimiter: delimiter)
        } catch {
            throw ScanReportError(.csvUnreadable, line: 1)
        }
        var header = (reader.headerRow ?? []).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        for required in ["host", "title"] where !header.contains(required) {
            throw ScanReportError(.csvMissingColumn, line: 1, detail: required)
        }
        var summary = ScanSummary(format: .csv)
        var hosts: [String: ScannedHost] = [:]
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.isEmpty }) { continue }
            let cells = Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first })
            let result = try Self.result(cells, line: line)
            hosts[result.host.key] = result.host
            if let written = result.host.reportedAddress { summary.change(.invalidAddress, written) }
            summary.results += 1
            try onResult(result)
        }
        // Foundation's InputStream on Linux answers a read past the end with an error, which
        // CSV.swift reports as `cannotReadFile` after the last row; other errors count.
        if let error = reader.error {
            if case CSVError.cannotReadFile = error {} else {
                throw ScanReportError(.csvUnreadable, line: line + 1)
            }
        }
        summary.hosts = hosts.values.sorted { $0.key < $1.key }
        return summary
    }

    static func result(_ cells: [String: String], line: Int) throws -> ScanResult {
        func value(_ column: String) -> String { cells[column]?.trimmed ?? "" }
        func fail(_ column: String, _ code: ScanReportError.Code) -> ScanReportError { ScanReportError(code, line: line, field: column) }
        let hostText = value("host")
        guard !hostText.isEmpty else { throw fail("host", .csvRequired) }
        var host = IPAddress.isValid(hostText) ? ScannedHost(address: hostText) : ScannedHost(hostname: hostText)
        // Written as an address but not one (`10.0.0.300`): kept as written, and it still names the host.
        if host.address == nil, IPAddress.looksLikeAddress(hostText) { host.reportedAddress = hostText }
        if !value("hostname").isEmpty { host.hostname = value("hostname") }
        let title = value("title")
        guard !title.isEmpty else { throw fail("title", .csvRequired) }
        var port: Int?
        if !value("port").isEmpty {
            guard let number = Int(value("port")), (1...65535).contains(number) else { throw fail("port", .csvPort) }
            port = number
        }
        var score: Double?
        if !value("cvss").isEmpty {
            guard let number = Double(value("cvss")), (0...10).contains(number) else { throw fail("cvss", .csvScore) }
            score = number
        }
        let severity: FindingSeverity
        if !value("severity").isEmpty {
            guard let word = FindingSeverity(word: value("severity")) else {
                throw fail("severity", .csvSeverity)
            }
            severity = word
        } else if let score {
            severity = FindingSeverity(cvss: score)
        } else {
            throw fail("severity", .csvSeverityRequired)
        }
        let cves = CVEList.parse(value("cves"))
        let written = value("cves").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).count
        guard cves.count == written || written == 0 else { throw fail("cves", .csvCVEs) }
        let transport = value("protocol").lowercased()
        guard ["", "tcp", "udp", "sctp", "icmp"].contains(transport) else { throw fail("protocol", .csvProtocol) }
        return ScanResult(host: host, port: port, transport: transport.isEmpty && port != nil ? "tcp" : transport, title: title,
                          scannerID: value("scanner_id"), cves: cves, cvssScore: score, cvssVector: value("cvss_vector").nilIfEmpty,
                          severity: severity, description: value("description"), solution: value("solution"), evidence: value("evidence"),
                          component: value("component"))
    }

    /// `;` when the header line has more of them than commas (a spreadsheet in Vietnamese saves so).
    private static func delimiter(path: String) throws -> UnicodeScalar {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScanReportError(.cannotOpen) }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        let first = head.prefix { $0 != "\n" }
        return first.filter { $0 == ";" }.count > first.filter { $0 == "," }.count ? ";" : ","
    }
}
