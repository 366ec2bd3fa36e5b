import Vapor
import VigilCore

/// The response plans' pages: the list per organisation, a plan with its sections (a form each
/// while it is a draft), its versions, approval, the print page and the DOCX.
struct PlanPageController: RouteCollection, Sendable {
    let service: PlanService
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewAssets))
        let manage = routes.grouped(RequirePermission(permission: .managePlans))
        view.get(PlansPath.plans, use: list)
        manage.post(PlansPath.generate(system: .key), use: generate)
        view.get(PlansPath.plan(.key), use: show)
        manage.post(PlansPath.section(.key, section: .key), use: editSection)
        routes.grouped(RequirePermission(permission: .approvePlans)).post(PlansPath.approve(.key), use: approve)
        view.get(PlansPath.print(.key), use: printPage)
        view.get(PlansPath.document(.key), use: document)
    }

    /// The plan's DOCX, in `language` (the page's and the API's).
    static func docx(_ plan: ResponsePlanRecord, system: InformationSystemRecord, wording: PlanWording, language: UILanguage) throws -> Response {
        let document = wording.document(plan, content: try plan.decodedContent(), systemName: system.name, organisation: system.organisation.name,
                                        language: language)
        let data = try wording.docx(document, language: language)
        return EvidenceController.attachment(data, filename: "\(system.name) v\(plan.version).docx", digest: BlobStore.digest(of: data),
                                             contentType: DocxWriter.contentType)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let user = try req.currentUser
        // `?org=ID`: one organisation's systems (a compliance figure links here so).
        let visible = try await organisations.all(in: user.scope, narrowedTo: try InputValidation.uuid(req.query[String.self, at: "org"], field: "org"),
                                                  on: req.db)
        let systems = try await service.assets.systemsWithOrganisation(ofOrganisations: visible.compactMap(\.id), on: req.db)
        var groups: [ListPage.Group] = []
        for (name, members) in Dictionary(grouping: systems, by: \.organisation.name).sorted(by: { $0.key < $1.key }) {
            var rows: [ListPage.Row] = []
            for system in members.sorted(by: { $0.name < $1.name }) {
                rows.append(.init(systemID: system.id!.uuidString.lowercased(), system: system.name, level: system.securityLevel,
                                  plan: try await service.summary(of: system, on: req.db, language: req.language)))
            }
            groups.append(.init(organisation: name, rows: rows))
        }
        let cycle = try await service.settings.cycle(on: req.db)
        let page = ListPage(groups: groups, noRows: systems.isEmpty, canGenerate: user.has(.managePlans), canSettings: user.has(.manageSettings),
                            cycle: req.t("plan.cycle", String(cycle.month), cycle.source.reference))
        return try await req.renderPage("plans/plans", titleKey: "plan.title", page)
    }

    @Sendable func generate(req: Request) async throws -> Response {
        guard let systemID = req.parameters.get("systemID", as: UUID.self) else { throw VigilError.notFound }
        let plan = try await service.generate(forSystem: systemID, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: PlansPath.plan(.value(plan.id!)).link(notice: "saved"))
    }

    private func render(_ req: Request, plan: ResponsePlanRecord, system: InformationSystemRecord, failed: (PlanSectionKind, VigilError, text: String)? = nil)
        async throws -> Response {
        let user = try req.currentUser
        let language = req.language
        let content = try plan.decodedContent()
        let reasons = try await service.reviewReasons(plan, system: system, on: req.db)
        let cycle = try await service.settings.cycle(on: req.db)
        let versions = try await service.repository.versions(ofSystem: plan.systemID, on: req.db)
        let isDraft = plan.planStatus == .draft
        let sections = content.sections.map { section in
            let text = language == .en ? section.text.en : section.text.vi
            let failedHere = failed.flatMap { $0.0 == section.kind ? $0 : nil }
            return ShowPage.Section(key: section.kind.rawValue, title: service.wording.sectionTitle(section.kind, language),
                                    blocks: PlanMarkup.blocks(text).map(PaperBlock.init), text: failedHere?.text ?? text,
                                    error: failedHere.flatMap { $0.1.allFieldErrors.first }.map { req.t($0.messageKey, $0.arguments) })
        }
        let page = ShowPage(
            id: plan.id!.uuidString.lowercased(), systemID: plan.systemID.uuidString.lowercased(), systemName: system.name,
            organisation: system.organisation.name, version: plan.version, status: plan.status, statusLabel: req.t("plan.status.\(plan.status)"),
            standing: service.wording.standing(plan, language), reviewDue: !reasons.isEmpty,
            reasons: reasons.map { service.reasonText($0, cycle: cycle, language) }, sections: sections,
            versions: versions.map {
                .init(id: $0.id!.uuidString.lowercased(), version: $0.version, status: req.t("plan.status.\($0.status)"),
                      approvedAt: $0.approvedAt.map { req.formDateTime($0) } ?? "", current: $0.id == plan.id)
            },
            language: language.rawValue, canEdit: isDraft && user.has(.managePlans), canApprove: isDraft && user.has(.approvePlans),
            canGenerate: user.has(.managePlans) && !versions.contains { $0.planStatus == .draft },
            general: failed.map { _ in req.t("plan.error.section") })
        return try await req.renderPage("plans/plan", titleKey: "plan.title", title: system.name, page,
                                        status: failed == nil ? .ok : .unprocessableEntity)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (plan, system) = try await service.find(try PlanAPIController.planID(req), for: try req.currentUser, on: req.db)
        return try await render(req, plan: plan, system: system)
    }

    struct SectionForm: Content {
        var vi: String?
        var en: String?
    }

    @Sendable func editSection(req: Request) async throws -> Response {
        let user = try req.currentUser
        let (plan, system) = try await service.find(try PlanAPIController.planID(req), for: user, on: req.db)
        guard let kind = PlanSectionKind(rawValue: req.parameters.get("section") ?? "") else { throw VigilError.notFound }
        let form = try req.content.decode(SectionForm.self)
        // The form edits the reader's language; the other stays as it is.
        let current = try plan.decodedContent().section(kind)?.text ?? LocalizedText(vi: "", en: "")
        let text = (req.language == .en ? form.en : form.vi) ?? ""
        do {
            try await service.edit(plan, section: kind, vi: req.language == .en ? current.vi : text, en: req.language == .en ? text : current.en,
                                   by: user, address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            return try await render(req, plan: plan, system: system, failed: (kind, error, text: text))
        }
        return req.redirect(to: PlansPath.plan(.value(plan.id!)).link(notice: "saved", fragment: "section-\(kind.rawValue)"))
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let user = try req.currentUser
        let (plan, _) = try await service.find(try PlanAPIController.planID(req), for: user, on: req.db)
        try await service.approve(plan, by: user, address: req.clientAddress, on: req.db)
        return req.redirect(to: PlansPath.plan(.value(plan.id!)).link(notice: "plan_approved"))
    }

    @Sendable func printPage(req: Request) async throws -> Response {
        let (plan, system) = try await service.find(try PlanAPIController.planID(req), for: try req.currentUser, on: req.db)
        let document = service.wording.document(plan, content: try plan.decodedContent(), systemName: system.name,
                                                organisation: system.organisation.name, language: req.language)
        return try await req.renderPage("plans/plan-print", titleKey: "plan.print", title: document.title,
                                        PrintPage(id: plan.id!.uuidString.lowercased(), title: document.title, blocks: document.blocks.map(PaperBlock.init)))
    }

    @Sendable func document(req: Request) async throws -> Response {
        let (plan, system) = try await service.find(try PlanAPIController.planID(req), for: try req.currentUser, on: req.db)
        return try Self.docx(plan, system: system, wording: service.wording, language: req.language)
    }
}
