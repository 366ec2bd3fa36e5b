import Fluent
import Vapor
import VigilCore

/// `/settings/reporting-bodies`: the bodies incidents are reported to, with their legal sources.
/// Administrators read them; an administrator of a root organisation adds and retires them.
struct ReportingBodyController: RouteCollection, Sendable {
    let store: ReportingBodyStore

    func boot(routes: any RoutesBuilder) throws {
        let bodies = routes.grouped(RequirePermission(permission: .manageSettings))
        bodies.get(IncidentsPath.reportingBodies, use: page)
        bodies.post(IncidentsPath.reportingBodies, use: add)
        bodies.post(IncidentsPath.retireReportingBody(.key), use: retire)
    }

    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let kind: String
            let contact: String
            let hasContact: Bool
            let source: String
            let effectiveFrom: String
            let retired: Bool
        }
        let rows: [Row]
        let kinds: [SelectOption]
        let editable: Bool
        let today: String
        let form: FormState
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    private func render(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let rows = try await store.all(on: req.db).map {
            Page.Row(id: $0.id!.uuidString.lowercased(), name: $0.name, kind: req.t("reporting_body.kind.\($0.kind)"), contact: $0.contact,
                     hasContact: !$0.contact.isEmpty, source: $0.legalReference, effectiveFrom: $0.effectiveFrom, retired: $0.retiredAt != nil)
        }
        let kinds = ReportingBody.Kind.allCases.map {
            SelectOption(value: $0.rawValue, label: req.t("reporting_body.kind.\($0.rawValue)"), selected: form.values["kind"] == $0.rawValue)
        }
        return try await req.renderPage("incidents/reporting-bodies", titleKey: "reporting_body.title",
                                        Page(rows: rows, kinds: kinds, editable: user.isRootAdmin,
                                             today: ReportingRuleStore(timeZone: store.timeZone).day(Date()), form: form), status: status)
    }

    struct AddForm: Content {
        var name: String
        var kind: String
        var contact: String?
        var legalReference: String
        var effectiveFrom: String
    }

    @Sendable func add(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(AddForm.self)
        let values = ["name": form.name, "kind": form.kind, "contact": form.contact ?? "", "legalReference": form.legalReference,
                      "effectiveFrom": form.effectiveFrom]
        do {
            guard let kind = ReportingBody.Kind(rawValue: form.kind) else { throw VigilError.invalid("kind", "validation.unknown_code", [form.kind]) }
            let body = ReportingBody(name: form.name, kind: kind, contact: form.contact ?? "",
                                     source: LegalSource(reference: form.legalReference, effectiveFrom: form.effectiveFrom.trimmingCharacters(in: .whitespaces)))
            try await store.add(body, by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: IncidentsPath.reportingBodies.link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, form: .failed(error, values: values, request: req), status: error.status)
        }
    }

    @Sendable func retire(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        guard let id = req.parameters.get("bodyID", as: UUID.self) else { throw VigilError.notFound }
        try await store.retire(id, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: IncidentsPath.reportingBodies.link(notice: "saved"))
    }
}
