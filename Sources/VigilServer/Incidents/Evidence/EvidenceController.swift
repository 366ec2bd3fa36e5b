import Fluent
import Vapor
import VigilCore

/// Evidence files of an incident: upload (multipart), list with the custody log, and download after
/// the digest is re-checked. The same routes serve the page (under `/incidents`) and the API.
struct EvidenceController: RouteCollection, Sendable {
    let repository: IncidentRepository
    let service: EvidenceService
    /// The upload body limit: the evidence limit plus room for the form's other fields.
    let uploadLimit: Int
    let isAPI: Bool

    func boot(routes: any RoutesBuilder) throws {
        if isAPI { routes.get(IncidentsPath.evidence(.key), use: list) }
        routes.get(IncidentsPath.evidenceItem(.key, evidence: .key), use: download)
        routes.grouped(RequirePermission(permission: .commentIncidents))
            .upload(IncidentsPath.evidence(.key), limit: uploadLimit, use: upload)
    }

    /// `file` for one file, `files[]` for several (the page's multiple picker); `description` is
    /// shared by all of them.
    struct UploadForm: Content {
        var file: File?
        var files: [File]?
        var description: String?
    }

    static func uploads(_ form: UploadForm) -> [EvidenceService.Upload] {
        ((form.files ?? []) + (form.file.map { [$0] } ?? []))
            // A browser sends an empty part when nothing was picked.
            .filter { !$0.filename.isEmpty || $0.data.readableBytes > 0 }
            .map { EvidenceService.Upload(filename: $0.filename, declaredType: $0.contentType?.description ?? "application/octet-stream",
                                          data: Data(buffer: $0.data)) }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let path = IncidentsPath.show(.value(try incident.requireID()))
        guard req.headers.contentType?.type == "multipart" else {
            throw VigilError(status: .unsupportedMediaType, code: "multipart_required", messageKey: "evidence.error.multipart")
        }
        do {
            let form = try req.content.decode(UploadForm.self)
            let uploads = Self.uploads(form)
            guard !uploads.isEmpty else { throw VigilError.invalid("file", "evidence.error.none") }
            let records = try await service.add(uploads, description: form.description, to: incident, by: user,
                                                address: req.clientAddress, on: req.db)
            if isAPI {
                return try await APIPage(rows: records.map { EvidenceDTO($0, custody: []) }, limit: records.count) { $0.id }
                    .encodeResponse(status: .created, for: req)
            }
            return req.redirect(to: path.link(notice: "evidence_added", fragment: "evidence"))
        } catch let error as VigilError where !isAPI && error.status.code < 500 && error.status != .notFound {
            return req.redirect(to: path.link(problem: error.messageKey, fragment: "evidence"))
        }
    }

    struct CustodyDTO: Content {
        let action: String
        let at: Date
        let actor: String
        let address: String?
    }

    struct EvidenceDTO: Content {
        let id: String
        let filename: String
        let sha256: String
        let sizeBytes: Int64
        let declaredType: String
        let description: String?
        let addedAt: Date
        let addedBy: String
        let custody: [CustodyDTO]

        init(_ record: EvidenceRecord, custody: [EvidenceCustodyRecord]) {
            id = record.id!.uuidString.lowercased()
            filename = record.filename
            sha256 = record.sha256
            sizeBytes = record.sizeBytes
            declaredType = record.declaredType
            description = record.details
            addedAt = record.addedAt
            addedBy = record.addedBy
            self.custody = custody.filter { $0.evidenceID == record.id }
                .map { CustodyDTO(action: $0.action, at: $0.at, actor: $0.actor, address: $0.address) }
        }
    }

    @Sendable func list(req: Request) async throws -> APIPage<EvidenceDTO> {
        let incident = try await repository.load(req)
        let custody = try await service.custody(for: incident, on: req.db)
        let rows = try await service.list(for: incident, on: req.db).map { EvidenceDTO($0, custody: custody) }
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        guard let id = req.parameters.get("evidenceID", as: UUID.self) else { throw VigilError.notFound }
        let evidence = try await service.find(id, in: incident, on: req.db)
        let data = try await service.download(evidence, of: incident, by: user, address: req.clientAddress, on: req.db)
        return Self.attachment(data, filename: evidence.filename, digest: evidence.sha256)
    }

    /// Always a download of opaque bytes: evidence may be hostile, so the browser must not render it.
    static func attachment(_ data: Data, filename: String, digest: String, contentType: String = "application/octet-stream") -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? ascii
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: "X-Content-SHA256", value: digest)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
