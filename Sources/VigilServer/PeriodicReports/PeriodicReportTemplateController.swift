import Vapor
import VigilCore

/// Editing the periodic reports' templates, as the incident reports' are edited: each save is a new
/// version with its legal source and the day it takes effect; issued reports keep their version.
struct PeriodicReportTemplateController: RouteCollection, Sendable {
    let service: PeriodicReportService

    func boot(routes: any RoutesBuilder) throws {
        let templates = routes.grouped(RequirePermission(permission: .manageSettings))
        templates.get(PeriodicReportsPath.templates, use: page)
        templates.post(PeriodicReportsPath.template(kind: .key), use: save)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let kind = req.query[String.self, at: "kind"].flatMap(PeriodicReportKind.init(rawValue:)) ?? .sixMonth
        return try await render(req, kind: kind, form: FormState())
    }

    private func render(_ req: Request, kind: PeriodicReportKind, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let inForce = try await service.template(kind, on: req.db)
        let versions = try await service.repository.templateVersions(kind, on: req.db).map {
            Page.Version(version: $0.version, legalReference: $0.legalReference, effectiveFrom: $0.effectiveFrom,
                         createdAt: req.formDateTime($0.createdAt), createdBy: $0.createdBy, inForce: $0.version == inForce.version)
        }
        let page = Page(
            kinds: PeriodicReportKind.allCases.map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0 == kind) },
            kind: kind.rawValue, kindLabel: req.t(kind.labelKey),
            body: form.values["body"] ?? inForce.template.body,
            legalReference: form.values["legalReference"] ?? inForce.template.source.reference,
            effectiveFrom: form.values["effectiveFrom"] ?? ISODay.string(Date(), in: service.wording.format.timeZone),
            versionInForce: inForce.version, versions: versions,
            fields: PeriodicReportTemplate.fields.map { "{{\($0)}}" }, tableFields: PeriodicReportTemplate.tableFields.map { "{{\($0)}}" },
            editable: user.isRootAdmin, form: form)
        return try await req.renderPage("periodic-reports/periodic-report-templates", titleKey: "periodic.templates.title", page, status: status)
    }

    struct Form: Content {
        var body: String?
        var legalReference: String?
        var effectiveFrom: String?
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        guard let kind = req.parameters.get("periodicKind").flatMap(PeriodicReportKind.init(rawValue:)) else { throw VigilError.notFound }
        let form = try req.content.decode(Form.self)
        do {
            _ = try await service.saveTemplate(kind, body: form.body ?? "", legalReference: form.legalReference ?? "", effectiveFrom: form.effectiveFrom ?? "",
                                               by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: PeriodicReportsPath.templates.link(query: ["kind": kind.rawValue, "notice": "saved"]))
        } catch let error as VigilError where error.field != nil {
            let values = ["body": form.body ?? "", "legalReference": form.legalReference ?? "", "effectiveFrom": form.effectiveFrom ?? ""]
            return try await render(req, kind: kind, form: .failed(error, values: values, request: req), status: error.status)
        }
    }
}
