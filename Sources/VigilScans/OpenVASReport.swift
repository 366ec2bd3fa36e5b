import Foundation
import VigilCore

/// Greenbone/OpenVAS report XML as GMP gives it (`<report>`, often a report inside a report, or
/// inside `<get_reports_response>`). Each `<result>` under `<results>` is one scan result:
/// - host: the result's `<host>` text (the IP) and its `<hostname>`; the report's `<host>`
///   sections add names and operating systems (`detail` `hostname`, `best_os_txt`) to the summary;
/// - port: `443/tcp`, `general/tcp` (no port), `package` (local checks);
/// - the check: `<nvt oid>` with its name, CVEs (`<refs><ref type="cve">`, or the older `<cve>`
///   list), CVSS (`<severities>` or `cvss_base`, the vector in the tags), the tags (`summary`,
///   `insight`, `impact`, `affected`, `solution`), and `<solution>`;
/// - severity: the result's `<severity>` score by CVSS ranges; `Log` results are `info`; results
///   the scanner marks false positive (threat `False Positive`, severity -1) and scanner errors
///   (-3) are skipped with that reason;
/// - evidence: the result's `<description>` (what the check saw).
struct OpenVASReport {
    private struct Pending {
        var name = ""
        var host = ScannedHost()
        var port = ""
        var oid = ""
        var nvtName = ""
        var cves: [String] = []
        var cvssBase: Double?
        var severityScore: Double?
        var cvssVector: String?
        var tags: [String: String] = [:]
        /// The description the tags make (summary, insight, impact, affected).
        var tagDescription = ""
        var solution = ""
        var threat = ""
        var severity: Double?
        var description = ""
    }

    /// The element names the reader looks at, numbered by their place here (`XMLTokenWalker`).
    private enum Name: Int, CaseIterable {
        case report, result, results, nvt, ref, refs, name, host, hostname, port, threat, severity, description, cvss_base, cve, tags,
             solution, score, value, severities, ip, detail

        static let known = allCases.map { "\($0)" }
    }

    /// The (parent, element) pairs whose own text the reader uses.
    private static let textWanted: Set<[Int]> = Set([
        (Name.result, Name.name), (.result, .host), (.host, .hostname), (.result, .port), (.result, .threat), (.result, .severity),
        (.result, .description), (.nvt, .name), (.nvt, .cvss_base), (.nvt, .cve), (.nvt, .tags), (.nvt, .solution), (.severity, .score),
        (.severity, .value), (.host, .ip), (.detail, .name), (.detail, .value),
    ].map { [$0.0.rawValue, $0.1.rawValue] })

    static func read(path: String, onResult: (ScanResult) throws -> Void) throws -> ScanSummary {
        var summary = ScanSummary(format: .openvas)
        var walker = try XMLTokenWalker(path: path, known: Name.known)
        // Whether an element's text is wanted, by parent and element number (known names only).
        let count = Name.allCases.count
        var wanted = [Bool](repeating: false, count: count * count)
        for pair in textWanted { wanted[pair[0] * count + pair[1]] = true }
        var pending: Pending?
        var hosts: [String: ScannedHost] = [:]
        var tagCache: [String: (text: String, tags: [String: String], description: String)] = [:]
        var sawReport = false
        var detailName = ""
        var hostIP = ""
        try walker.walk(start: { walker, name in
            switch Name(rawValue: name) {
            case .report: sawReport = true
            case .result where walker.parent == Name.results.rawValue: pending = Pending()
            case .nvt where pending != nil && walker.parent == Name.result.rawValue: pending?.oid = walker.attribute("oid") ?? ""
            case .ref where pending != nil && walker.within(Name.nvt.rawValue, Name.refs.rawValue, Name.ref.rawValue):
                if walker.attribute("type")?.lowercased() == "cve", let id = walker.attribute("id") { pending?.cves.append(contentsOf: CVEList.parse(id)) }
            default: break
            }
            let parent = walker.parent
            return name < count && parent >= 0 && parent < count && wanted[parent * count + name]
        }, end: { walker, name in
            guard let element = Name(rawValue: name) else { return }
            if pending != nil {
                try resultEnd(&pending, walker: walker, name: element, summary: &summary, hosts: &hosts, tagCache: &tagCache, onResult: onResult)
                return
            }
            // The report's host sections: names and operating systems, by IP.
            let parent = Name(rawValue: walker.parent)
            switch element {
            case .ip where parent == .host: hostIP = walker.trimmedText
            case .name where parent == .detail: detailName = walker.trimmedText
            case .value where parent == .detail && !hostIP.isEmpty:
                let text = walker.trimmedText
                var host = hosts[hostIP] ?? ScannedHost(address: hostIP)
                if detailName == "hostname" && host.hostname == nil && !text.isEmpty { host.hostname = text }
                if detailName == "best_os_txt" && !text.isEmpty { host.os = text }
                hosts[hostIP] = host
            case .host where parent != .result:
                hostIP = ""
            default: break
            }
        })
        guard sawReport else { throw ScanReportError(.openvasRoot) }
        summary.hosts = hosts.values.sorted { $0.key < $1.key }
        return summary
    }

