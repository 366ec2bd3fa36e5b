import Vapor
import VigilCore

/// `/api/v1/systems/{id}/plans` and `/api/v1/plans/{id}`: the response plans' contract.
struct PlanAPIController: Sendable {
    let service: PlanService

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewAssets))
        let manage = routes.grouped(RequirePermission(permission: .managePlans))
        manage.post(PlansAPIPath.systemPlans(system: .key), use: generate)
        view.get(PlansAPIPath.systemPlans(system: .key), use: list)
        view.get(PlansAPIPath.plan(.key), use: show)
        manage.patch(PlansAPIPath.section(.key, section: .key), use: editSection)
        routes.grouped(RequirePermission(permission: .approvePlans)).post(PlansAPIPath.approve(.key), use: approve)
        view.get(PlansAPIPath.document(.key), use: document)
    }

    struct Created: Content {
        let id: String
        let version: Int
        let status: String
    }

    struct PlanDTO: Content {
        struct Section: Content {
            let key: String
            let title: String
            let vi: String
            let en: String
        }
        let id: String
        let systemId: String
        let systemName: String
        let organisationId: String
        let version: Int
        let status: String
        let reviewDue: Bool
        let reviewReasons: [String]
        /// The reasons in the caller's language, in the same order.
        let reviewReasonTexts: [String]
        let createdAt: Date
        let createdBy: String
        let approvedAt: Date?
        let approvedBy: String?
        let sha256: String?
        /// The playbook version of each included scenario.
        let playbooks: [String: Int]
        let sections: [Section]
    }

    static func planID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("planID", as: UUID.self) else { throw VigilError.notFound }
        return id
    }

    func dto(_ plan: ResponsePlanRecord, system: InformationSystemRecord, req: Request) async throws -> PlanDTO {
        let content = try plan.decodedContent()
        let reasons = try await service.reviewReasons(plan, system: system, on: req.db)
        let cycle = try await service.settings.cycle(on: req.db)
        return PlanDTO(
            id: plan.id!.uuidString.lowercased(), systemId: plan.systemID.uuidString.lowercased(), systemName: system.name,
            organisationId: plan.organisationID.uuidString.lowercased(), version: plan.version, status: plan.status, reviewDue: !reasons.isEmpty,
            reviewReasons: reasons.map(\.rawValue), reviewReasonTexts: reasons.map { service.reasonText($0, cycle: cycle, req.language) },
            createdAt: plan.createdAt, createdBy: plan.createdBy, approvedAt: plan.approvedAt, approvedBy: plan.approvedBy, sha256: plan.sha256,
            playbooks: content.playbooks,
            sections: content.sections.map {
                .init(key: $0.kind.rawValue, title: service.wording.sectionTitle($0.kind, req.language), vi: $0.text.vi, en: $0.text.en)
            })
    }

    @Sendable func generate(req: Request) async throws -> Response {
        guard let systemID = req.parameters.get("systemID", as: UUID.self) else { throw VigilError.notFound }
        let plan = try await service.generate(forSystem: systemID, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return try await Created(id: plan.id!.uuidString.lowercased(), version: plan.version, status: plan.status).encodeResponse(status: .created, for: req)
    }

    /// A system's versions, newest first.
    @Sendable func list(req: Request) async throws -> [PlanDTO] {
        guard let systemID = req.parameters.get("systemID", as: UUID.self) else { throw VigilError.notFound }
        let system = try await service.systems.find(systemID, for: try req.currentUser, on: req.db)
        var rows: [PlanDTO] = []
        for plan in try await service.repository.versions(ofSystem: systemID, on: req.db) { rows.append(try await dto(plan, system: system, req: req)) }
        return rows
    }

    @Sendable func show(req: Request) async throws -> PlanDTO {
        let (plan, system) = try await service.find(try Self.planID(req), for: try req.currentUser, on: req.db)
        return try await dto(plan, system: system, req: req)
    }

    struct SectionBody: Content {
        var vi: String?
        var en: String?
    }

    /// Changes a draft's section: the languages given change, the others stay.
    @Sendable func editSection(req: Request) async throws -> PlanDTO {
        let user = try req.currentUser
        let (plan, system) = try await service.find(try Self.planID(req), for: user, on: req.db)
        guard let kind = PlanSectionKind(rawValue: req.parameters.get("section") ?? "") else { throw VigilError.notFound }
        let body = try req.decodeJSON(SectionBody.self)
        guard body.vi != nil || body.en != nil else { throw VigilError.invalid("vi", "validation.required") }
        let current = try plan.decodedContent().section(kind)?.text ?? LocalizedText(vi: "", en: "")
        try await service.edit(plan, section: kind, vi: body.vi ?? current.vi, en: body.en ?? current.en, by: user, address: req.clientAddress, on: req.db)
        return try await dto(plan, system: system, req: req)
    }

    @Sendable func approve(req: Request) async throws -> PlanDTO {
        let user = try req.currentUser
        let (plan, system) = try await service.find(try Self.planID(req), for: user, on: req.db)
        try await service.approve(plan, by: user, address: req.clientAddress, on: req.db)
        return try await dto(plan, system: system, req: req)
    }

    @Sendable func document(req: Request) async throws -> Response {
        let (plan, system) = try await service.find(try Self.planID(req), for: try req.currentUser, on: req.db)
        return try PlanPageController.docx(plan, system: system, wording: service.wording, language: req.language)
    }
}
