import Foundation
import VigilCore
import VigilScans

/// The part of an import that needs no database, done on the reader's thread batch by batch
/// (`ScanBatches`) while the writer writes the batch before: each result's host (from the
/// inventory read at the start, else a new one), its identity, whether the report had it already,
/// its check's content hash, and whether it allows intrusion.
///
/// The reader's thread alone uses it until the stream says `.done`; then the writer reads what it
/// gathered (`coveredHosts`, `createdHosts`, `seen`, `cves`, `duplicates`). That hand-over is why it is a class
/// marked `@unchecked Sendable`.
final class ImportPreparer: @unchecked Sendable {
    /// A result ready to write.
    struct Row: Sendable {
        let identity: String
        let hostID: UUID
        let result: ScanResult
        /// The check's content hash (`checkHash`).
        let checkHash: String
        /// The CVEs as stored: space-separated.
        let cves: String
        let allowsIntrusion: Bool
    }

    /// A host the inventory does not know, to be created (source `scan`).
    struct NewHost: Sendable {
        let id: UUID
        let name: String
        let address: String
        let os: String
    }

    struct Batch: Sendable {
        let rows: [Row]
        let newHosts: [NewHost]
        /// Results read so far, for the progress line.
        let read: Int
    }

    let format: ScanFormat
    let intrusion: IntrusionRule
    private(set) var coveredHosts: Set<UUID> = []
    /// The hosts this import creates: none of their findings can be older than it.
    private(set) var createdHosts: Set<UUID> = []
    private(set) var seen: Set<String> = []
    private(set) var cves: Set<String> = []
    /// The same weakness twice in one report: merged into the first.
    private(set) var duplicates = 0
    private var read = 0
    private var hostsByAddress: [String: UUID] = [:]
    private var hostsByName: [String: UUID] = [:]
    /// New hosts' ids, increasing like the import's others.
    private var hostIDs: TimeOrderedIDs
    /// Hosts' ids as `FindingIdentity` writes them (lower-case text, and without dashes for the
    /// key's start), made once per host.
    private var hostTexts: [UUID: (text: String, prefix: String)] = [:]
    /// The checks' text this import has met, by scanner id, with its content hash: a result whose
    /// text is the same, byte for byte, is not hashed again.
    private var checkTexts: [String: [CheckText]] = [:]
    /// Whether a check's words (title, description) allow intrusion, by content hash.
    private var intrusionWords: [String: Bool] = [:]

    /// `hosts`: the organisation's inventory, as (id, hostname, comma-separated addresses).
    init(format: ScanFormat, now: Date, intrusion: IntrusionRule, hosts: [(id: UUID, hostname: String, addresses: String)]) {
        self.format = format
        self.intrusion = intrusion
        hostIDs = TimeOrderedIDs(at: now)
        for host in hosts {
            for address in host.addresses.split(separator: ",") { hostsByAddress[String(address)] = hostsByAddress[String(address)] ?? host.id }
            let name = host.hostname.lowercased()
            hostsByName[name] = hostsByName[name] ?? host.id
            if let short = name.split(separator: ".").first, short.count < name.count { hostsByName[String(short)] = hostsByName[String(short)] ?? host.id }
        }
    }

    func prepare(_ results: [ScanResult]) -> Batch {
        read += results.count
        var rows: [Row] = []
        rows.reserveCapacity(results.count)
        var newHosts: [NewHost] = []
        for result in results {
            let hostID = resolveHost(result.host, newHosts: &newHosts)
            coveredHosts.insert(hostID)
            let identity = identity(hostID: hostID, result: result)
            guard seen.insert(identity).inserted else {
                duplicates += 1
                continue
            }
            cves.formUnion(result.cves)
            let hash = checkHash(result)
            rows.append(Row(identity: identity, hostID: hostID, result: result, checkHash: hash, cves: result.cves.joined(separator: " "),
                            allowsIntrusion: allowsIntrusion(result, checkHash: hash)))
        }
        return Batch(rows: rows, newHosts: newHosts, read: read)
    }

    /// The inventory's host for a report's host, by address, else by name (also without its
    /// domain); a new host when there is none.
    private func resolveHost(_ host: ScannedHost, newHosts: inout [NewHost]) -> UUID {
        // An address the report wrote that is not one was kept as written in the host's addresses,
        // so the same report text finds the same host again.
        if let address = host.address ?? host.reportedAddress, let id = hostsByAddress[address] { return id }
        if let name = host.hostname?.lowercased() {
            if let id = hostsByName[name] { return id }
            if let short = name.split(separator: ".").first, let id = hostsByName[String(short)] { return id }
        }
        let id = hostIDs.next()
        createdHosts.insert(id)
        let name = host.hostname ?? host.address ?? "?"
        let address = host.address ?? host.reportedAddress.map { String($0.prefix(64)).replacingOccurrences(of: ",", with: " ") }
        newHosts.append(NewHost(id: id, name: String(name.prefix(253)), address: address ?? "", os: String((host.os ?? "").prefix(200))))
        if let address { hostsByAddress[address] = id }
        if let hostname = host.hostname?.lowercased() { hostsByName[hostname] = id }
        return id
    }

    /// `FindingIdentity.key`, with the host's id formatted once per host rather than once per
    /// result (Foundation formats a UUID with `sprintf`).
    private func identity(hostID: UUID, result: ScanResult) -> String {
        let host: (text: String, prefix: String)
        if let known = hostTexts[hostID] {
            host = known
        } else {
            let text = hostID.uuidString.lowercased()
            host = (text, FindingIdentity.prefix(hostText: text))
            hostTexts[hostID] = host
        }
        return FindingIdentity.key(hostText: host.text, hostPrefix: host.prefix, result: result)
    }

    /// The digest of the check's text (what `vulnerability_checks.content_hash` holds).
    private func checkHash(_ result: ScanResult) -> String {
        let vector = result.cvssVector ?? ""
        if let known = checkTexts[result.scannerID]?.first(where: { $0.matches(result, vector: vector) }) { return known.hash }
        let hash = Secrets.sha256Hex([format.rawValue, result.scannerID, result.title, vector, result.description, result.solution]
            .joined(separator: "\u{1F}"))
        // A few texts per scanner id at most (a check's text changes rarely): beyond, hashed each time.
        if checkTexts[result.scannerID, default: []].count < 4 {
            checkTexts[result.scannerID, default: []].append(CheckText(result, vector: vector, hash: hash))
        }
        return hash
    }

    /// `IntrusionRule.allowsIntrusion`, with the search of the check's words (its title and
    /// description, the same on every host it finds) made once per check.
    private func allowsIntrusion(_ result: ScanResult, checkHash: String) -> Bool {
        if result.cves.contains(where: intrusion.knownExploited.contains) { return true }
        guard result.severity >= .high else { return false }
        if let known = intrusionWords[checkHash] { return known }
        let words = intrusion.allowsIntrusion(ScanResult(host: result.host, title: result.title, scannerID: result.scannerID,
                                                         severity: result.severity, description: result.description))
        intrusionWords[checkHash] = words
        return words
    }
}