    private static func resultEnd(_ pending: inout Pending?, walker: XMLTokenWalker, name: Name, summary: inout ScanSummary,
                                  hosts: inout [String: ScannedHost], tagCache: inout [String: (text: String, tags: [String: String], description: String)],
                                  onResult: (ScanResult) throws -> Void) throws {
        guard let parent = Name(rawValue: walker.parent) else { return }
        switch (parent, name) {
        case (.result, .name): pending?.name = walker.trimmedText
        case (.result, .host): pending?.host.address = walker.trimmedText.nilIfEmpty
        case (.host, .hostname) where walker.within(Name.result.rawValue, Name.host.rawValue, Name.hostname.rawValue):
            pending?.host.hostname = walker.trimmedText.nilIfEmpty
        case (.result, .port): pending?.port = walker.trimmedText
        case (.result, .threat): pending?.threat = walker.trimmedText
        case (.result, .severity): pending?.severity = Double(walker.trimmedText)
        case (.result, .description): pending?.description = walker.trimmedText
        case (.nvt, .name): pending?.nvtName = walker.trimmedText
        case (.nvt, .cvss_base): pending?.cvssBase = Double(walker.trimmedText)
        case (.nvt, .cve): pending?.cves.append(contentsOf: CVEList.parse(walker.text))
        case (.nvt, .tags):
            let oid = pending?.oid ?? ""
            // The same check on every host it finds carries the same tags: read once per check.
            if let known = tagCache[oid], walker.textIs(known.text) {
                pending?.tags = known.tags
                pending?.tagDescription = known.description
            } else {
                let text = walker.text
                let read = tags(text)
                let description = ["summary", "insight", "impact", "affected"].compactMap { key in
                    read[key].flatMap { $0.isEmpty ? nil : $0 }
                }.joined(separator: "\n\n")
                pending?.tags = read
                pending?.tagDescription = description
                if tagCache.count < 4096 || tagCache[oid] != nil { tagCache[oid] = (text, read, description) }
            }
        case (.nvt, .solution): pending?.solution = walker.trimmedText
        case (.severity, .score) where walker.within(Name.severities.rawValue, Name.severity.rawValue, Name.score.rawValue):
            if pending?.severityScore == nil { pending?.severityScore = Double(walker.trimmedText) }
        case (.severity, .value) where walker.within(Name.severities.rawValue, Name.severity.rawValue, Name.value.rawValue):
            if pending?.cvssVector == nil { let text = walker.trimmedText; if !text.isEmpty { pending?.cvssVector = text } }
        case (.results, .result):
            guard let result = pending else { return }
            pending = nil
            try emit(result, line: walker.line, summary: &summary, hosts: &hosts, onResult: onResult)
        default: break
        }
    }

    private static func emit(_ result: Pending, line: Int, summary: inout ScanSummary, hosts: inout [String: ScannedHost],
                             onResult: (ScanResult) throws -> Void) throws {
        let threat = result.threat.lowercased()
        if threat == "false positive" || result.severity == -1 {
            summary.skip("marked false positive by the scanner")
            return
        }
        if threat == "error" || result.severity == -3 {
            summary.skip("scanner error")
            return
        }
        guard result.host.address != nil || result.host.hostname != nil else {
            throw ScanReportError(.openvasHost, line: line)
        }
        let title = (result.nvtName.isEmpty ? result.name : result.nvtName).collapsingWhitespace
        guard !title.isEmpty || !result.oid.isEmpty else { throw ScanReportError(.openvasName, line: line) }
        let score = result.severity ?? result.severityScore ?? result.cvssBase
        let severity: FindingSeverity = threat == "log" || threat == "debug" ? .info : FindingSeverity(cvss: score ?? 0)
        let (port, transport) = Self.port(result.port)
        var host = result.host
        // What is not an IP address (test reports hold `192.168.1.1001`) is kept as written and
        // names the host when nothing else does; it is never taken for an address.
        if let address = host.address, !IPAddress.isValid(address) {
            host = ScannedHost(addressField: address, hostname: host.hostname ?? address, os: host.os, summary: &summary)
        }
        if let address = host.address {
            var known = hosts[address] ?? ScannedHost(address: address)
            if known.hostname == nil { known.hostname = host.hostname }
            hosts[address] = known
        } else if let name = host.hostname {
            hosts[name.lowercased()] = hosts[name.lowercased()] ?? host
        }
        let tags = result.tags
        let description = result.tagDescription
        summary.results += 1
        try onResult(ScanResult(
            host: host, port: port, transport: transport, title: title.isEmpty ? result.oid : title, scannerID: result.oid,
            cves: CVEList.parse(result.cves.joined(separator: ",")),
            cvssScore: score.flatMap { $0 > 0 ? $0 : nil }, cvssVector: result.cvssVector ?? tags["cvss_base_vector"],
            severity: severity, description: description, solution: result.solution.isEmpty ? (tags["solution"] ?? "") : result.solution,
            evidence: result.description))
    }

