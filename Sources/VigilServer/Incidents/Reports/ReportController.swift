import Fluent
import Vapor
import VigilCore

/// The official reports of an incident: the print-ready page and the DOCX of a report as it would
/// be now, issuing one (kept as sent), and the issued ones. Serves the page and the API.
struct ReportController: RouteCollection, Sendable {
    let repository: IncidentRepository
    let service: ReportService
    let isAPI: Bool

    func boot(routes: any RoutesBuilder) throws {
        if isAPI { routes.get(IncidentsPath.reports(.key), use: list) }
        // `initial` is the print page (or, on the API, the report as JSON); `initial.docx` the file.
        routes.get(IncidentsPath.report(.key, file: .key), use: show)
        routes.get(IncidentsPath.issuedReport(.key, report: .key), use: downloadIssued)
        routes.grouped(RequirePermission(permission: .handleIncidents)).post(IncidentsPath.issueReport(.key, kind: .key), use: issue)
    }

    static let docxType = DocxWriter.contentType

    static func kind(_ raw: String?) throws -> ReportKind {
        guard let raw, let kind = ReportKind(rawValue: raw) else { throw VigilError.notFound }
        return kind
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let file = req.parameters.get("file") ?? ""
        let wantsDocx = file.hasSuffix(".docx")
        let kind = try Self.kind(wantsDocx ? String(file.dropLast(5)) : file)
        let (document, inForce) = try await service.document(kind, for: incident, recipients: nil, issuedBy: user.displayName, on: req.db)
        if wantsDocx {
            let data = try DocxWriter().write(title: document.title, blocks: document.blocks)
            return EvidenceController.attachment(data, filename: "\(incident.reference)-\(kind.rawValue).docx",
                                                 digest: BlobStore.digest(of: data), contentType: Self.docxType)
        }
        if isAPI {
            return try await ReportJSON(kind: kind.rawValue, title: document.title, templateVersion: inForce.version,
                                        legalSource: inForce.template.source.reference, text: document.plainText).encodeResponse(for: req)
        }
        let issued = try await service.issued(for: incident, on: req.db).filter { $0.kind == kind.rawValue }
        let page = PrintPage(
            incidentID: try incident.requireID().uuidString.lowercased(), reference: incident.reference, kind: kind.rawValue,
            kindLabel: req.t(kind.labelKey), title: document.title, blocks: document.blocks.map(PaperBlock.init),
            templateVersion: inForce.version, legalSource: inForce.template.source.reference,
            canIssue: user.has(.handleIncidents), defaultRecipients: try await service.recipientsInForce(nil, on: req.db),
            issued: issued.map { IssuedRow($0, req) }, hasIssued: !issued.isEmpty)
        return try await req.renderPage("incidents/report-print", titleKey: kind.labelKey, page)
    }

    struct ReportJSON: Content {
        let kind: String
        let title: String
        let templateVersion: Int
        let legalSource: String
        let text: String
    }

    struct IssuedRow: Encodable, Sendable {
        let id: String
        let kind: String
        let title: String
        let issuedAt: String
        let issuedBy: String
        let recipients: String
        let channel: String?
        let sha256: String

        init(_ record: IssuedReportRecord, _ req: Request) {
            id = record.id!.uuidString.lowercased()
            kind = req.t("report.kind.\(record.kind)")
            title = record.title
            issuedAt = req.formDateTime(record.issuedAt)
            issuedBy = record.issuedBy
            recipients = record.recipients
            channel = record.channel
            sha256 = record.sha256
        }
    }

    struct IssuedDTO: Content {
        let id: String
        let kind: String
        let title: String
        let sha256: String
        let sizeBytes: Int64
        let recipients: String
        let channel: String?
        let templateVersion: Int
        let issuedAt: Date
        let issuedBy: String

        init(_ record: IssuedReportRecord) {
            id = record.id!.uuidString.lowercased()
            kind = record.kind
            title = record.title
            sha256 = record.sha256
            sizeBytes = record.sizeBytes
            recipients = record.recipients
            channel = record.channel
            templateVersion = record.templateVersion
            issuedAt = record.issuedAt
            issuedBy = record.issuedBy
        }
    }

    @Sendable func list(req: Request) async throws -> APIPage<IssuedDTO> {
        let incident = try await repository.load(req)
        let rows = try await service.issued(for: incident, on: req.db).map(IssuedDTO.init)
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    struct IssueRequest: Content {
        var recipients: String
        var channel: String?
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let kind = try Self.kind(req.parameters.get("kind"))
        let id = try incident.requireID()
        do {
            let body = isAPI ? try req.decodeJSON(IssueRequest.self) : try req.content.decode(IssueRequest.self)
            let record = try await service.issue(kind, for: incident, recipients: body.recipients, channel: body.channel, by: user,
                                                 address: req.clientAddress, on: req.db)
            if isAPI { return try await IssuedDTO(record).encodeResponse(status: .created, for: req) }
            return req.redirect(to: IncidentsPath.show(.value(id)).link(notice: "report_issued", fragment: "reports"))
        } catch let error as VigilError where !isAPI && error.status.code < 500 && error.status != .notFound {
            return req.redirect(to: IncidentsPath.report(.value(id), file: .value(kind.rawValue)).link(problem: error.allFieldErrors.first?.messageKey ?? error.messageKey))
        }
    }

    @Sendable func downloadIssued(req: Request) async throws -> Response {
        let incident = try await repository.load(req)
        guard let id = req.parameters.get("reportID", as: UUID.self),
              let record = try await repository.issuedReport(id, of: incident.requireID(), on: req.db)
        else { throw VigilError.notFound }
        do {
            let data = try await service.blobs.get(record.sha256)
            let day = service.isoDay(record.issuedAt)
            return EvidenceController.attachment(data, filename: "\(incident.reference)-\(record.kind)-\(day).docx",
                                                 digest: record.sha256, contentType: Self.docxType)
        } catch is BlobStore.Failure {
            throw VigilError(status: .conflict, code: "report_integrity_failed", messageKey: "report.error.integrity")
        }
    }
}
