import Fluent
import Foundation
import Vapor
import VigilCore

/// The warnings' pages under `/vulnerabilities/advisories`: the list with the caller's tasks, the
/// form to record or change one, the bulk import, a warning's page (each organisation's task with
/// its hit hosts and systems), and the task's status change.
struct AdvisoryPageController: RouteCollection, Sendable {
    let service: AdvisoryService
    let organisations: OrganisationRepository
    let uploadLimit: Int

    var presenter: AdvisoryPresenter { AdvisoryPresenter(service: service) }

    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped(RequirePermission(permission: .viewVulnerabilities))
        pages.get(VulnerabilitiesPath.advisories, use: list)
        pages.get(VulnerabilitiesPath.advisory(.key), use: show)
        let record = pages.grouped(RequirePermission(permission: .manageAdvisories))
        record.get(VulnerabilitiesPath.newAdvisory, use: newForm)
        record.post(VulnerabilitiesPath.advisories, use: create)
        record.get(VulnerabilitiesPath.advisoryImport, use: importForm)
        record.upload(VulnerabilitiesPath.advisoryImport, limit: uploadLimit, use: importFile)
        record.get(VulnerabilitiesPath.editAdvisory(.key), use: editForm)
        record.post(VulnerabilitiesPath.advisory(.key), use: update)
        record.post(VulnerabilitiesPath.matchAdvisory(.key), use: match)
        routes.grouped(RequirePermission(permission: .manageVulnerabilities)).post(VulnerabilitiesPath.advisoryTask(.key), use: changeTask)
    }

    // MARK: List

    @Sendable func list(req: Request) async throws -> Response {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let filter = AdvisoryService.ListFilter(query: req.query[String.self, at: "q"] ?? "", cve: req.query[String.self, at: "cve"] ?? "")
        let records = try await service.list(for: user, filter: filter, after: page.after.flatMap(UUID.init(uuidString:)), limit: page.limit + 1,
                                             on: req.db)
        let shown = Array(records.prefix(page.limit))
        let tasksByAdvisory = try await service.tasks(of: shown, for: user, on: req.db)
        let rows = shown.map { record in
            let tasks = tasksByAdvisory[record.id!] ?? []
            return ListPage.Row(
                id: record.id!.uuidString.lowercased(), reference: record.reference, title: record.title, issuer: record.issuer,
                issuedOn: Self.display(record.issuedOn), deadline: Self.display(record.deadline),
                cves: record.cves.split(separator: " ").prefix(4).joined(separator: ", "), affectedHosts: tasks.reduce(0) { $0 + $1.affectedHosts },
                tasksDone: tasks.filter { (AdvisoryTaskStatus(rawValue: $0.status) ?? .open).isClosed }.count, tasks: tasks.count,
                overdue: tasks.contains { service.isOverdue($0, record) })
        }
        // `?org=ID`: the open tasks of one organisation and its units (a compliance figure links here so).
        let names = Dictionary(uniqueKeysWithValues: try await organisations.all(
            in: user.scope, narrowedTo: try InputValidation.uuid(req.query[String.self, at: "org"], field: "org"), on: req.db).map { ($0.id!, $0.name) })
        let tasks = try await service.taskList(for: user, status: nil, openOnly: true, on: req.db).filter { names[$0.task.organisationID] != nil }.map { pair in
            ListPage.Task(advisoryID: pair.advisory.id!.uuidString.lowercased(), reference: pair.advisory.reference, title: pair.advisory.title,
                          organisation: names[pair.task.organisationID] ?? "", deadline: Self.display(pair.advisory.deadline), status: pair.task.status,
                          statusLabel: req.t("advisory.task.status.\(pair.task.status)"), affectedHosts: pair.task.affectedHosts,
                          overdue: service.isOverdue(pair.task, pair.advisory))
        }
        let org = req.query[String.self, at: "org"] ?? ""
        let next = records.count > page.limit ? records.prefix(page.limit).last.map { last in
            VulnerabilitiesPath.advisories.link(query: ["cursor": PageRequest.encode(last.id!.uuidString), "q": filter.query, "cve": filter.cve,
                                                        "org": org])
        } : nil
        return try await req.renderPage("vulnerabilities/advisories", titleKey: "advisory.title", ListPage(
            rows: rows, noRows: rows.isEmpty, tasks: tasks, hasTasks: !tasks.isEmpty, canRecord: user.has(.manageAdvisories),
            q: filter.query, cve: filter.cve, nextLink: next))
    }

    /// `2026-12-05` → `05/12/2026`, as Vietnamese documents write dates.
    static func display(_ day: String) -> String {
        let parts = day.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : day
    }

    // MARK: The form

    static let formFields = ["reference", "issuer", "issuedOn", "title", "cves", "products", "action", "deadline"]

    private func renderForm(_ req: Request, id: String?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let selected = form.values["organisation"] ?? user.organisationID.uuidString.lowercased()
        let organisations = try await organisations.all(in: user.scope, on: req.db).map {
            SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id!.uuidString.lowercased() == selected)
        }
        return try await req.renderPage("vulnerabilities/advisory-form", titleKey: id == nil ? "advisory.new" : "advisory.edit",
                                        FormPage(id: id, organisations: organisations, form: form), status: status)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await renderForm(req, id: nil, form: FormState())
    }

    struct Form: Content {
        var reference: String?
        var issuer: String?
        var issuedOn: String?
        var title: String?
        var cves: String?
        var products: String?
        var action: String?
        var deadline: String?
        var organisation: String?

        var draft: AdvisoryDraft {
            var draft = AdvisoryDraft()
            draft.reference = reference ?? ""
            draft.issuer = issuer ?? ""
            draft.issuedOn = issuedOn ?? ""
            draft.title = title ?? ""
            draft.cves = cves ?? ""
            draft.products = AdvisoryDraft.products(fromLines: products ?? "")
            draft.action = action ?? ""
            draft.deadline = deadline ?? ""
            return draft
        }

        var values: [String: String] {
            ["reference": reference ?? "", "issuer": issuer ?? "", "issuedOn": issuedOn ?? "", "title": title ?? "", "cves": cves ?? "",
             "products": products ?? "", "action": action ?? "", "deadline": deadline ?? "", "organisation": organisation ?? ""]
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(Form.self)
        do {
            let organisation = try await service.recordingOrganisation(try InputValidation.uuid(form.organisation, field: "organisation"), for: user,
                                                                       on: req.db)
            let record = try await service.create(form.draft, organisation: organisation, by: user, address: req.clientAddress, words: .init(req),
                                                  on: req.db)
            return req.redirect(to: VulnerabilitiesPath.advisory(.value(record.id!)).link(notice: "advisory_saved"))
        } catch let error as VigilError where error.field != nil {
            return try await renderForm(req, id: nil, form: .failed(Self.formError(error), values: form.values, request: req), status: error.status)
        }
    }

    /// Product problems (`products[2].versions`) are shown beside the products box, naming the line.
    static func formError(_ error: VigilError) -> VigilError {
        var first = error
        first.fieldErrors = error.allFieldErrors.map { problem in
            var problem = problem
            if let field = problem.field, field.hasPrefix("products") { problem.field = "products" }
            return problem
        }
        if let field = first.field, field.hasPrefix("products") { first.field = "products" }
        return first
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let record = try await advisory(req)
        guard service.canEdit(record, by: try req.currentUser) else { throw VigilError.forbidden }
        let advisory = record.advisory
        let values = ["reference": advisory.reference, "issuer": advisory.issuer, "issuedOn": advisory.issuedOn, "title": advisory.title,
                      "cves": advisory.cves.joined(separator: ", "), "products": AdvisoryDraft.lines(of: advisory.products),
                      "action": advisory.action, "deadline": advisory.deadline, "organisation": record.organisationID.uuidString.lowercased()]
        return try await renderForm(req, id: record.id!.uuidString.lowercased(), form: FormState(values: values))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let record = try await advisory(req)
        // Refused before the form is read: someone who may not edit it learns nothing from validation.
        guard service.canEdit(record, by: try req.currentUser) else { throw VigilError.forbidden }
        let form = try req.content.decode(Form.self)
        do {
            try await service.update(record, with: form.draft, by: try req.currentUser, address: req.clientAddress, words: .init(req), on: req.db)
            return req.redirect(to: VulnerabilitiesPath.advisory(.value(record.id!)).link(notice: "advisory_saved"))
        } catch let error as VigilError where error.field != nil {
            return try await renderForm(req, id: record.id!.uuidString.lowercased(), form: .failed(Self.formError(error), values: form.values, request: req),
                                        status: error.status)
        }
    }

    // MARK: Import

    private func renderImport(_ req: Request, errors: [String] = [], text: String = "", status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let organisations = try await organisations.all(in: user.scope, on: req.db).map {
            SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id == user.organisationID)
        }
        return try await req.renderPage("vulnerabilities/advisory-import", titleKey: "advisory.import", ImportPage(
            organisations: organisations, errors: errors, hasErrors: !errors.isEmpty, text: text,
            columns: AdvisoryFile.csvColumns.joined(separator: ",")), status: status)
    }

    @Sendable func importForm(req: Request) async throws -> Response {
        try await renderImport(req)
    }

    struct ImportForm: Content {
        var file: File?
        var text: String?
        var organisation: String?
    }

    @Sendable func importFile(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(ImportForm.self)
        let text = form.text ?? ""
        do {
            var data = Data(text.utf8)
            if let file = form.file, file.data.readableBytes > 0 { data = Data(file.data.readableBytesView) }
            guard !data.isEmpty else { throw VigilError.invalid("file", "import.error.empty") }
            let organisation = try await service.recordingOrganisation(try InputValidation.uuid(form.organisation, field: "organisation"), for: user,
                                                                       on: req.db)
            let summary = try await service.importDrafts(try AdvisoryAPIController.drafts(of: data, words: .init(req)), organisation: organisation,
                                                         by: user, address: req.clientAddress, words: .init(req), on: req.db)
            return req.redirect(to: VulnerabilitiesPath.advisories.link(notice: "advisories_imported", query: ["created": String(summary.created), "updated": String(summary.updated)]))
        } catch let error as VigilError where error.field != nil {
            return try await renderImport(req, errors: error.allFieldErrors.map { req.t($0.messageKey, $0.arguments) }, text: text, status: error.status)
        }
    }

    // MARK: A warning

    private func advisory(_ req: Request) async throws -> AdvisoryRecord {
        guard let id = req.parameters.get("advisoryID", as: UUID.self) else { throw VigilError.notFound }
        return try await service.find(id, for: try req.currentUser, on: req.db)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.currentUser
        let record = try await advisory(req)
        let dto = try await presenter.dto(record, for: user, on: req.db)
        let taskRecords = Dictionary(uniqueKeysWithValues: try await service.tasks(of: record, for: user, on: req.db).map { ($0.id!.uuidString.lowercased(), $0) })
        var tasks: [ShowPage.Task] = []
        for full in dto.tasks {
            let hosts = full.hosts ?? []
            let task = full.listing(atMost: ShowPage.shownHosts)
            let events = try await taskRecords[task.id].asyncMap { try await service.events(of: $0, on: req.db) } ?? []
            tasks.append(.init(
                task: task, statusLabel: req.t("advisory.task.status.\(task.status)"),
                statuses: AdvisoryTaskStatus.allCases.filter { $0.rawValue != task.status }.map {
                    SelectOption(value: $0.rawValue, label: req.t("advisory.task.status.\($0.rawValue)"), selected: false)
                },
                events: events.map { event in
                    req.formDateTime(event.at) + " — " + req.t("advisory.task.event", [event.actor, req.t("advisory.task.status.\(event.fromStatus)"),
                                                                                     req.t("advisory.task.status.\(event.toStatus)")])
                        + (event.note.isEmpty ? "" : ": " + event.note)
                },
                hasNote: !task.note.isEmpty, hasSystems: !(task.systems ?? []).isEmpty, hasHosts: !(task.hosts ?? []).isEmpty,
                hasEvents: !events.isEmpty, moreHosts: max(0, hosts.count - ShowPage.shownHosts)))
        }
        let page = ShowPage(
            advisory: dto, issuedOn: Self.display(dto.issuedOn), deadline: Self.display(dto.deadline),
            matchedAt: dto.matchedAt.map(req.formDateTime) ?? "—",
            products: record.advisory.products.map { product in
                product.displayName + " — " + (product.versions.affectsEveryVersion ? req.t("advisory.versions.all") : product.versions.description)
                    + (product.aliases.isEmpty ? "" : " (" + product.aliases.joined(separator: ", ") + ")")
            },
            tasks: tasks, noTasks: tasks.isEmpty, hasAction: !dto.action.isEmpty, canEdit: service.canEdit(record, by: user), canWork: user.has(.manageVulnerabilities))
        return try await req.renderPage("vulnerabilities/advisory", titleKey: "advisory.title", page)
    }

    @Sendable func match(req: Request) async throws -> Response {
        let record = try await advisory(req)
        guard service.canEdit(record, by: try req.currentUser) else { throw VigilError.forbidden }
        _ = try await service.matching.run(record, on: req.db)
        return req.redirect(to: VulnerabilitiesPath.advisory(.value(record.id!)).link(notice: "advisory_matched"))
    }

    struct TaskForm: Content {
        var status: String
        var note: String?
    }

    @Sendable func changeTask(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard let id = req.parameters.get("taskID", as: UUID.self) else { throw VigilError.notFound }
        let (task, advisory) = try await service.task(id, for: user, on: req.db)
        let form = try req.content.decode(TaskForm.self)
        let link = VulnerabilitiesPath.advisory(.value(advisory.id!)).path
        do {
            guard let status = AdvisoryTaskStatus(rawValue: form.status) else {
                throw VigilError.invalid("status", "validation.unknown_code", [form.status])
            }
            try await service.change(task, of: advisory, to: status, note: form.note ?? "", by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: link + "?notice=saved#task-\(id.uuidString.lowercased())")
        } catch let error as VigilError where error.field != nil {
            return req.redirect(to: link + "?problem=\(error.messageKey)#task-\(id.uuidString.lowercased())")
        }
    }
}
