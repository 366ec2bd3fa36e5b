import Vapor
import VigilCore

/// What the incident page shows of its evidence (with the custody log) and its official reports.
struct IncidentPaperwork: Encodable, Sendable {
    struct EvidenceRow: Encodable, Sendable {
        let id: String
        let filename: String
        let sha256: String
        let size: String
        let description: String?
        let added: String
        let addedBy: String
    }
    struct CustodyRow: Encodable, Sendable {
        let at: String
        let actor: String
        let action: String
        let filename: String
        let failed: Bool
    }
    let evidence: [EvidenceRow]
    let hasEvidence: Bool
    let custody: [CustodyRow]
    let canAddEvidence: Bool
    let maxMegabytes: String
    let reportKinds: [SelectOption]
    let issued: [ReportController.IssuedRow]
    let hasIssued: Bool

    static func load(_ incident: IncidentRecord, _ req: Request, evidence service: EvidenceService, reports: ReportService) async throws -> IncidentPaperwork {
        let user = try req.currentUser
        let files = try await service.list(for: incident, on: req.db)
        let names = Dictionary(files.map { ($0.id!, $0.filename) }, uniquingKeysWith: { first, _ in first })
        let custody = try await service.custody(for: incident, on: req.db).map {
            CustodyRow(at: req.formDateTime($0.at), actor: $0.actor, action: req.t("evidence.custody.\($0.action)"),
                       filename: names[$0.evidenceID] ?? "", failed: $0.action == EvidenceCustodyRecord.Action.integrityFailed.rawValue)
        }
        let issued = try await reports.issued(for: incident, on: req.db).map { ReportController.IssuedRow($0, req) }
        return IncidentPaperwork(
            evidence: files.map {
                EvidenceRow(id: $0.id!.uuidString.lowercased(), filename: $0.filename, sha256: $0.sha256, size: Self.size($0.sizeBytes),
                            description: $0.details, added: req.formDateTime($0.addedAt), addedBy: $0.addedBy)
            },
            hasEvidence: !files.isEmpty, custody: custody, canAddEvidence: user.has(.commentIncidents),
            maxMegabytes: EvidenceService.megabytes(service.policy.maxBytes),
            reportKinds: ReportKind.allCases.map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: false) },
            issued: issued, hasIssued: !issued.isEmpty)
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
