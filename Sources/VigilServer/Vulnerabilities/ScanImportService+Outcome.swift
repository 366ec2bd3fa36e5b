import Vapor

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
    }
}
