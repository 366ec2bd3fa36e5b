import Foundation
import VigilCore

/// Nmap XML (`nmap -oX`, `<nmaprun>`). Per `<host>` that is up:
/// - each open port is an `info` result ("Open port 22/tcp: ssh (OpenSSH 7.4)"); the output of
///   its scripts is kept as that result's evidence (merged, counted by rule);
/// - each vulnerability the `vulners` script lists (its tables, or its text output in older
///   versions) is a result of its own, CVSS from the script, severity by CVSS ranges; entries
///   that only point at an exploit (`is_exploit` true and not a CVE) are merged into the port's
///   results (counted);
/// - a script from Nmap's `vuln` category that reports `State: VULNERABLE` is a result, with the
///   CVEs its output names and its risk factor (else medium).
/// Hosts that are down and ports that are not open are skipped, counted.
struct NmapReport {
    private struct Script {
        var id = ""
        var output = ""
        /// vulners entries: id, type, CVSS, exploit flag.
        var entries: [(id: String, type: String, cvss: Double?, exploit: Bool)] = []
        var cpe = ""
    }

    private struct Port {
        var number = 0
        var transport = ""
        var state = ""
        var service = ""
        var product = ""
        var scripts: [Script] = []
    }

    private struct Host {
        var state = ""
        var ipv4: String?
        var ipv6: String?
        var names: [(name: String, type: String)] = []
        var os: String?
        var ports: [Port] = []
        var scripts: [Script] = []
    }

    static func read(path: String, onResult: (ScanResult) throws -> Void) throws -> ScanSummary {
        var summary = ScanSummary(format: .nmap)
        var walker = try XMLWalker(path: path)
        var host: Host?
        var port: Port?
        var script: Script?
        var entry: [String: String] = [:]
        var elementKey = ""
        var cpe = ""
        var sawRoot = false
        try walker.walk(start: { walker, name, attributes in
            switch name {
            case "nmaprun": sawRoot = true
            case "host" where walker.parent == "nmaprun": host = Host()
            case "status" where host != nil: host?.state = attributes["state"] ?? ""
            case "address" where host != nil:
                switch attributes["addrtype"] {
                case "ipv4": if host?.ipv4 == nil { host?.ipv4 = attributes["addr"] }
                case "ipv6": if host?.ipv6 == nil { host?.ipv6 = attributes["addr"] }
                default: break
                }
            case "hostname" where host != nil:
                if let hostname = attributes["name"], !hostname.isEmpty { host?.names.append((hostname, attributes["type"] ?? "")) }
            case "osmatch" where host != nil:
                if host?.os == nil { host?.os = attributes["name"] }
            case "port" where host != nil:
                guard let number = attributes["portid"].flatMap({ Int($0) }), (0...65535).contains(number) else {
                    throw ScanReportError(.nmapPort, line: walker.line)
                }
                port = Port(number: number, transport: (attributes["protocol"] ?? "").lowercased())
            case "state" where port != nil && walker.parent == "port": port?.state = attributes["state"] ?? ""
            case "service" where port != nil:
                port?.service = attributes["name"] ?? ""
                port?.product = [attributes["product"], attributes["version"]].compactMap { $0 }.joined(separator: " ")
            case "script" where host != nil:
                script = Script(id: attributes["id"] ?? "", output: attributes["output"] ?? "")
            case "table" where script != nil:
                if walker.parent == "script" {
                    cpe = attributes["key"] ?? ""
                    if script?.cpe.isEmpty == true { script?.cpe = cpe }
                }
                entry = [:]
            case "elem" where script != nil: elementKey = attributes["key"] ?? ""
            default: break
            }
        }, end: { walker, name, text in
            switch name {
            case "elem" where script != nil: entry[elementKey] = text.trimmed
            case "table" where script != nil && walker.parent == "table":
                if let id = entry["id"], !id.isEmpty {
                    script?.entries.append((id, entry["type"] ?? "", entry["cvss"].flatMap(Double.init), entry["is_exploit"] == "true"))
                }
                entry = [:]
            case "script":
                guard let finished = script else { return }
                if port != nil { port?.scripts.append(finished) } else { host?.scripts.append(finished) }
                script = nil
            case "port":
                if let finished = port { host?.ports.append(finished) }
                port = nil
            case "host" where walker.parent == "nmaprun":
                if let finished = host { try emit(finished, line: walker.line, summary: &summary, onResult: onResult) }
                host = nil
            default: break
            }
        })
        guard sawRoot else { throw ScanReportError(.nmapRoot) }
        return summary
    }

