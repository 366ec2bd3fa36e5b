import Vapor
import VigilCore

extension ScanImportService {
    /// What an import did: the answer of `POST /api/v1/scans` and of `vigil import --json`.
    struct Outcome: Content, Equatable {
        let scanId: String
        let format: String
        let hosts: Int
        let findings: Int
        let new: Int
        let unchanged: Int
        let fixed: Int
        let reopened: Int
        let cves: Int
        let seconds: Double
        let merged: [String: Int]
        let skipped: [String: Int]
        /// What the report said that was kept in another form than written (an address that is
        /// not one, kept as written beside the host): `{"kind", "value", "count"}`.
        let changed: [ScanChange]
    }
}

/// What an import kept aside, stored with the scan (`scans.accounting`) for its page.
struct ScanAccounting: Codable, Equatable {
    var merged: [String: Int] = [:]
    var skipped: [String: Int] = [:]
    var changed: [ScanChange] = []

    /// The stored text; older imports have no `changed`.
    static func decode(_ text: String) -> ScanAccounting {
        struct Stored: Decodable { var merged: [String: Int]?; var skipped: [String: Int]?; var changed: [ScanChange]? }
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)) else { return ScanAccounting() }
        return ScanAccounting(merged: stored.merged ?? [:], skipped: stored.skipped ?? [:], changed: stored.changed ?? [])
    }
}
