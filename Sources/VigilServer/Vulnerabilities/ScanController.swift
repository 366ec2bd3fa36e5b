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
        let view = routes.grouped(RequirePermission(permission: .viewVulnerabilities))
        view.get(VulnerabilitiesAPIPath.findings, use: findings)
        view.get(VulnerabilitiesAPIPath.finding(.key), use: finding)
        view.get(VulnerabilitiesAPIPath.scans, use: scans)
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
    /// The list's filters; `sort=field|-field` (deadline, severity, host) pages by offset, as the page does.
    static func apiFilter(_ req: Request) throws -> FindingRepository.Filter {
        try FindingRepository.Filter(req)
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
        if filter.sort != nil {
            let offset = page.offset ?? 0
            return APIPage(items: rows.prefix(page.limit).map(Self.dto), nextKey: rows.count > page.limit ? "o\(offset + page.limit)" : nil)
        }
        return APIPage(rows: rows.map(Self.dto), limit: page.limit) { $0.id }
    }

    static func dto(_ row: FindingRepository.Row) -> FindingDTO {
        FindingDTO(
            id: row.id.uuidString.lowercased(),
            host: .init(id: row.host_id.uuidString.lowercased(), address: row.addresses.split(separator: ",").first.map(String.init),
                        hostname: row.hostname),
            port: row.port, protocol: row.transport, title: row.title, scannerId: row.scanner_id,
            cves: row.cves.split(separator: " ").map(String.init), cvss: row.cvss, severity: row.severity, status: row.status,
            allowsIntrusion: row.allows_intrusion, dueAt: row.due_at, firstSeenAt: row.first_seen_at, lastSeenAt: row.last_seen_at)
    }

    /// One finding in scope; 404 for another organisation's.
    @Sendable func finding(req: Request) async throws -> FindingDTO {
        guard let id = req.parameters.get("findingID", as: UUID.self) else { throw VigilError.notFound }
        var filter = FindingRepository.Filter()
        filter.finding = id
        let scope = try await organisations.all(in: try req.currentUser.scope, on: req.db).compactMap(\.id)
        guard let row = try await findings.list(scope: scope, filter: filter, after: nil, limit: 1, on: req.db).first else { throw VigilError.notFound }
        return Self.dto(row)
    }

    struct ScanDTO: Content {
        let id: String
        let organisation: OrganisationRef
        let systemId: String?
        let format: String
        let fileName: String
        let fileSha256: String
        let fileBytes: Int
        let importedAt: Date
        let importedBy: String
        let hosts: Int
        let findings: Int
        let new: Int
        let unchanged: Int
        let fixed: Int
        let reopened: Int
        let cves: Int
    }

    /// The scans imported for the organisations in scope, newest first (`limit`, `cursor`).
    @Sendable func scans(req: Request) async throws -> APIPage<ScanDTO> {
        let page = try req.pageRequest()
        guard let offset = page.offset else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
        let scope = try await organisations.all(in: try req.currentUser.scope, on: req.db).compactMap(\.id)
        let rows = try await findings.scans(inOrganisations: scope, offset: offset, limit: page.limit + 1, on: req.db)
        let items = rows.prefix(page.limit).map { scan in
            ScanDTO(id: scan.id!.uuidString.lowercased(),
                    organisation: .init(id: scan.$organisation.id.uuidString.lowercased(), name: scan.organisation.name),
                    systemId: scan.systemID?.uuidString.lowercased(), format: scan.format, fileName: scan.fileName, fileSha256: scan.fileSHA256,
                    fileBytes: scan.fileBytes, importedAt: scan.importedAt, importedBy: scan.importedBy, hosts: scan.hosts, findings: scan.findings,
                    new: scan.newCount, unchanged: scan.unchangedCount, fixed: scan.fixedCount, reopened: scan.reopenedCount, cves: scan.cves)
        }
        return APIPage(items: Array(items), nextKey: rows.count > page.limit ? "o\(offset + page.limit)" : nil)
    }
}
