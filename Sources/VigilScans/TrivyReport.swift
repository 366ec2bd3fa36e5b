import Foundation
import VigilCore

/// Trivy JSON, in its three shapes:
/// - schema 2: `{"SchemaVersion": 2, "ArtifactName", "Results": [...]}`;
/// - the older top-level array of results: `[{"Target", "Type", "Vulnerabilities"}]`;
/// - Kubernetes cluster reports: `{"ClusterName", "Resources": [{"Namespace", "Kind", "Name",
///   "Results"}]}`, and the older form with `Vulnerabilities` and `Misconfigurations` lists of
///   resources.
/// The "host" is what was scanned: the artifact (an image, a folder), or `namespace/kind/name`
/// for a cluster's resource. Each vulnerability is a result (severity from Trivy's word, CVSS v3
/// from NVD where given, the package and its installed and fixed versions); each failed
/// misconfiguration check is a result, passed ones are skipped (counted); secrets are results
/// without the secret itself.
///
/// The file is mapped into memory and read by `JSONReader`, a pull parser that builds no tree:
/// what it holds at a time is one vulnerability.
struct TrivyReport {
    static func read(path: String, onResult: (ScanResult) throws -> Void) throws -> ScanSummary {
        let data: Data
        do {
            // An empty file is not read through Foundation: on Linux it reads a file whose size is 0
            // into a 4 KB buffer that it never frees (found by fuzzing, Tests/fuzz/regressions/trivy).
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            data = size == 0 ? Data() : try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ScanReportError(.cannotRead)
        }
        var summary = ScanSummary(format: .trivy)
        var context = Context()
        do {
            try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws in
                try parse(buffer, context: &context, onResult: onResult)
            }
        } catch let failure as JSONReader.Failure {
            throw ScanReportError(.jsonInvalid, field: failure.path, detail: failure.reason)
        }
        summary.results = context.count
        summary.skipped = context.skipped
        summary.hosts = context.hosts.values.sorted { $0.key < $1.key }
        return summary
    }

    private static func parse(_ buffer: UnsafeRawBufferPointer, context: inout Context,
                              onResult: (ScanResult) throws -> Void) throws(JSONReader.Failure) {
        var reader = JSONReader(buffer)
        switch try reader.peek() {
        case .array:
            try context.results(&reader, artifact: "", path: "document", onResult: onResult)
        case .object:
            var artifact = ""
            try reader.readObject { (reader: inout JSONReader, key: String) throws(JSONReader.Failure) in
                switch key {
                case "ArtifactName", "ClusterName": artifact = try reader.readString() ?? ""
                case "Results": try context.results(&reader, artifact: artifact, path: "Results", onResult: onResult)
                case "Resources", "Vulnerabilities", "Misconfigurations": try context.resources(&reader, path: key, onResult: onResult)
                default: try reader.skipValue()
                }
            }
        default:
            throw JSONReader.Failure(path: "document", reason: "expected an object or an array")
        }
        try reader.finish()
    }

    private struct Context {
        var count = 0
        var skipped: [String: Int] = [:]
        var hosts: [String: ScannedHost] = [:]

        /// A list of cluster resources, each with its results.
        mutating func resources(_ reader: inout JSONReader, path: String, onResult: (ScanResult) throws -> Void) throws(JSONReader.Failure) {
            guard !(try reader.readNull()) else { return }
            guard try reader.peek() == .array else { throw JSONReader.Failure(path: path, reason: "expected an array") }
            try reader.readArray { (reader: inout JSONReader, position: Int) throws(JSONReader.Failure) in
                var namespace = "", kind = "", name = ""
                try reader.readObject { (reader: inout JSONReader, key: String) throws(JSONReader.Failure) in
                    switch key {
                    case "Namespace": namespace = try reader.readString() ?? ""
                    case "Kind": kind = try reader.readString() ?? ""
                    case "Name": name = try reader.readString() ?? ""
                    case "Results":
                        let artifact = [namespace, kind, name].filter { !$0.isEmpty }.joined(separator: "/")
                        try results(&reader, artifact: artifact, path: "\(path)[\(position)].Results", onResult: onResult)
                    default: try reader.skipValue()
                    }
                }
            }
        }

        /// A list of results (a target each: an OS's packages, a lock file, a manifest).
        mutating func results(_ reader: inout JSONReader, artifact: String, path: String,
                              onResult: (ScanResult) throws -> Void) throws(JSONReader.Failure) {
            guard !(try reader.readNull()) else { return }
            guard try reader.peek() == .array else { throw JSONReader.Failure(path: path, reason: "expected an array") }
            try reader.readArray { (reader: inout JSONReader, position: Int) throws(JSONReader.Failure) in
                var target = "", type = ""
                try reader.readObject { (reader: inout JSONReader, key: String) throws(JSONReader.Failure) in
                    let here = "\(path)[\(position)].\(key)"
                    switch key {
                    case "Target": target = try reader.readString() ?? ""
                    case "Type": type = try reader.readString() ?? ""
                    case "Vulnerabilities", "Misconfigurations", "Secrets":
                        guard !(try reader.readNull()) else { return }
                        guard try reader.peek() == .array else { throw JSONReader.Failure(path: here, reason: "expected an array") }
                        let host = self.host(artifact.isEmpty ? target : artifact)
                        try reader.readArray { (reader: inout JSONReader, index: Int) throws(JSONReader.Failure) in
                            let item = try Item.read(&reader, path: "\(here)[\(index)]")
                            try emit(item, kind: key, host: host, target: target, type: type, path: "\(here)[\(index)]", onResult: onResult)
                        }
                    default: try reader.skipValue()
                    }
                }
            }
        }

        mutating func host(_ name: String) -> ScannedHost {
            let host = IPAddress.isValid(name) ? ScannedHost(address: name) : ScannedHost(hostname: name.isEmpty ? "trivy" : name)
            hosts[host.key] = host
            return host
        }

        mutating func emit(_ item: Item, kind: String, host: ScannedHost, target: String, type: String, path: String,
                           onResult: (ScanResult) throws -> Void) throws(JSONReader.Failure) {
            let result: ScanResult
            switch kind {
            case "Vulnerabilities":
                guard let id = item.strings["VulnerabilityID"], !id.isEmpty else { throw JSONReader.Failure(path: path + ".VulnerabilityID", reason: "missing") }
                guard let package = item.strings["PkgName"], !package.isEmpty else { throw JSONReader.Failure(path: path + ".PkgName", reason: "missing") }
                let installed = item.strings["InstalledVersion"] ?? ""
                let fixed = item.strings["FixedVersion"] ?? ""
                result = ScanResult(
                    host: host, transport: type, title: item.strings["Title"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(id) in \(package)",
                    scannerID: id, cves: CVEList.parse(id + " " + item.aliases.joined(separator: " ")), cvssScore: item.cvssScore,
                    cvssVector: item.cvssVector, severity: FindingSeverity(word: item.strings["Severity"] ?? "") ?? FindingSeverity(cvss: item.cvssScore ?? 0),
                    description: item.strings["Description"] ?? "",
                    solution: fixed.isEmpty ? "" : "Upgrade \(package) to \(fixed) or later.",
                    evidence: ["Target: \(target)", "Installed: \(package) \(installed)", fixed.isEmpty ? nil : "Fixed in: \(fixed)",
                               item.strings["PrimaryURL"]].compactMap { $0 }.joined(separator: "\n"),
                    component: "\(package) \(installed)".trimmed)
            case "Misconfigurations":
                guard item.strings["Status"]?.uppercased() != "PASS" else {
                    skipped["passed configuration check", default: 0] += 1
                    return
                }
                let id = item.strings["AVDID"] ?? item.strings["ID"] ?? ""
                guard !id.isEmpty else { throw JSONReader.Failure(path: path + ".ID", reason: "missing") }
                result = ScanResult(
                    host: host, transport: type, title: item.strings["Title"] ?? id, scannerID: id,
                    severity: FindingSeverity(word: item.strings["Severity"] ?? "") ?? .medium,
                    description: [item.strings["Description"], item.strings["Message"]].compactMap { $0 }.joined(separator: "\n\n"),
                    solution: item.strings["Resolution"] ?? "", evidence: "Target: \(target)", component: target)
            default:
                // A secret: where it is, never what it is.
                let id = item.strings["RuleID"] ?? ""
                guard !id.isEmpty else { throw JSONReader.Failure(path: path + ".RuleID", reason: "missing") }
                let line = item.numbers["StartLine"].map { " line \(Int($0))" } ?? ""
                result = ScanResult(
                    host: host, transport: "secret", title: item.strings["Title"] ?? id, scannerID: id,
                    severity: FindingSeverity(word: item.strings["Severity"] ?? "") ?? .high,
                    description: "A secret (\(item.strings["Category"] ?? id)) in \(target)\(line).",
                    solution: "Remove the secret from the file and revoke it.", evidence: "Target: \(target)\(line)", component: "\(target)\(line)")
            }
            count += 1
            do {
                try onResult(result)
            } catch {
                throw JSONReader.Failure(path: path, reason: "\(error)")
            }
        }
    }

    /// One vulnerability, misconfiguration or secret: its text and number members, CVSS and
    /// aliases (`VendorIDs`, `CVE` aliases); everything else is skipped.
    struct Item {
        var strings: [String: String] = [:]
        var numbers: [String: Double] = [:]
        var aliases: [String] = []
        var cvssScore: Double?
        var cvssVector: String?

        static func read(_ reader: inout JSONReader, path: String) throws(JSONReader.Failure) -> Item {
            var item = Item()
            guard try reader.peek() == .object else { throw JSONReader.Failure(path: path, reason: "expected an object") }
            var sources: [String: (Double?, String?)] = [:]
            try reader.readObject { (reader: inout JSONReader, key: String) throws(JSONReader.Failure) in
                switch try reader.peek() {
                case .string: item.strings[key] = try reader.readString()
                case .number: item.numbers[key] = try reader.readNumber()
                case .object where key == "CVSS":
                    try reader.readObject { (reader: inout JSONReader, source: String) throws(JSONReader.Failure) in
                        var score: Double?, vector: String?, v2: Double?
                        guard try reader.peek() == .object else { return try reader.skipValue() }
                        try reader.readObject { (reader: inout JSONReader, field: String) throws(JSONReader.Failure) in
                            switch field {
                            case "V3Score": score = try reader.readNumber()
                            case "V3Vector": vector = try reader.readString()
                            case "V2Score": v2 = try reader.readNumber()
                            default: try reader.skipValue()
                            }
                        }
                        sources[source] = (score ?? v2, vector)
                    }
                case .array where key == "VendorIDs" || key == "Aliases":
                    try reader.readArray { (reader: inout JSONReader, _) throws(JSONReader.Failure) in
                        if let alias = try reader.readString() { item.aliases.append(alias) } else { try reader.skipValue() }
                    }
                default: try reader.skipValue()
                }
            }
            // NVD's score first, then the one Trivy took its severity from, then any.
            let preferred = sources["nvd"] ?? item.strings["SeveritySource"].flatMap { sources[$0] } ?? sources.sorted { $0.key < $1.key }.first?.value
            item.cvssScore = preferred?.0
            item.cvssVector = preferred?.1
            return item
        }
    }
}
