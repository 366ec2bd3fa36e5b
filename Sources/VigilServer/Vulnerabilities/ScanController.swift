import Fluent
import SQLKit
import Vapor
import VigilCore
import VigilScans

/// `POST /api/v1/scans` (multipart: `file`, `org`, optional `system`) imports a scanner report;
/// `GET /api/v1/findings` lists findings (`?scan=`, `?system=`, `?host=`, `?status=`, paged by
/// cursor), within the caller's organisations.
struct ScanController: Sendable {
    let service: ScanImportService
    let findings: FindingRepository
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let uploadLimit: Int

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .manageVulnerabilities)).streamedUpload(VulnerabilitiesAPIPath.scans, limit: uploadLimit, use: upload)
        routes.grouped(RequirePermission(permission: .viewVulnerabilities)).get(VulnerabilitiesAPIPath.findings, use: findings)
    }

    @Sendable func upload(req: Request) async throws -> Response {
        try await receive(req).encodeResponse(status: .created, for: req)
    }

    /// Streams the upload to a file and imports it: shared by the API and the page.
    /// What the form chose, kept so that a refused upload shows the form as it was.
    final class Choices: @unchecked Sendable {
        var organisation: String?
        var system: String?
    }

    func receive(_ req: Request, choices: Choices? = nil) async throws -> ScanImportService.Outcome {
        let user = try req.currentUser
        let upload = try ScanUpload(limit: uploadLimit)
        defer {
            choices?.organisation = upload.fields["org"]
            choices?.system = upload.fields["system"]
        }
        try await upload.receive(req)
        guard let raw = upload.fields["org"], let id = UUID(uuidString: raw),
              let organisation = try await organisations.find(id, in: user.scope, on: req.db) else {
            throw VigilError.invalid("org", "validation.organisation_unknown")
        }
        var systemID: UUID?
        if let raw = upload.fields["system"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw), let system = try await assets.system(id, on: req.db),
                  system.$organisation.id == organisation.id else {
                throw VigilError.invalid("system", "scan.error.system")
            }
            systemID = id
        }
        do {
            let outcome = try await service.importFile(
                at: upload.url.path, fileName: upload.fileName, organisationID: try organisation.requireID(), systemID: systemID,
                importedBy: .user(user, address: req.clientAddress), importedByName: user.displayName, on: req.db)
            return outcome
        } catch let error as ScanReportError {
            throw VigilError(status: .unprocessableEntity, code: "invalid_report", messageKey: "scan.error.refused", arguments: [Self.words(error, req)])
        }
    }

    /// The reader's reason in the user's language, with where in the report it was found.
    static func words(_ error: ScanReportError, _ req: Request) -> String {
        let reason = req.t("scan.reason.\(error.code.rawValue)", [error.detail])
        let place = switch (error.line, error.field) {
        case (let line?, let field?): req.t("scan.where.line_field", [String(line), field])
        case (let line?, nil): req.t("scan.where.line", [String(line)])
        case (nil, let field?): req.t("scan.where.field", [field])
        case (nil, nil): ""
        }
        return place.isEmpty ? reason : place + ": " + reason
    }

    /// The API pages findings by id whatever the page's sort.
    static func apiFilter(_ req: Request) throws -> FindingRepository.Filter {
        var filter = try FindingRepository.Filter(req)
        filter.sort = nil
        return filter
    }

    struct FindingDTO: Content {
        struct Host: Content {
            let id: String
            let address: String?
            let hostname: String
        }
        let id: String
        let host: Host
        let port: Int?
        let `protocol`: String
        let title: String
        let scannerId: String
        let cves: [String]
        let cvss: Double?
        let severity: String
        let status: String
        let allowsIntrusion: Bool
        let dueAt: Date?
        let firstSeenAt: Date
        let lastSeenAt: Date
    }

    @Sendable func findings(req: Request) async throws -> APIPage<FindingDTO> {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let filter = try Self.apiFilter(req)
        let scope = filter.scope(try await organisations.all(in: user.scope, on: req.db))
        let rows = try await findings.list(scope: scope, filter: filter, after: page.after,
                                                      limit: page.limit + 1, on: req.db)
        return APIPage(rows: rows.map { row in
            FindingDTO(
                id: row.id.uuidString.lowercased(),
                host: .init(id: row.host_id.uuidString.lowercased(), address: row.addresses.split(separator: ",").first.map(String.init),
                            hostname: row.hostname),
                port: row.port, protocol: row.transport, title: row.title, scannerId: row.scanner_id,
                cves: row.cves.split(separator: " ").map(String.init), cvss: row.cvss, severity: row.severity, status: row.status,
                allowsIntrusion: row.allows_intrusion, dueAt: row.due_at, firstSeenAt: row.first_seen_at, lastSeenAt: row.last_seen_at)
        }, limit: page.limit) { $0.id }
    }
}
