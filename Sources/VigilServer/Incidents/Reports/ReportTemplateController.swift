import Fluent
import Vapor
import VigilCore

/// Editing the official report templates: each save is a new version with its legal source and the
/// day it takes effect; issued reports keep the version they were made from.
struct ReportTemplateController: RouteCollection, Sendable {
    let service: ReportService

    func boot(routes: any RoutesBuilder) throws {
        let templates = routes.grouped(RequirePermission(permission: .manageSettings))
        templates.get(IncidentsPath.reportTemplates, use: page)
        templates.post(IncidentsPath.reportTemplate(kind: .key), use: save)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let kind = (try? req.query.get(String.self, at: "kind")).flatMap(ReportKind.init(rawValue:)) ?? .notification
        return try await render(req, kind: kind, form: FormState())
    }

    private func render(_ req: Request, kind: ReportKind, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let inForce = try await service.template(kind, on: req.db)
        let versions = try await service.versions(kind, on: req.db).map {
            Page.Version(version: $0.version, legalReference: $0.legalReference, effectiveFrom: $0.effectiveFrom,
                         createdAt: req.formDateTime($0.createdAt), createdBy: $0.createdBy, inForce: $0.version == inForce.version)
        }
        let page = Page(
            kinds: ReportKind.allCases.map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0 == kind) },
            kind: kind.rawValue, kindLabel: req.t(kind.labelKey),
            body: form.values["body"] ?? inForce.template.body,
            legalReference: form.values["legalReference"] ?? inForce.template.source.reference,
            effectiveFrom: form.values["effectiveFrom"] ?? service.isoDay(Date()),
            versionInForce: inForce.version, versions: versions,
            fields: ReportTemplate.fields.map { "{{\($0)}}" }, tableFields: ReportTemplate.tableFields.map { "{{\($0)}}" },
            editable: user.isRootAdmin, form: form)
        return try await req.renderPage("incidents/report-templates", titleKey: "report.templates.title", page, status: status)
    }

    struct Form: Content {
        var body: String
        var legalReference: String
        var effectiveFrom: String
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let kind = try ReportController.kind(req.parameters.get("kind"))
        let form = try req.content.decode(Form.self)
        do {
            _ = try await service.saveTemplate(kind, body: form.body, legalReference: form.legalReference, effectiveFrom: form.effectiveFrom,
                                               by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: IncidentsPath.reportTemplates.link(query: ["kind": kind.rawValue, "notice": "saved"]))
        } catch let error as VigilError where error.field != nil {
            let values = ["body": form.body, "legalReference": form.legalReference, "effectiveFrom": form.effectiveFrom]
            return try await render(req, kind: kind, form: .failed(error, values: values, request: req), status: error.status)
        }
    }
}
