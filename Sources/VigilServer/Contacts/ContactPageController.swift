import Vapor
import VigilCore

/// The directory of an organisation with its focal-point panel, one contact's page, and the
/// coordinator's overview of every agency's focal point.
struct ContactPageController: RouteCollection, Sendable {
    let repository: ContactRepository
    let organisations: OrganisationRepository
    let reachability: ReachabilityService

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewOrganisations))
        view.get(ContactsPath.directory, use: directory)
        view.get(ContactsPath.overview, use: overview)
        view.get(ContactsPath.contact(.key), use: show)
        let manage = routes.grouped(RequirePermission(permission: .manageContacts))
        manage.post(ContactsPath.checkContact(.key), use: check)
        routes.grouped(RequirePermission(permission: .manageSettings)).post(ContactsPath.settings, use: saveSettings)
    }

    /// The organisation `?organisation=` names in the caller's scope, or the caller's own.
    static func chosenOrganisation(_ req: Request, organisations: OrganisationRepository) async throws -> OrganisationRecord {
        let user = try req.currentUser
        let raw = req.query[String.self, at: "organisation"]
        let id = try InputValidation.uuid(raw, field: "organisation") ?? user.organisationID
        guard let organisation = try await organisations.find(id, in: user.scope, on: req.db) else { throw VigilError.notFound }
        return organisation
    }

    func renderDirectory(_ req: Request, organisation: OrganisationRecord, form: FormState = FormState(),
                         status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let id = try organisation.requireID()
        let presenter = ContactPresenter(req: req)
        let focal = try await repository.status(of: [organisation], on: req.db)[0]
        let contacts = try await repository.all(ofOrganisation: id, on: req.db)
        let notices = try await repository.notices(ofOrganisation: id, on: req.db).map {
            ContactPages.Notice(id: $0.id?.uuidString.lowercased() ?? "", sentAt: req.formDateTime($0.sentAt), sentBy: $0.sentBy,
                                recipients: $0.recipients, channel: $0.channel ?? "", focalPoint: $0.focalPoint)
        }
        var state = form
        if state.values["recipients"] == nil {
            state.values["recipients"] = try await organisations.find(organisation.$parent.id ?? id, on: req.db)?.name ?? ""
        }
        let page = ContactPages.DirectoryPage(
            organisationID: id.uuidString.lowercased(), organisationName: organisation.name,
            organisations: ContactPresenter.options(try await organisations.all(in: user.scope, on: req.db), chosen: id),
            panel: presenter.panel(focal), rows: contacts.map(presenter.row), noRows: contacts.isEmpty, notices: notices,
            canManage: user.has(.manageContacts), defaultRecipients: state.values["recipients"] ?? "", form: state)
        return try await req.renderPage("contacts/directory", titleKey: "contact.directory.title", title: organisation.name, page, status: status)
    }

    @Sendable func directory(req: Request) async throws -> Response {
        try await renderDirectory(req, organisation: try await Self.chosenOrganisation(req, organisations: organisations))
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.currentUser
        let contact = try await repository.load(req)
        let presenter = ContactPresenter(req: req)
        var facts: [ContactPages.Fact] = [
            .init(label: req.t("contact.field.position"), value: contact.position ?? ""),
            .init(label: req.t("contact.field.phone"), value: presenter.phones(contact)),
            .init(label: req.t("contact.field.email"), value: contact.email ?? ""),
            .init(label: req.t("contact.field.availability"), value: req.t("contact.availability.\(contact.availability)")),
            .init(label: req.t("contact.field.languages"), value: contact.languages.split(separator: ",").map { req.t("language.\($0)") }.joined(separator: ", ")),
            .init(label: req.t("contact.field.confirmed"), value: presenter.confirmed(contact)),
        ]
        if let sent = contact.checkSentAt { facts.append(.init(label: req.t("contact.field.check_sent"), value: req.formDateTime(sent))) }
        let page = ContactPages.ShowPage(
            id: try contact.requireID().uuidString.lowercased(), name: contact.name, role: presenter.role(contact),
            organisationID: contact.$organisation.id.uuidString.lowercased(), organisation: contact.organisation.name,
            facts: facts.filter { !$0.value.isEmpty }, canManage: user.has(.manageContacts), canCheck: user.has(.manageContacts) && contact.email != nil)
        return try await req.renderPage("contacts/contact", titleKey: "contact.title", title: contact.name, page)
    }

    /// "Check now": the e-mail with the link is queued.
    @Sendable func check(req: Request) async throws -> Response {
        let contact = try await repository.load(req)
        do {
            try await reachability.send(to: contact, by: try req.currentUser, address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.status == .conflict || error.field != nil {
            return req.redirect(to: ContactsPath.contact(.value(try contact.requireID())).link(problem: error.messageKey))
        }
        return req.redirect(to: ContactsPath.contact(.value(try contact.requireID())).link(notice: "contact_check_sent"))
    }

    func renderOverview(_ req: Request, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let presenter = ContactPresenter(req: req)
        let inScope = ContactRepository.namingOrganisations(try await organisations.all(in: user.scope, on: req.db))
        let rows = try await repository.status(of: inScope, on: req.db).map { status in
            ContactPages.OverviewRow(
                organisationID: status.organisation.id?.uuidString.lowercased() ?? "", organisation: status.organisation.name,
                focalPoint: status.focalPoint.map { "\($0.name) · \(presenter.phones($0))" } ?? "", deputy: status.deputy.map { "\($0.name) · \(presenter.phones($0))" } ?? "",
                confirmed: status.focalPoint.map(presenter.confirmed) ?? "", problems: presenter.problems(status.problems), ok: status.problems.isEmpty)
        }
        let policy = try await repository.policy(on: req.db)
        let page = ContactPages.OverviewPage(rows: rows, noRows: rows.isEmpty, flagged: rows.filter { !$0.ok }.count,
                                             staleDays: form.values["staleDays"] ?? String(policy.staleAfterDays), canChangeSettings: user.isRootAdmin, form: form)
        return try await req.renderPage("contacts/overview", titleKey: "contact.overview.title", page, status: status)
    }

    @Sendable func overview(req: Request) async throws -> Response {
        try await renderOverview(req)
    }

    struct SettingsForm: Content {
        var staleDays: String?
    }

    /// The stale setting, changed by an administrator of the province.
    @Sendable func saveSettings(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(SettingsForm.self)
        do {
            try await repository.saveStaleDays(form.staleDays ?? "", by: user, address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            return try await renderOverview(req, form: .failed(error, values: ["staleDays": form.staleDays ?? ""], request: req), status: error.status)
        }
        return req.redirect(to: ContactsPath.overview.link(notice: "saved"))
    }
}