    /// `443/tcp` → (443, tcp); `general/tcp` → (nil, tcp); `package` → (nil, package).
    static func port(_ text: String) -> (Int?, String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return (nil, text.lowercased()) }
        return (Int(parts[0]).flatMap { (1...65535).contains($0) ? $0 : nil }, parts[1].lowercased())
    }

    /// `summary=…|insight=…|solution_type=VendorFix`: a segment that does not start a new
    /// `key=` belongs to the previous value (values may hold `|`). Split on the UTF-8 bytes: this
    /// runs for every result of reports with tens of thousands.
    static func tags(_ text: String) -> [String: String] {
        var tags: [String: String] = [:]
        var text = text
        text.withUTF8 { bytes in
            var key: String?
            var valueStart = 0
            var segmentStart = 0
            func flush(_ end: Int) {
                if let key, end >= valueStart {
                    tags[key] = Self.unindented(String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<end]), as: UTF8.self))
                }
            }
            var index = 0
            while index <= bytes.count {
                if index == bytes.count || bytes[index] == UInt8(ascii: "|") {
                    // The next segment starts a new key when it begins with `name=`.
                    let next = index + 1
                    var cursor = next
                    while cursor < bytes.count, Self.isKeyByte(bytes[cursor]) { cursor += 1 }
                    if index == bytes.count || (cursor > next && cursor < bytes.count && bytes[cursor] == UInt8(ascii: "=")) {
                        flush(index)
                        if index < bytes.count {
                            key = String(decoding: UnsafeBufferPointer(rebasing: bytes[next..<cursor]), as: UTF8.self)
                            valueStart = cursor + 1
                        }
                    }
                    segmentStart = next
                } else if index == 0 {
                    // The first segment: `name=` at the very start.
                    var cursor = 0
                    while cursor < bytes.count, Self.isKeyByte(bytes[cursor]) { cursor += 1 }
                    if cursor > 0 && cursor < bytes.count && bytes[cursor] == UInt8(ascii: "=") {
                        key = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<cursor]), as: UTF8.self)
                        valueStart = cursor + 1
                    }
                }
                index += 1
            }
            _ = segmentStart
        }
        return tags
    }

    /// Tag values as reports wrap them (each line indented like the XML around it): every line
    /// without its leading spaces, so that the text reads as the check's author wrote it.
    /// Done on the UTF-8 bytes (the parser gives line breaks as `\n` alone): this runs for every
    /// tag of every result.
    static func unindented(_ text: String) -> String {
        var text = text
        let lines: String? = text.withUTF8 { bytes in
            guard bytes.contains(0x0A) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var lineStart = true
            for byte in bytes {
                if lineStart && (byte == 0x20 || byte == 0x09) { continue }
                lineStart = byte == 0x0A
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
        return (lines ?? text).trimmedWhitespace
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
}

extension String {
    var trimmed: String { trimmedWhitespace }
    /// Runs of spaces and line breaks as one space (titles wrapped in the XML).
    var collapsingWhitespace: String {
        // Most titles hold no line break and no double space: kept as they are.
        let bytes = utf8
        var previousSpace = true
        var clean = true
        for byte in bytes {
            let space = byte == 0x20
            if byte < 0x20 || (space && previousSpace) { clean = false; break }
            previousSpace = space
        }
        if clean && bytes.last != 0x20 { return self }
        // Wrapped titles (a line break and the next line's indentation), ASCII: collapsed on the
        // bytes, as the general way below would (it asks Unicode about every character).
        if bytes.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var space = false
            for byte in bytes {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    space = !out.isEmpty
                    continue
                }
                if space { out.append(0x20) }
                space = false
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
        return split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
