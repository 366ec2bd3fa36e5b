import Vapor
import VigilCore

/// The drills' pages: the list with the yearly obligation, planning a drill, a drill with its
/// timeline, findings and tasks, the print page and the DOCX of the after-action report.
struct DrillPageController: RouteCollection, Sendable {
    let service: DrillService
    let wording: DrillWording

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewDrills))
        let manage = routes.grouped(RequirePermission(permission: .manageDrills))
        view.get(DrillsPath.drills, use: list)
        manage.get(DrillsPath.new, use: newPage)
        manage.post(DrillsPath.drills, use: create)
        view.get(DrillsPath.drill(.key), use: show)
        manage.post(DrillsPath.events(.key), use: addEvent)
        manage.post(DrillsPath.status(.key), use: advance)
        manage.post(DrillsPath.taskDone(.key, task: .key), use: taskDone)
        view.get(DrillsPath.print(.key), use: printPage)
        view.get(DrillsPath.report(.key), use: report)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let user = try req.currentUser
        let language = req.language
        // `?org=ID`: one organisation's drills and duties (a compliance figure links here so).
        let shown = Set(try await service.organisations.all(in: user.scope, narrowedTo: try InputValidation.uuid(req.query[String.self, at: "org"], field: "org"),
                                                            on: req.db).compactMap(\.id))
        let rows = try await service.list(for: user, on: req.db).filter { shown.contains($0.organisationID) }.map { drill in
            ListPage.Row(id: DrillAPIController.id(drill.id!), title: drill.title, scenario: wording.scenario(drill.scenario, language),
                         plannedAt: req.formDateTime(drill.plannedAt), organisedBy: wording.organiser(drill.organisedBy, language),
                         status: wording.status(drill.status, language), statusCode: drill.status)
        }
        let obligations = try await service.obligations(for: user, on: req.db).filter { shown.contains($0.system.$organisation.id) }.map { system, standing in
            ListPage.Obligation(systemID: DrillAPIController.id(standing.systemID), system: system.name, level: system.securityLevel,
                                lastDrill: standing.lastDrill.map(req.formDate) ?? "", nextDue: req.formDate(standing.nextDue), overdue: standing.overdue)
        }
        return try await req.renderPage("drills/drills", titleKey: "drill.title",
                                        ListPage(rows: rows, obligations: obligations, noRows: rows.isEmpty, noObligations: obligations.isEmpty,
                                                 canManage: user.has(.manageDrills)))
    }

    // MARK: Planning

    struct PlanForm: Content {
        var title: String?
        var scenario: String?
        var systems: [String]?
        var plannedAt: String?
        var organisedBy: String?
        var organiserName: String?
        var objectives: String?
        var participants: [String]?
    }

    private func formPage(_ req: Request, form: FormState, chosen: PlanForm? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let language = req.language
        let visible = try await service.organisations.all(in: user.scope, on: req.db)
        let systems = try await service.assets.systemsWithOrganisation(ofOrganisations: visible.compactMap(\.id), on: req.db)
            .sorted { ($0.organisation.name, $0.name) < ($1.organisation.name, $1.name) }
        let users = try await service.users.active(inOrganisations: visible.compactMap(\.id), on: req.db).filter { !$0.isSystem }
        let scenario = chosen?.scenario ?? ""
        let organiser = chosen?.organisedBy ?? "self"
        let page = FormPage(
            scenarios: Scenario.allCases.map { .init(value: $0.rawValue, label: wording.scenario($0.rawValue, language), selected: $0.rawValue == scenario) },
            systems: systems.map { system in
                let id = DrillAPIController.id(system.id!)
                return .init(value: id, label: "\(system.name) (\(req.t("drill.level", [String(system.securityLevel)])), \(system.organisation.name))",
                             selected: chosen?.systems?.contains(id) ?? false)
            },
            organisers: ["self", "superior"].map { .init(value: $0, label: req.t("drill.organiser.\($0)"), selected: $0 == organiser) },
            participants: users.map { member in
                let id = DrillAPIController.id(member.id!)
                return .init(value: id, label: member.displayName, selected: chosen?.participants?.contains(id) ?? false)
            },
            noSystems: systems.isEmpty, form: form)
        return try await req.renderPage("drills/drill-form", titleKey: "drill.new", page, status: status)
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        try await formPage(req, form: FormState())
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(PlanForm.self)
        let named = (form.organiserName ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let drill = try await service.create(
                .init(title: form.title, scenario: form.scenario, systemIDs: form.systems ?? [], plannedAt: form.plannedAt,
                      organisedBy: named.isEmpty ? form.organisedBy : named, objectives: form.objectives, participantIDs: form.participants ?? []),
                by: try req.currentUser, address: req.clientAddress, on: req.db)
            return req.redirect(to: DrillsPath.drill(.value(drill.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            // The form's names for the API's fields.
            var renamed = error
            renamed.fieldErrors = error.allFieldErrors.map { problem in
                var problem = problem
                problem.field = ["systemIds": "systems", "participantIds": "participants", "organisedBy": "organiserName"][problem.field ?? ""] ?? problem.field
                return problem
            }
            let state = FormState.failed(renamed, values: ["title": form.title ?? "", "plannedAt": form.plannedAt ?? "", "organiserName": named,
                                                          "objectives": form.objectives ?? ""], request: req)
            return try await formPage(req, form: state, chosen: form, status: .unprocessableEntity)
        }
    }

    // MARK: A drill

    private func render(_ req: Request, drill: DrillRecord, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let language = req.language
        let details = try await service.details(drill, on: req.db)
        let now = Date()
        var form = form
        if (form.values["at"] ?? "").isEmpty { form.values["at"] = IncidentPageController.localInputValue(now, req) }
        func event(_ record: DrillEventRecord) -> ShowPage.Event {
            .init(at: req.formDateTime(record.at), kind: wording.kind(record.kind, language), kindCode: record.kind, actor: record.actor, text: record.text)
        }
        let next = drill.drillStatus.next.map { Option(value: $0.rawValue, label: req.t("drill.move.\($0.rawValue)"), selected: false) }
        let page = ShowPage(
            id: DrillAPIController.id(drill.id!), title: drill.title, organisation: details.organisation, scenario: wording.scenario(drill.scenario, language),
            plannedAt: req.formDateTime(drill.plannedAt), organisedBy: wording.organiser(drill.organisedBy, language), objectives: drill.objectives,
            status: wording.status(drill.status, language), statusCode: drill.status, startedAt: req.formDateTime(drill.startedAt),
            completedAt: req.formDateTime(drill.completedAt), systems: details.systems.map(\.name), participants: details.participants.map(\.name),
            events: details.events.filter { $0.kind != DrillEventKind.lesson.rawValue }.map(event),
            lessons: details.events.filter { $0.kind == DrillEventKind.lesson.rawValue }.map(event),
            tasks: details.tasks.map {
                .init(id: DrillAPIController.id($0.id!), text: $0.text, owner: $0.ownerName, dueAt: $0.dueAt.map(req.formDate) ?? "",
                      planReview: $0.planReview, done: $0.doneAt != nil, overdue: $0.doneAt == nil && ($0.dueAt.map { $0 < now } ?? false))
            },
            noTasks: details.tasks.isEmpty, noLessons: !details.events.contains { $0.kind == DrillEventKind.lesson.rawValue },
            kinds: DrillEventKind.allCases.filter { drill.drillStatus.accepts($0) }.map {
                .init(value: $0.rawValue, label: wording.kind($0.rawValue, language), selected: $0.rawValue == form.values["kind"])
            },
            owners: details.members.map {
                .init(value: DrillAPIController.id($0.id), label: $0.name, selected: DrillAPIController.id($0.id) == form.values["owner"])
            },
            next: next, canManage: user.has(.manageDrills), form: form)
        return try await req.renderPage("drills/drill", titleKey: "drill.title", title: drill.title, page, status: status)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let drill = try await service.find(try DrillAPIController.drillID(req), for: try req.currentUser, on: req.db)
        return try await render(req, drill: drill)
    }

    struct EventForm: Content {
        var kind: String?
        var at: String?
        var actor: String?
        var text: String?
        var owner: String?
        var dueAt: String?
        var planReview: String?
    }

    @Sendable func addEvent(req: Request) async throws -> Response {
        let user = try req.currentUser
        let drill = try await service.find(try DrillAPIController.drillID(req), for: user, on: req.db)
        let form = try req.content.decode(EventForm.self)
        do {
            _ = try await service.record(.init(kind: form.kind, at: form.at, actor: form.actor, text: form.text, owner: form.owner, dueAt: form.dueAt,
                                               planReview: ["on", "true", "1"].contains(form.planReview ?? "")),
                                         in: drill, by: user, address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            let values = ["kind": form.kind ?? "", "at": form.at ?? "", "actor": form.actor ?? "", "text": form.text ?? "", "owner": form.owner ?? "",
                          "dueAt": form.dueAt ?? ""]
            return try await render(req, drill: drill, form: .failed(error, values: values, request: req),
                                    status: error.status == .conflict ? .conflict : .unprocessableEntity)
        }
        return req.redirect(to: DrillsPath.drill(.value(drill.id!)).link(notice: "saved", fragment: "timeline"))
    }

    struct StatusForm: Content {
        var status: String?
    }

    @Sendable func advance(req: Request) async throws -> Response {
        let user = try req.currentUser
        let drill = try await service.find(try DrillAPIController.drillID(req), for: user, on: req.db)
        let form = try req.content.decode(StatusForm.self)
        guard let status = DrillStatus(rawValue: form.status ?? "") else { throw VigilError.invalid("status", "drill.error.status_value") }
        try await service.advance(drill, to: status, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: DrillsPath.drill(.value(drill.id!)).link(notice: "saved"))
    }

    @Sendable func taskDone(req: Request) async throws -> Response {
        let user = try req.currentUser
        let drill = try await service.find(try DrillAPIController.drillID(req), for: user, on: req.db)
        guard let taskID = req.parameters.get("drillTaskID", as: UUID.self),
              let task = try await service.repository.task(taskID, ofDrill: try drill.requireID(), on: req.db) else { throw VigilError.notFound }
        try await service.complete(task, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: DrillsPath.drill(.value(drill.id!)).link(notice: "saved", fragment: "findings"))
    }

    @Sendable func printPage(req: Request) async throws -> Response {
        let drill = try await service.find(try DrillAPIController.drillID(req), for: try req.currentUser, on: req.db)
        let report = wording.report(try await service.details(drill, on: req.db), language: req.language)
        return try await req.renderPage("drills/drill-print", titleKey: "drill.report", title: report.title,
                                        PrintPage(id: DrillAPIController.id(drill.id!), title: report.title, blocks: report.blocks.map(PaperBlock.init)))
    }

    @Sendable func report(req: Request) async throws -> Response {
        let drill = try await service.find(try DrillAPIController.drillID(req), for: try req.currentUser, on: req.db)
        return try wording.attachment(try await service.details(drill, on: req.db), language: req.language)
    }
}
