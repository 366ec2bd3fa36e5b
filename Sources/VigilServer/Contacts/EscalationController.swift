import Vapor
import VigilCore

/// `/contacts/escalation`: an organisation's escalation chain, seen by everyone who sees the
/// organisation, edited by those who keep the contacts.
struct EscalationController: RouteCollection, Sendable {
    let service: EscalationService
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewOrganisations)).get(ContactsPath.escalation, use: page)
        routes.grouped(RequirePermission(permission: .manageContacts)).post(ContactsPath.escalation, use: save)
    }

    /// Rows for the editor: the chain's steps, then empty rows up to the maximum.
    private func render(_ req: Request, organisation: OrganisationRecord, form: FormState = FormState(),
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let id = try organisation.requireID()
        let chain = try await service.chain(of: id, on: req.db)
        let candidates = try await service.candidates(for: organisation, on: req.db)
        let steps = (1...EscalationChain.maxSteps).map { position -> ContactPages.Step in
            let stored = chain.first { $0.position == position }
            let chosen = form.values["contact\(position)"] ?? stored?.contactID.uuidString.lowercased() ?? ""
            let contacts = candidates.map { contact in
                let label = "\(contact.name) · \(req.t("contact.role.\(contact.role)"))" + (contact.$organisation.id == id ? "" : " (\(contact.organisation.name))")
                return SelectOption(value: contact.id?.uuidString.lowercased() ?? "", label: label, selected: contact.id?.uuidString.lowercased() == chosen)
            }
            return ContactPages.Step(position: position, contacts: contacts,
                                     wait: form.values["wait\(position)"] ?? stored.map { String($0.waitMinutes) } ?? "")
        }
        let runs = try await service.recentRuns(ofOrganisation: id, limit: 20, on: req.db).map {
            ContactPages.RunRow(incidentID: $0.incidentID.uuidString.lowercased(), position: $0.position, due: req.formDateTime($0.dueAt),
                                status: req.t("escalation.run.\($0.status)"), note: $0.note ?? "")
        }
        let page = ContactPages.EscalationPage(
            organisationID: id.uuidString.lowercased(), organisationName: organisation.name,
            organisations: ContactPresenter.options(try await organisations.all(in: user.scope, on: req.db), chosen: id),
            steps: steps, inherited: chain.isEmpty, runs: runs, noRuns: runs.isEmpty, canManage: user.has(.manageContacts), readOnly: !user.has(.manageContacts), form: form,
            problems: form.errors.sorted { $0.key < $1.key }.map(\.value))
        return try await req.renderPage("contacts/escalation", titleKey: "escalation.title", title: organisation.name, page, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, organisation: try await ContactPageController.chosenOrganisation(req, organisations: organisations))
    }

    /// The form posts `organisation`, and `contactN` and `waitN` for N = 1…10; a row without a
    /// contact is left out, the rest keep their order.
    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        let fields = try req.content.decode([String: String].self)
        let organisationID = try InputValidation.uuid(fields["organisation"], field: "organisation") ?? user.organisationID
        guard let organisation = try await organisations.find(organisationID, in: user.scope, on: req.db) else { throw VigilError.notFound }
        var values: [String: String] = [:]
        for position in 1...EscalationChain.maxSteps {
            values["contact\(position)"] = fields["contact\(position)"] ?? ""
            values["wait\(position)"] = fields["wait\(position)"] ?? ""
        }
        do {
            var steps: [EscalationStep] = []
            var problems = FieldProblems()
            for position in 1...EscalationChain.maxSteps {
                guard let raw = fields["contact\(position)"], !raw.isEmpty else { continue }
                let contact = try problems.check { try InputValidation.uuid(raw, field: "contact\(position)") } ?? nil
                let waitText = (fields["wait\(position)"] ?? "").trimmingCharacters(in: .whitespaces)
                guard let wait = waitText.isEmpty ? 0 : Int(waitText) else {
                    problems.add(.invalid("wait\(position)", "validation.number"))
                    continue
                }
                if let contact { steps.append(EscalationStep(contactID: contact, waitMinutes: wait)) }
            }
            try problems.throwIfAny()
            try await service.save(steps, for: organisation, by: user, address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            return try await render(req, organisation: organisation, form: .failed(error, values: values, request: req), status: error.status)
        }
        return req.redirect(to: ContactsPath.escalation.link(notice: "saved", query: ["organisation": organisationID.uuidString.lowercased()]))
    }
}
