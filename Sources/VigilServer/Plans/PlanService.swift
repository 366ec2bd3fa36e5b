import Fluent
import Foundation
import VigilCore

/// Response plans: generated from what the other capabilities know (through their repositories),
/// edited as a draft, approved and frozen, and checked for what makes them due for review.
struct PlanService: Sendable {
    let repository: PlanRepository
    let systems: SystemService
    let assets: AssetRepository
    let changeLog: SystemChangeLog
    let playbooks: PlaybookStore
    let severityCriteria: SeverityCriteriaStore
    let contacts: any PlanContactSource
    let settings: PlanSettings
    let wording: PlanWording
    let timeZone: TimeZone

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// A plan and its system, if the caller may see the system (404 otherwise, whatever the id).
    func find(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> (ResponsePlanRecord, InformationSystemRecord) {
        guard let plan = try await repository.find(id, on: db) else { throw VigilError.notFound }
        return (plan, try await systems.find(plan.systemID, for: user, on: db))
    }

    // MARK: Generating

    /// What the plan of `system` is generated from, gathered from the inventory, the incident rules
    /// and playbooks in force for its organisation, and the contacts.
    func inputs(for system: InformationSystemRecord, on db: any Database, now: Date) async throws -> PlanInputs {
        let systemID = try system.requireID()
        let organisation = system.organisation
        let urls = system.publicURLs.split(separator: "\n").map(String.init)
        var playbooks: [Playbook] = []
        for scenario in PlanScenarios.relevant(publicURLs: urls) {
            playbooks.append(try await self.playbooks.current(for: scenario, organisation: organisation, on: db).0)
        }
        return PlanInputs(
            system: .init(name: system.name, description: system.purpose, ownerUnit: organisation.name, securityLevel: system.securityLevel,
                          nationalCritical: system.nationalCritical, hosting: Hosting(rawValue: system.hosting) ?? .onPremises, publicURLs: urls,
                          responsible: system.responsible),
            hosts: try await assets.hosts(ofSystem: systemID, on: db).map {
                .init(name: $0.hostname, addresses: $0.addresses.split(separator: ",").map(String.init), role: $0.role)
            },
            suppliers: try await assets.suppliers(ofSystem: systemID, on: db).map { .init(name: $0.name, services: $0.services) },
            criteria: try await severityCriteria.criteria(at: now, on: db), serious: .decision05of2017, playbooks: playbooks,
            contacts: try await contacts.contacts(for: organisation, on: db),
            recovery: .init(backups: system.backups, spareEquipment: system.spareEquipment, supplierSupport: system.supplierSupport))
    }

    /// Generates a draft with the next version number. A system has one draft at a time: while one
    /// is open, it is edited rather than generated again (409).
    func generate(forSystem systemID: UUID, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> ResponsePlanRecord {
        let system = try await systems.find(systemID, for: user, on: db)
        let versions = try await repository.versions(ofSystem: systemID, on: db)
        if versions.contains(where: { $0.planStatus == .draft }) { throw VigilError.conflict(nil, "plan.error.draft_open") }
        let inputs = try await inputs(for: system, on: db, now: now)
        let version = (versions.map(\.version).max() ?? 0) + 1
        let content = PlanContent(systemID: systemID.uuidString.lowercased(), version: version,
                                  sections: PlanGenerator.sections(inputs).map(wording.section),
                                  playbooks: Dictionary(uniqueKeysWithValues: inputs.playbooks.map { ($0.scenario.rawValue, $0.version) }))
        let plan = ResponsePlanRecord()
        plan.id = UUID.timeOrdered(at: now)
        plan.organisationID = system.$organisation.id
        plan.systemID = systemID
        plan.version = version
        plan.status = PlanStatus.draft.rawValue
        plan.content = String(decoding: try content.canonicalJSON(), as: UTF8.self)
        (plan.createdAt, plan.createdBy, plan.updatedAt) = (now, user.displayName, now)
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await repository.create(plan, on: db)
            var changes = AuditChanges()
            changes.created("system", systemID.uuidString.lowercased())
            changes.created("version", String(version))
            audit.record(organisationID: plan.organisationID, action: "plan.generate", objectType: "response_plan",
                         objectID: try plan.requireID().uuidString.lowercased(), changes: changes)
        }
        return plan
    }

    // MARK: Editing and approving

    /// Replaces one section's text (both languages) of a draft.
    func edit(_ plan: ResponsePlanRecord, section kind: PlanSectionKind, vi rawVi: String, en rawEn: String, by user: CurrentUser, address: String?,
              on db: any Database, now: Date = Date()) async throws {
        guard plan.planStatus == .draft else { throw VigilError.conflict(nil, "plan.error.not_draft") }
        var problems = FieldProblems()
        func text(_ raw: String, field: String) -> String {
            let text = raw.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { problems.add(.invalid(field, "validation.required")) }
            if text.count > PlanSection.maxLength { problems.add(.invalid(field, "validation.too_long", [String(PlanSection.maxLength)])) }
            if text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) && $0 != "\n" && $0 != "\t" }) {
                problems.add(.invalid(field, "validation.control_characters"))
            }
            return text
        }
        let vi = text(rawVi, field: "vi"), en = text(rawEn, field: "en")
        try problems.throwIfAny()
        var content = try plan.decodedContent()
        guard let index = content.sections.firstIndex(where: { $0.kind == kind }) else { throw VigilError.notFound }
        let old = content.sections[index].text
        guard old != LocalizedText(vi: vi, en: en) else { return }
        content.sections[index].text = LocalizedText(vi: vi, en: en)
        plan.content = String(decoding: try content.canonicalJSON(), as: UTF8.self)
        plan.updatedAt = now
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await repository.update(plan, on: db)
            var changes = AuditChanges()
            changes.set("section", from: nil, to: kind.rawValue)
            changes.set("vi", from: old.vi, to: vi)
            changes.set("en", from: old.en, to: en)
            audit.record(organisationID: plan.organisationID, action: "plan.section.update", objectType: "response_plan",
                         objectID: try plan.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    /// Approves a draft: frozen with the SHA-256 of its canonical content; the version approved
    /// before it becomes `superseded`. Only a leader (the route's permission) approves.
    func approve(_ plan: ResponsePlanRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        guard user.has(.approvePlans) else { throw VigilError.forbidden }
        guard plan.planStatus == .draft else { throw VigilError.conflict(nil, "plan.error.not_draft") }
        let digest = try plan.decodedContent().sha256()
        let planID = try plan.requireID()
        let repository = self.repository
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await repository.supersede(ofSystem: plan.systemID, except: planID, on: db)
            plan.status = PlanStatus.approved.rawValue
            (plan.approvedAt, plan.approvedBy, plan.sha256, plan.updatedAt) = (now, user.displayName, digest, now)
            try await repository.update(plan, on: db)
            var changes = AuditChanges()
            changes.set("status", from: PlanStatus.draft.rawValue, to: PlanStatus.approved.rawValue)
            changes.created("version", String(plan.version))
            changes.created("sha256", digest)
            audit.record(organisationID: plan.organisationID, action: "plan.approve", objectType: "response_plan",
                         objectID: planID.uuidString.lowercased(), changes: changes)
        }
    }

    // MARK: Review

    /// Why an approved plan is due for review; a draft or a superseded version has no reasons (the
    /// draft is not in force yet, the superseded one no longer).
    func reviewReasons(_ plan: ResponsePlanRecord, system: InformationSystemRecord, on db: any Database, now: Date = Date()) async throws -> [PlanReviewReason] {
        guard plan.planStatus == .approved, let approvedAt = plan.approvedAt else { return [] }
        let content = try plan.decodedContent()
        var current: [String: Int] = [:]
        for code in content.playbooks.keys {
            guard let scenario = Scenario(rawValue: code) else { continue }
            current[code] = try await playbooks.current(for: scenario, organisation: system.organisation, on: db).0.version
        }
        let facts = PlanReviewFacts(
            approvedAt: approvedAt, systemFieldsChanged: try await changeLog.fieldsChanged(ofSystem: plan.systemID, after: approvedAt, on: db),
            includedPlaybooks: content.playbooks, currentPlaybooks: current,
            requests: try await repository.reviewRequests(ofSystem: plan.systemID, after: approvedAt, on: db).compactMap { PlanReviewRequestKind(rawValue: $0.kind) },
            now: now)
        return PlanReviewRule.reasons(facts, cycle: try await settings.cycle(on: db), calendar: calendar)
    }

    /// A reason in words (the cycle's reason names its month).
    func reasonText(_ reason: PlanReviewReason, cycle: PlanReviewCycle, _ language: UILanguage) -> String {
        wording.localizer.text("plan.review.\(reason.rawValue)", language, [String(cycle.month)])
    }

    /// The system's plan as its page shows it: the version in force, an open draft, why a review is due.
    func summary(of system: InformationSystemRecord, on db: any Database, language: UILanguage, now: Date = Date()) async throws -> PlanSummary? {
        let versions = try await repository.versions(ofSystem: try system.requireID(), on: db)
        guard !versions.isEmpty else { return nil }
        let approved = versions.first { $0.planStatus == .approved }
        let reasons = try await approved.asyncMap { try await reviewReasons($0, system: system, on: db, now: now) } ?? []
        let cycle = try await settings.cycle(on: db)
        func version(_ plan: ResponsePlanRecord?) -> PlanSummary.Version? {
            plan.map { .init(id: $0.id!.uuidString.lowercased(), version: $0.version) }
        }
        return PlanSummary(approved: version(approved), draft: version(versions.first { $0.planStatus == .draft }),
                           reviewDue: !reasons.isEmpty, reasons: reasons.map { reasonText($0, cycle: cycle, language) })
    }
}

/// A system's plan on the system's page and in the plans list.
struct PlanSummary: Encodable, Sendable {
    struct Version: Encodable, Sendable {
        let id: String
        let version: Int
    }
    let approved: Version?
    let draft: Version?
    let reviewDue: Bool
    let reasons: [String]
}
