import Fluent
import Vapor
import VigilCore

/// The incidents' pages: report (phone first), list, and the incident's own page where it is worked.
struct IncidentPageController: RouteCollection, Sendable {
    let repository: IncidentRepository
    let service: IncidentService
    let evidence: EvidenceService
    let reports: ReportService
    let organisations: OrganisationRepository
    let subScenarios: SubScenarioStore
    let users: UserRepository
    /// The incidents other installations reported, shown beside these (Federation).
    let received: FederationRepository
    /// The body limit of the report form, which may carry attachments.
    let uploadLimit: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get(IncidentsPath.list, use: listPage)
        routes.get(IncidentsPath.export, use: exportCSV)
        let report = routes.grouped(RequirePermission(permission: .reportIncidents))
        report.get(IncidentsPath.new, use: newPage)
        report.upload(IncidentsPath.list, limit: uploadLimit, use: create)
        routes.get(IncidentsPath.show(.key), use: showPage)
        let handle = routes.grouped(RequirePermission(permission: .handleIncidents))
        handle.post(IncidentsPath.classify(.key), use: classify)
        handle.post(IncidentsPath.transition(.key), use: transition)
        handle.post(IncidentsPath.indicators(.key), use: addIndicators)
        handle.upload(IncidentsPath.stix(.key), limit: uploadLimit, use: importSTIX)
        routes.grouped(RequirePermission(permission: .commentIncidents)).post(IncidentsPath.comments(.key), use: comment)
    }

    // MARK: List

    typealias Option = SelectOption

    static func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, prefix: String, selected: String?, _ req: Request) -> [Option]
    where T.RawValue == String {
        T.allCases.map { Option(value: $0.rawValue, label: req.t(prefix + $0.rawValue), selected: selected == $0.rawValue) }
    }

    @Sendable func listPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        var filterValues: [String: String] = [:]
        for key in ["status", "scenario", "severity", "q", "overdue", "assignee", "organisation", "from", "to"] {
            if let value = req.query[String.self, at: key], !value.isEmpty { filterValues[key] = value }
        }
        var form = FormState()
        var rows: [IncidentRecord] = []
        let page = try req.pageRequest()
        // Newest first pages by keyset; another chosen column pages by offset (`o<N>` cursors).
        let sortText = req.query[String.self, at: "sort"] ?? ""
        let sort = IncidentRepository.Sort(rawValue: sortText)
        if sort != nil { filterValues["sort"] = sortText }
        let offset = page.offset ?? 0
        do {
            if !sortText.isEmpty, sort == nil { throw VigilError.invalid("sort", "validation.unknown_code", [String(sortText.prefix(40))]) }
            let filter = try IncidentFilterQuery.parse(req)
            if let sort {
                rows = try await repository.list(for: user, filter: filter, sort: sort, offset: offset, limit: page.limit + 1, on: req.db)
            } else {
                let cursor = page.after.flatMap(IncidentRepository.Cursor.init)
                rows = try await repository.list(for: user, filter: filter, after: cursor, limit: page.limit + 1, on: req.db)
            }
        } catch let error as VigilError where error.field != nil {
            form = .failed(error, values: filterValues, request: req)
        }
        let now = Date()
        let shown = rows.prefix(page.limit).map { incident in
            let clock = incident.notificationClock(now: now)
            return ListPage.Row(
                id: incident.id!.uuidString.lowercased(), reference: incident.reference, title: incident.title,
                organisation: incident.organisation.name, status: req.t("status.\(incident.status.rawValue)"),
                severity: incident.severity.map { req.t("severity.level.\($0)") }, severityCode: incident.severity,
                discovered: req.formDateTime(incident.discoveredAt),
                clock: incident.status == .closed || incident.disposition != "open" ? "" : req.t("clock.state.\(clock.state.rawValue)"),
                clockState: clock.state.rawValue)
        }
        let next = rows.count <= page.limit ? nil : sort != nil ? PageRequest.offsetCursor(offset + page.limit)
            : rows.prefix(page.limit).last.map { PageRequest.encode(IncidentRepository.Cursor($0).key) }
        let body = ListPage(
            rows: Array(shown),
            statuses: Self.options(IncidentStatus.self, prefix: "status.", selected: filterValues["status"], req),
            scenarios: Self.options(Scenario.self, prefix: "scenario.", selected: filterValues["scenario"], req),
            severities: Self.options(Severity.self, prefix: "severity.level.", selected: filterValues["severity"], req),
            organisations: try await organisations.all(in: user.scope, on: req.db).map {
                Option(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: filterValues["organisation"]?.lowercased() == $0.id!.uuidString.lowercased())
            },
            assignees: [Option(value: "me", label: req.t("incidents.assigned_to_me"), selected: filterValues["assignee"] == "me")],
            filter: filterValues, nextCursor: next, canReport: user.has(.reportIncidents), canViewPlaybooks: user.has(.viewIncidents), noRows: shown.isEmpty, form: form,
            query: formEncodedQuery(filterValues), sort: sort?.rawValue ?? "",
            sortQuery: formEncodedQuery(filterValues.filter { $0.key != "sort" }))
        var withReceived = body
        // The first page, unfiltered, also shows the latest incidents received from other installations.
        if user.has(.viewIncidents), filterValues.isEmpty, page.after == nil {
            withReceived.received = try await received.receivedIncidents(in: user.scope, limit: 5, on: req.db)
                .map { FederationPages.ReceivedRow(req, $0, organisation: $1) }
        }
        return try await req.renderPage("incidents/incidents", titleKey: "incidents.title", withReceived, status: form.errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The list as CSV, with the same filters, up to 50,000 rows.
    @Sendable func exportCSV(req: Request) async throws -> Response {
        let user = try req.currentUser
        let filter = try IncidentFilterQuery.parse(req)
        let rows = try await repository.list(for: user, filter: filter, after: nil, limit: 50_000, on: req.db)
        let iso = ISO8601DateFormatter()
        return try CSVExport.response(
            filename: "incidents.csv",
            header: ["reference", "title", "organisation", "status", "cause_group", "scenario", "severity", "serious",
                     "discovered_at", "reported_at", "notification_due", "notified_at", "closed_at"],
            rows: rows.map { incident in
                [incident.reference, incident.title, incident.organisation.name, incident.status.rawValue, incident.causeGroup ?? "",
                 incident.scenario ?? "", incident.severity ?? "", String(incident.serious), iso.string(from: incident.discoveredAt),
                 incident.createdAt.map(iso.string) ?? "", iso.string(from: incident.notificationClock(now: Date()).due),
                 incident.notifiedAt.map(iso.string) ?? "", incident.closedAt.map(iso.string) ?? ""]
            })
    }

    // MARK: Report

    /// `datetime-local` values are local times without a zone: read them in the display time zone.
    static func localDateTime(_ raw: String?, _ req: Request, field: String) throws -> Date? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = req.application.displayFormat.timeZone
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: raw) { return date }
        }
        throw VigilError.invalid(field, "validation.date")
    }

    static func localInputValue(_ date: Date, _ req: Request) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = req.application.displayFormat.timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        let values = ["discovered_at": Self.localInputValue(Date(), req), "reporter_contact": user.email]
        return try await req.renderPage("incidents/incident-new", titleKey: "incidents.new.title", NewPage(form: FormState(values: values)))
    }

    struct ReportForm: Content {
        var title: String
        var description: String
        var discovered_at: String?
        var occurred_at: String?
        var system_name: String?
        var reporter_contact: String?
        var attachments: [File]?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(ReportForm.self)
        let values = ["title": form.title, "description": form.description, "discovered_at": form.discovered_at ?? "",
                      "occurred_at": form.occurred_at ?? "", "system_name": form.system_name ?? "", "reporter_contact": form.reporter_contact ?? ""]
        do {
            var problems = FieldProblems()
            let discovered = try problems.check { try Self.localDateTime(form.discovered_at, req, field: "discovered_at") } ?? nil
            let occurred = try problems.check { try Self.localDateTime(form.occurred_at, req, field: "occurred_at") } ?? nil
            try problems.throwIfAny()
            // Attachments are checked and their bytes stored first; the incident and its evidence
            // are then recorded in one transaction, so a refused file leaves no incident behind.
            let uploads = EvidenceController.uploads(.init(files: form.attachments))
            let stored: [EvidenceService.Stored]
            do {
                stored = try await evidence.store(uploads)
            } catch var error as VigilError {
                error.field = "attachments"
                throw error
            }
            let draft = IncidentService.Report(title: form.title, description: form.description, discoveredAt: discovered, occurredAt: occurred,
                                               systemName: form.system_name, reporterContact: form.reporter_contact)
            let (service, evidence, address) = (self.service, self.evidence, req.clientAddress)
            let incident = try await req.db.change(by: .user(user, address: address)) { db, audit in
                let incident = try await service.report(draft, by: user, address: address, on: db)
                if stored.isEmpty { audit.noEntry() }  // the report's own change recorded its entry
                _ = try await evidence.record(stored, description: nil, to: incident, by: user, address: address, audit: audit, on: db)
                return incident
            }
            let notice = incident.focalPointsTold?.isEmpty == false ? "incident_reported" : "incident_reported_nobody_told"
            return req.redirect(to: IncidentsPath.show(.value(incident.id!)).link(notice: notice))
        } catch let error as VigilError where error.field != nil {
            // The API's field names (discoveredAt…) are the form's (discovered_at…) here.
            var mapped = error
            mapped.fieldErrors = error.allFieldErrors.map { problem in
                var problem = problem
                problem.field = ["discoveredAt": "discovered_at", "occurredAt": "occurred_at", "systemName": "system_name",
                                 "reporterContact": "reporter_contact"][problem.field ?? ""] ?? problem.field
                return problem
            }
            return try await req.renderPage("incidents/incident-new", titleKey: "incidents.new.title",
                                            NewPage(form: .failed(mapped, values: values, request: req)), status: error.status)
        }
    }

    // MARK: The incident page

    func showPage(_ req: Request, incident: IncidentRecord, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let id = try incident.requireID()
        let now = Date()
        let clock = incident.notificationClock(now: now)
        let events = try await repository.events(of: id, on: req.db).map { event in
            ShowPage.Event(at: req.formDateTime(event.at), actor: event.actorLabel,
                           text: TimelineText.say(event, req.application.localizer, req.language),
                           note: TimelineText.note(event), isComment: event.kind == "comment")
        }
        let related = try await repository.related(to: id, for: user, on: req.db)
        let indicators = try await repository.indicators(of: id, on: req.db).map { row in
            ShowPage.IndicatorRow(type: req.t("indicator.type.\(row.type)"), value: row.value, related: (related[row.value] ?? []).map {
                Option(value: $0.id!.uuidString.lowercased(), label: $0.reference, selected: false)
            })
        }
        let open = incident.status != .closed && incident.disposition == "open"
        let english = req.language == .en
        let tasks = try await repository.tasks(of: id, on: req.db).map {
            ShowPage.Task(id: $0.id!.uuidString.lowercased(), phase: req.t("phase.\($0.phase)"), title: english ? $0.titleEn : $0.titleVi,
                          detail: english ? $0.detailEn : $0.detailVi, actor: req.t("actor.\($0.actor)"), due: req.formDateTime($0.dueAt),
                          overdue: $0.status == "open" && $0.dueAt < now, status: $0.status, statusLabel: req.t("task.\($0.status)"),
                          note: $0.note, doneBy: $0.doneBy)
        }
        let ancestorIDs = incident.organisation.path.split(separator: "/").compactMap { UUID(uuidString: String($0)) }
        let assignees = try await users.active(inOrganisations: ancestorIDs, on: req.db)
            .filter { $0.roles.contains { $0.permissions.contains(.handleIncidents) } }
            .map { Option(value: $0.id!.uuidString.lowercased(), label: $0.displayName, selected: $0.id == incident.$assignee.id) }
        let subGroups = SubScenarioGroup.groups(try await subScenarios.active(on: req.db), selected: incident.subScenario,
                                                language: req.language, localizer: req.application.localizer)
        let body = ShowPage(
            id: id.uuidString.lowercased(), reference: incident.reference, title: incident.title, description: incident.details,
            organisation: incident.organisation.name, status: req.t("status.\(incident.status.rawValue)"), statusCode: incident.status.rawValue,
            severity: incident.severity.map { req.t("severity.level.\($0)") }, severityCode: incident.severity, serious: incident.serious,
            scenario: incident.scenario.map { req.t("scenario.\($0)") }, causeGroup: incident.causeGroup.map { req.t("cause.\($0)") },
            discovered: req.formDateTime(incident.discoveredAt), occurred: incident.occurredAt.map(req.formDateTime),
            reported: req.formDateTime(incident.createdAt), systemName: incident.systemName, reporterContact: incident.reporterContact,
            reporter: incident.reporter.displayName, clockDue: req.formDateTime(clock.due), clockState: clock.state.rawValue,
            clockStateLabel: req.t("clock.state.\(clock.state.rawValue)"), clockRule: req.t(clock.explanation.key, clock.explanation.arguments),
            showClock: open, explanation: IncidentService.decode(incident.assessment).map { ExplanationText.say($0, req) },
            // The next step forward first: it is what the user usually wants.
            nextSteps: open || incident.status == .closed ? IncidentWorkflow.next(from: incident.status)
                .sorted { ($0.rawValue == Self.forward(incident.status)?.rawValue ? 0 : 1) < ($1.rawValue == Self.forward(incident.status)?.rawValue ? 0 : 1) }
                .map {
                Option(value: $0.rawValue, label: req.t("status.\($0.rawValue)"), selected: false)
            } : [],
            events: events, indicators: indicators, noIndicators: indicators.isEmpty,
            canHandle: user.has(.handleIncidents), canComment: user.has(.commentIncidents),
            causeGroups: Self.options(CauseGroup.self, prefix: "cause.", selected: incident.causeGroup ?? form.values["causeGroup"], req),
            scenarios: Scenario.allCases.map { Option(value: $0.rawValue, label: req.t("cause.\($0.causeGroup.rawValue)") + " › " + req.t("scenario.\($0.rawValue)"),
                                                      selected: (incident.scenario ?? form.values["scenario"]) == $0.rawValue) },
            impactLevels: Self.options(ImpactLevel.self, prefix: "impact.", selected: nil, req),
            sensitivities: Self.options(DataSensitivity.self, prefix: "sensitivity.", selected: DataSensitivity.internal.rawValue, req),
            seriousImpacts: Self.options(SeriousImpact.self, prefix: "serious_impact.", selected: nil, req),
            lessonsLearned: incident.lessonsLearned, form: form,
            tasks: tasks, hasTasks: !tasks.isEmpty, canManage: user.has(.manageIncidents),
            assignee: incident.assignee?.displayName, assignees: assignees,
            severities: Self.options(Severity.self, prefix: "severity.level.", selected: incident.severity, req),
            overrideReason: incident.severityOverrideReason, severityComputed: incident.severityComputed.map { req.t("severity.level.\($0)") },
            notifiedAt: incident.notifiedAt.map(req.formDateTime), nowInput: Self.localInputValue(now, req),
            disposition: incident.disposition, dispositionLabel: incident.disposition == "open" ? nil : req.t("disposition.\(incident.disposition)"),
            paperwork: try await IncidentPaperwork.load(incident, req, evidence: evidence, reports: reports),
            subScenario: try await incident.subScenario.asyncMap { try await subScenarios.find(code: $0, on: req.db)?.label(req.language) ?? $0 },
            subScenarioGroups: subGroups, hasSubScenarios: !subGroups.isEmpty)
        return try await req.renderPage("incidents/incident", titleKey: "incidents.show.title", title: "\(incident.reference) · \(incident.title)", body, status: status)
    }

    static func forward(_ status: IncidentStatus) -> IncidentStatus? {
        let all = IncidentStatus.allCases
        guard let index = all.firstIndex(of: status), index + 1 < all.count else { return nil }
        return all[index + 1]
    }

    @Sendable func showPage(req: Request) async throws -> Response {
        try await showPage(req, incident: try await repository.load(req))
    }

    struct ClassifyForm: Content {
        var scenario: String
        var subScenario: String?
        var securityLevel: String?
        var nationalCritical: String?
        var impacts: [String]?
        var beyondCapacity: String?
        var confidentiality: String?
        var integrity: String?
        var availability: String?
        var affectedUsers: String?
        var affectedSystems: String?
        var dataSensitivity: String?
        var outageHours: String?
    }

    @Sendable func classify(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let form = try req.content.decode(ClassifyForm.self)
        do {
            func number<T: LosslessStringConvertible>(_ raw: String?, _ field: String, as: T.Type) throws -> T? {
                guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
                guard let value = T(raw) else { throw VigilError.invalid(field, "validation.number") }
                return value
            }
            let scenario = Scenario(rawValue: form.scenario)
            let request = ClassifyIncidentRequest(
                causeGroup: scenario?.causeGroup.rawValue ?? "", scenario: form.scenario, subScenario: form.subScenario,
                securityLevel: try number(form.securityLevel, "securityLevel", as: Int.self),
                nationalCritical: form.nationalCritical == "on", impacts: form.impacts ?? [], beyondCapacity: form.beyondCapacity == "on",
                confidentiality: form.confidentiality, integrity: form.integrity, availability: form.availability,
                affectedUsers: try number(form.affectedUsers, "affectedUsers", as: Int.self),
                affectedSystems: try number(form.affectedSystems, "affectedSystems", as: Int.self),
                dataSensitivity: form.dataSensitivity, outageHours: try number(form.outageHours, "outageHours", as: Double.self), spreading: nil)
            _ = try await service.classify(incident, try request.input(), by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: IncidentsPath.show(.value(incident.id!)).link(notice: "classified", fragment: "classification"))
        } catch let error as VigilError where error.field != nil {
            return try await showPage(req, incident: incident, form: .failed(error, values: ["scenario": form.scenario], request: req), status: error.status)
        }
    }

    struct TransitionForm: Content {
        var to: String
        var note: String?
        var lessons_learned: String?
    }

    @Sendable func transition(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let form = try req.content.decode(TransitionForm.self)
        do {
            guard let target = IncidentStatus(rawValue: form.to) else { throw VigilError.invalid("to", "validation.unknown_code", [form.to]) }
            try await service.transition(incident, to: target, note: form.note, lessonsLearned: form.lessons_learned,
                                         by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: IncidentsPath.show(.value(incident.id!)).link(notice: "status_changed"))
        } catch let error as VigilError where error.status == .conflict || error.field != nil {
            var state = FormState.failed(error, values: ["note": form.note ?? "", "lessons_learned": form.lessons_learned ?? ""], request: req)
            if error.field == nil { state.errors["transition"] = state.general; state.general = nil }
            return try await showPage(req, incident: incident, form: state, status: error.status)
        }
    }

    struct IndicatorForm: Content { var text: String }

    @Sendable func addIndicators(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let form = try req.content.decode(IndicatorForm.self)
        guard form.text.count <= 200_000 else {
            return try await showPage(req, incident: incident, form: .failed(.invalid("indicators", "validation.too_long", ["200000"]), values: [:], request: req),
                                      status: .unprocessableEntity)
        }
        let found = IndicatorExtractor.extract(from: form.text)
        if found.isEmpty {
            return try await showPage(req, incident: incident, form: .failed(.invalid("indicators", "validation.no_indicators"), values: ["indicators": form.text], request: req),
                                      status: .unprocessableEntity)
        }
        _ = try await service.addIndicators(incident, found, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: IncidentsPath.show(.value(incident.id!)).link(notice: "indicators_added", fragment: "indicators"))
    }

    struct CommentForm: Content { var comment: String }

    @Sendable func comment(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let form = try req.content.decode(CommentForm.self)
        do {
            try await service.comment(incident, text: form.comment, by: user, on: req.db)
            return req.redirect(to: IncidentsPath.show(.value(incident.id!)).link(fragment: "timeline"))
        } catch let error as VigilError where error.field != nil {
            return try await showPage(req, incident: incident, form: .failed(error, values: ["comment": form.comment], request: req), status: error.status)
        }
    }
}
