import Fluent
import Vapor
import VigilCore

/// The response playbooks (kịch bản ứng cứu): everyone who works incidents reads them; the focal
/// point edits the agency's copy. A save is a new version; incidents already classified keep the
/// tasks they were given.
struct PlaybookController: RouteCollection, Sendable {
    let store: PlaybookStore
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        let playbooks = routes.grouped(RequirePermission(permission: .viewIncidents))
        playbooks.get(IncidentsPath.playbooks, use: list)
        playbooks.get(IncidentsPath.playbook(scenario: .key), use: show)
        playbooks.grouped(RequirePermission(permission: .manageIncidents)).post(IncidentsPath.playbook(scenario: .key), use: save)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewIncidents)).get(IncidentsAPIPath.playbook(scenario: .key), use: showJSON)
    }

    private func owner(_ id: UUID?, _ req: Request) async throws -> String {
        guard let id else { return req.t("playbook.owner.default") }
        return try await organisations.find(id, on: req.db)?.name ?? req.t("playbook.owner.default")
    }

    private func userOrganisation(_ req: Request) async throws -> OrganisationRecord {
        let user = try req.currentUser
        guard let organisation = try await organisations.find(user.organisationID, on: req.db) else { throw VigilError.notFound }
        return organisation
    }

    @Sendable func list(req: Request) async throws -> Response {
        let organisation = try await userOrganisation(req)
        var rows: [ListPage.Row] = []
        for scenario in Scenario.allCases {
            let (playbook, owner) = try await store.current(for: scenario, organisation: organisation, on: req.db)
            rows.append(.init(scenario: scenario.rawValue, label: req.t("scenario.\(scenario.rawValue)"),
                              cause: req.t("cause.\(scenario.causeGroup.rawValue)"), steps: playbook.steps.count, version: playbook.version,
                              owner: try await self.owner(owner, req)))
        }
        return try await req.renderPage("incidents/playbooks", titleKey: "playbook.title", ListPage(rows: rows))
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, scenario: try scenario(req), edited: nil, problems: [])
    }

    private func scenario(_ req: Request) throws -> Scenario {
        guard let raw = req.parameters.get("scenario"), let scenario = Scenario(rawValue: raw) else { throw VigilError.notFound }
        return scenario
    }

    private func render(_ req: Request, scenario: Scenario, edited: Playbook?, problems: [String]) async throws -> Response {
        let user = try req.currentUser
        let organisation = try await userOrganisation(req)
        let (current, owner) = try await store.current(for: scenario, organisation: organisation, on: req.db)
        let playbook = edited ?? current
        var steps = playbook.steps.enumerated().map { index, step in
            ShowPage.Step(position: index + 1, phase: step.phase.rawValue, phaseLabel: req.t("phase.\(step.phase.rawValue)"),
                          actor: step.actor.rawValue, actorLabel: req.t("actor.\(step.actor.rawValue)"), due: step.dueWithinHours,
                          titleVi: step.title.vi, titleEn: step.title.en, detailVi: step.detail.vi, detailEn: step.detail.en, blank: false)
        }
        // Room for new steps; their position puts them anywhere.
        for _ in 0..<3 {
            steps.append(.init(position: steps.count + 1, phase: ResponsePhase.containment.rawValue, phaseLabel: "",
                               actor: PlaybookActor.responder.rawValue, actorLabel: "", due: 24, titleVi: "", titleEn: "", detailVi: "",
                               detailEn: "", blank: true))
        }
        let history = try await store.history(of: scenario, organisationID: organisation.requireID(), on: req.db).map {
            ShowPage.Version(version: $0.version, at: req.formDateTime($0.createdAt), by: $0.createdBy)
        }
        let page = ShowPage(
            scenario: scenario.rawValue, label: req.t("scenario.\(scenario.rawValue)"), version: current.version,
            owner: try await self.owner(owner, req), ownCopy: owner == organisation.id, organisation: organisation.name, steps: steps,
            phases: ResponsePhase.allCases.map { SelectOption(value: $0.rawValue, label: req.t("phase.\($0.rawValue)"), selected: false) },
            actors: PlaybookActor.allCases.map { SelectOption(value: $0.rawValue, label: req.t("actor.\($0.rawValue)"), selected: false) },
            history: history, canEdit: user.has(.manageIncidents), problems: problems,
            hasProblems: !problems.isEmpty, hasHistory: !history.isEmpty)
        return try await req.renderPage("incidents/playbook", titleKey: "playbook.title", page,
                                        status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// One value per row for each column, in the order of the rows on the page.
    struct EditForm: Content {
        var position: [String]?
        var phase: [String]?
        var actor: [String]?
        var due: [String]?
        var title_vi: [String]?
        var title_en: [String]?
        var detail_vi: [String]?
        var detail_en: [String]?
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        let scenario = try scenario(req)
        let organisation = try await userOrganisation(req)
        let form = try req.content.decode(EditForm.self)
        let (current, _) = try await store.current(for: scenario, organisation: organisation, on: req.db)
        let count = form.title_vi?.count ?? 0
        func column(_ values: [String]?, _ index: Int) -> String {
            guard let values, index < values.count else { return "" }
            return values[index].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var rows: [(position: Double, step: PlaybookStep)] = []
        var badCodes = false
        for index in 0..<count {
            let titleVi = column(form.title_vi, index), titleEn = column(form.title_en, index)
            if titleVi.isEmpty && titleEn.isEmpty { continue }   // a blank row, or a step removed
            guard let phase = ResponsePhase(rawValue: column(form.phase, index)),
                  let actor = PlaybookActor(rawValue: column(form.actor, index)) else { badCodes = true; continue }
            let due = Int(column(form.due, index)) ?? -1
            let position = Double(column(form.position, index)) ?? Double(index + 1)
            rows.append((position + Double(index) / 1000, PlaybookStep(
                phase: phase, title: LocalizedText(vi: titleVi, en: titleEn),
                detail: LocalizedText(vi: column(form.detail_vi, index), en: column(form.detail_en, index)), actor: actor, dueWithinHours: due)))
        }
        var edited = current
        edited.steps = rows.sorted { $0.position < $1.position }.map(\.step)
        edited.source = LegalSource(reference: req.t("playbook.source.edited", organisation.name), effectiveFrom: ISODay.string(Date()))
        var problems = edited.problems().map { problem -> String in
            switch problem {
            case .noSteps: req.t("playbook.error.no_steps")
            case .tooManySteps: req.t("playbook.error.too_many", String(Playbook.maxSteps))
            case .missingTitle(let step): req.t("playbook.error.title", String(step))
            case .dueOutOfRange(let step): req.t("playbook.error.due", String(step), String(Playbook.maxDueHours))
            case .textTooLong(let step): req.t("playbook.error.too_long", String(step))
            }
        }
        if badCodes { problems.insert(req.t("validation.unknown_code", "phase/actor"), at: 0) }
        guard problems.isEmpty else { return try await render(req, scenario: scenario, edited: edited, problems: problems) }
        let saved = try await store.save(edited, organisationID: try organisation.requireID(), by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: IncidentsPath.playbook(scenario: .value(scenario.rawValue)).link(notice: "playbook_saved", query: ["v": String(saved.version)]))
    }

    @Sendable func showJSON(req: Request) async throws -> Playbook {
        let organisation = try await userOrganisation(req)
        return try await store.current(for: try scenario(req), organisation: organisation, on: req.db).0
    }
}

extension Playbook: Content {}