    private static func emit(_ host: Host, line: Int, summary: inout ScanSummary, onResult: (ScanResult) throws -> Void) throws {
        guard host.state == "up" || host.state.isEmpty else {
            summary.skip("host down")
            return
        }
        let name = host.names.first { $0.type == "user" }?.name ?? host.names.first?.name
        var scanned = ScannedHost(address: nil, hostname: name, os: host.os)
        if let written = host.ipv4 ?? host.ipv6 {
            scanned = ScannedHost(addressField: written, hostname: name ?? (IPAddress.isValid(written) ? nil : written), os: host.os, summary: &summary)
        }
        guard scanned.address != nil || scanned.hostname != nil else { throw ScanReportError(.nmapHost, line: line) }
        summary.hosts.append(scanned)
        func emit(_ result: ScanResult) throws {
            summary.results += 1
            try onResult(result)
        }
        for port in host.ports {
            guard port.state == "open" || port.state == "open|filtered" else {
                summary.skip("port not open")
                continue
            }
            let service = [port.service, port.product.isEmpty ? nil : "(\(port.product))"].compactMap { $0 }.filter { !$0.isEmpty }
            let label = "\(port.number)/\(port.transport)"
            var evidence: [String] = []
            for script in port.scripts {
                if script.id == "vulners" { continue }
                if let finding = vulnerable(script, host: scanned, port: port) {
                    try emit(finding)
                } else {
                    summary.merge("script output kept as the open port's evidence")
                    evidence.append("\(script.id): \(script.output.trimmed)")
                }
            }
            try emit(ScanResult(host: scanned, port: port.number, transport: port.transport,
                                title: "Open port \(label)" + (service.isEmpty ? "" : ": " + service.joined(separator: " ")),
                                scannerID: "nmap:open-port", severity: .info, evidence: evidence.joined(separator: "\n\n")))
            for script in port.scripts where script.id == "vulners" {
                let (found, exploits) = vulners(script, host: scanned, port: port)
                for _ in 0..<exploits { summary.merge("vulners exploit reference, merged into the port's results") }
                for result in found { try emit(result) }
            }
        }
        for script in host.scripts {
            if let finding = vulnerable(script, host: scanned, port: nil) {
                try emit(finding)
            } else {
                summary.skip("host script without a finding")
            }
        }
    }

    /// The vulners script's entries, from its tables or, in older versions, its text output
    /// (`\tCVE-2018-15919\t5.0\thttps://vulners.com/cve/CVE-2018-15919`).
    /// Returns the results and how many exploit references were merged.
    private static func vulners(_ script: Script, host: ScannedHost, port: Port) -> ([ScanResult], Int) {
        var results: [ScanResult] = []
        var exploits = 0
        var entries = script.entries
        if entries.isEmpty {
            for line in script.output.split(separator: "\n") {
                let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard fields.count >= 2, let score = Double(fields[1]) else { continue }
                entries.append((fields[0], CVEList.isValid(fields[0]) ? "cve" : "", score, line.contains("*EXPLOIT*")))
            }
        }
        let product = port.product.isEmpty ? script.cpe : port.product
        for entry in entries {
            let isCVE = entry.type.lowercased() == "cve" || CVEList.isValid(entry.id.uppercased())
            if entry.exploit && !isCVE {
                exploits += 1
                continue
            }
            let score = entry.cvss
            results.append(ScanResult(
                host: host, port: port.number, transport: port.transport, title: "\(entry.id) in \(product.isEmpty ? port.service : product)",
                scannerID: "vulners:\(entry.id)", cves: isCVE ? CVEList.parse(entry.id) : [], cvssScore: score,
                severity: FindingSeverity(cvss: score ?? 0), description: "Listed by the vulners script for \(script.cpe.isEmpty ? product : script.cpe).",
                evidence: "https://vulners.com/\(entry.type.isEmpty ? "cve" : entry.type)/\(entry.id)", component: script.cpe))
        }
        return (results, exploits)
    }

    /// A `vuln` script's report (`State: VULNERABLE`), as a result.
    private static func vulnerable(_ script: Script, host: ScannedHost, port: Port?) -> ScanResult? {
        let output = script.output
        guard output.contains("State: VULNERABLE") || output.contains("State: LIKELY VULNERABLE") else { return nil }
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let title = lines.firstIndex { $0.hasSuffix("VULNERABLE:") }.flatMap { $0 + 1 < lines.count ? lines[$0 + 1] : nil } ?? script.id
        let risk = lines.first { $0.hasPrefix("Risk factor:") }.flatMap { FindingSeverity(word: String($0.dropFirst(12)).trimmed) }
        let cves = CVEList.parse(output.replacingOccurrences(of: "CVE:", with: " "))
        return ScanResult(host: host, port: port?.number, transport: port?.transport ?? "", title: "\(script.id): \(title)",
                          scannerID: "nmap:\(script.id)", cves: cves, severity: risk ?? .medium, description: output.trimmed,
                          evidence: output.trimmed)
    }
}
