import Fluent
import Vapor
import VigilCore

/// `/settings/reporting-bodies`: the bodies incidents are reported to, with their legal sources.
struct ReportingBodyPage: RuleDataPage {
    let store: ReportingBodyStore

    static let list = IncidentsPath.reportingBodies
    static func retirePath(_ id: PathParameter<UUID>) -> IncidentsPath { .retireReportingBody(id) }
    static let idParameter = "bodyID"
    static let template = "incidents/reporting-bodies"
    static let titleKey = "reporting_body.title"

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

    func page(_ req: Request, user: CurrentUser, form: FormState) async throws -> Page {
        let rows = try await store.all(on: req.db).map {
            Page.Row(id: $0.id!.uuidString.lowercased(), name: $0.name, kind: req.t("reporting_body.kind.\($0.kind)"), contact: $0.contact,
                     hasContact: !$0.contact.isEmpty, source: $0.legalReference, effectiveFrom: $0.effectiveFrom, retired: $0.retiredAt != nil)
        }
        let kinds = ReportingBody.Kind.allCases.map {
            SelectOption(value: $0.rawValue, label: req.t("reporting_body.kind.\($0.rawValue)"), selected: form.values["kind"] == $0.rawValue)
        }
        return Page(rows: rows, kinds: kinds, editable: user.isRootAdmin, today: ISODay.string(Date(), in: store.timeZone),
                    form: form)
    }

    struct Form: Content {
        var name: String
        var kind: String
        var contact: String?
        var legalReference: String
        var effectiveFrom: String
    }

    static func values(of form: Form) -> [String: String] {
        ["name": form.name, "kind": form.kind, "contact": form.contact ?? "", "legalReference": form.legalReference,
         "effectiveFrom": form.effectiveFrom]
    }

    func add(_ form: Form, by user: CurrentUser, address: String, on db: any Database) async throws {
        guard let kind = ReportingBody.Kind(rawValue: form.kind) else { throw VigilError.invalid("kind", "validation.unknown_code", [form.kind]) }
        let body = ReportingBody(name: form.name, kind: kind, contact: form.contact ?? "",
                                 source: LegalSource(reference: form.legalReference, effectiveFrom: form.effectiveFrom.trimmingCharacters(in: .whitespaces)))
        try await store.add(body, by: user, address: address, on: db)
    }

    func retire(_ id: UUID, by user: CurrentUser, address: String, on db: any Database) async throws {
        try await store.retire(id, by: user, address: address, on: db)
    }
}
