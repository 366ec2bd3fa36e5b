import Vapor
import VigilCore

/// Contacts added and changed by hand: `/contacts/new`, `/contacts/{id}/edit`, and removal.
struct ContactFormController: RouteCollection, Sendable {
    let repository: ContactRepository
    let service: ContactService
    let organisations: OrganisationRepository
    let users: UserRepository
    let suppliers: SupplierService
    let reportingBodies: ReportingBodyStore

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageContacts))
        manage.get(ContactsPath.newContact, use: newPage)
        manage.post(ContactsPath.directory, use: create)
        manage.get(ContactsPath.editContact(.key), use: editPage)
        manage.post(ContactsPath.contact(.key), use: update)
        manage.post(ContactsPath.removeContact(.key), use: remove)
    }

    /// The form's fields as posted; more phone numbers one per line, languages separated by commas.
    struct Form: Content {
        var name: String?
        var role: String?
        var organisation: String?
        var position: String?
        var phone: String?
        var otherPhones: String?
        var email: String?
        var availability: String?
        var languages: String?
        var bodyKind: String?
        var user: String?
        var reportingBody: String?
        var supplier: String?

        var values: [String: String] {
            ["name": name ?? "", "role": role ?? "", "organisation": organisation ?? "", "position": position ?? "", "phone": phone ?? "",
             "otherPhones": otherPhones ?? "", "email": email ?? "", "availability": availability ?? "", "languages": languages ?? "",
             "bodyKind": bodyKind ?? "", "user": user ?? "", "reportingBody": reportingBody ?? "", "supplier": supplier ?? ""]
        }

        func input(creating: Bool) -> ContactService.Input {
            let others = (otherPhones ?? "").split(whereSeparator: \.isNewline).map(String.init)
            let codes = (languages ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            return ContactService.Input(
                draft: ContactDraft(name: name ?? "", role: role ?? "", position: position ?? "", phone: phone ?? "", otherPhones: others,
                                    email: email ?? "", availability: availability ?? "", languages: codes, bodyKind: bodyKind ?? ""),
                organisationID: creating ? organisation : nil, userID: user ?? "", reportingBodyID: reportingBody ?? "", supplierID: supplier ?? "")
        }
    }

    private func render(_ req: Request, contact: ContactRecord?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        var state = form
        if let contact, state.values.isEmpty {
            let details = contact.details
            state.values = ["name": contact.name, "role": contact.role, "position": contact.position ?? "", "phone": details.phone?.national ?? "",
                            "otherPhones": details.otherPhones.map(\.national).joined(separator: "\n"), "email": contact.email ?? "",
                            "availability": contact.availability, "languages": contact.languages.replacingOccurrences(of: ",", with: ", "),
                            "bodyKind": contact.bodyKind ?? "", "user": contact.userID?.uuidString.lowercased() ?? "",
                            "reportingBody": contact.reportingBodyID?.uuidString.lowercased() ?? "", "supplier": contact.supplierID?.uuidString.lowercased() ?? ""]
        } else if contact == nil && state.values.isEmpty {
            state.values = ["role": req.query[String.self, at: "role"] ?? "response_team", "availability": "office_hours", "languages": "vi",
                            "organisation": req.query[String.self, at: "organisation"] ?? user.organisationID.uuidString.lowercased()]
        }
        func options(_ values: [String], prefix: String, field: String) -> [SelectOption] {
            values.map { SelectOption(value: $0, label: req.t("\(prefix).\($0)"), selected: state.values[field] == $0) }
        }
        let inScope = try await organisations.all(in: user.scope, on: req.db)
        let people = try await users.list(in: user.scope, after: nil, limit: 500, on: req.db).filter { !$0.isSystem }
        let page = ContactPages.FormPage(
            id: contact?.id?.uuidString.lowercased(), name: contact?.name ?? "",
            organisations: ContactPresenter.options(inScope, chosen: UUID(uuidString: state.values["organisation"] ?? "") ?? user.organisationID),
            roles: options(ContactRole.allCases.map(\.rawValue), prefix: "contact.role", field: "role"),
            availabilities: options(ContactAvailability.allCases.map(\.rawValue), prefix: "contact.availability", field: "availability"),
            bodyKinds: options(ExternalBodyKind.allCases.map(\.rawValue), prefix: "contact.body_kind", field: "bodyKind"),
            users: people.map { SelectOption(value: $0.id?.uuidString.lowercased() ?? "", label: "\($0.displayName) <\($0.email)>",
                                             selected: state.values["user"] == $0.id?.uuidString.lowercased()) },
            reportingBodies: try await reportingBodies.all(on: req.db).filter { $0.retiredAt == nil }.map {
                SelectOption(value: $0.id?.uuidString.lowercased() ?? "", label: $0.name, selected: state.values["reportingBody"] == $0.id?.uuidString.lowercased())
            },
            suppliers: try await suppliers.list(for: user, on: req.db).map {
                SelectOption(value: $0.id?.uuidString.lowercased() ?? "", label: $0.name, selected: state.values["supplier"] == $0.id?.uuidString.lowercased())
            },
            form: state, isNew: contact == nil)
        return try await req.renderPage("contacts/contact-form", titleKey: contact == nil ? "contact.new" : "contact.edit", page, status: status)
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        try await render(req, contact: nil, form: FormState())
    }

    @Sendable func editPage(req: Request) async throws -> Response {
        try await render(req, contact: try await repository.load(req), form: FormState())
    }

    private func submit(_ req: Request, existing: ContactRecord?) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let user = try req.currentUser
        do {
            let input = form.input(creating: existing == nil)
            let saved: ContactRecord
            if let existing {
                try await service.update(existing, input, by: user, address: req.clientAddress, on: req.db)
                saved = existing
            } else {
                saved = try await service.create(input, by: user, address: req.clientAddress, on: req.db)
            }
            return req.redirect(to: ContactsPath.contact(.value(try saved.requireID())).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, contact: existing, form: .failed(error, values: form.values, request: req), status: error.status)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await submit(req, existing: nil)
    }

    @Sendable func update(req: Request) async throws -> Response {
        try await submit(req, existing: try await repository.load(req))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let contact = try await repository.load(req)
        let organisationID = contact.$organisation.id.uuidString.lowercased()
        try await service.delete(contact, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: ContactsPath.directory.link(notice: "contact_removed", query: ["organisation": organisationID]))
    }
}
