import Fluent
import Foundation
import VigilCore

extension PlanService {
    /// The systems among these whose approved plan is in force and not due for review. Systems
    /// must come with their organisation (`AssetRepository.systemsWithOrganisation`): playbooks
    /// are each agency's.
    func systemsWithCurrentPlans(_ systems: [InformationSystemRecord], on db: any Database, now: Date = Date()) async throws -> Set<UUID> {
        try await systemsWithCurrentPlans(
            Dictionary(uniqueKeysWithValues: systems.compactMap { system in system.id.map { ($0, system.organisation) } }), on: db, now: now)
    }

    /// The systems among these (system id → its organisation) whose approved plan is in force and
    /// not due for review: the same facts and rule as `reviewReasons` (a test compares them plan
    /// by plan), read for all the systems in a few statements rather than four per plan.
    func systemsWithCurrentPlans(_ systems: [UUID: OrganisationRecord], on db: any Database, now: Date = Date()) async throws -> Set<UUID> {
        let approved = try await repository.approvedPlanFacts(ofSystems: Array(systems.keys), on: db)
        guard let earliest = approved.map(\.approvedAt).min() else { return [] }
        let planned = approved.map(\.systemID)
        let changes = try await changeLog.changes(ofSystems: planned, after: earliest, on: db)
        let requests = Dictionary(grouping: try await repository.reviewRequests(ofSystems: planned, after: earliest, on: db), by: \.systemID)
        let cycle = try await settings.cycle(on: db)
        // The playbooks in force for every organisation and scenario the plans include, read at once.
        let scenarios = Set(approved.flatMap { $0.playbooks.keys.compactMap(Scenario.init(rawValue:)) })
        let organisations = Dictionary(systems.values.compactMap { organisation in organisation.id.map { ($0, organisation) } }) { first, _ in first }
        let inForce = try await playbooks.currentVersions(of: scenarios, organisations: Array(organisations.values), on: db)
        var current: Set<UUID> = []
        for plan in approved {
            guard let organisation = systems[plan.systemID]?.id else { continue }
            var versions: [String: Int] = [:]
            for code in plan.playbooks.keys {
                guard let scenario = Scenario(rawValue: code) else { continue }
                versions[code] = inForce[organisation]?[scenario]
            }
            let facts = PlanReviewFacts(
                approvedAt: plan.approvedAt,
                systemFieldsChanged: Set((changes[plan.systemID] ?? []).filter { $0.at > plan.approvedAt }.flatMap(\.fields)),
                includedPlaybooks: plan.playbooks, currentPlaybooks: versions,
                requests: (requests[plan.systemID] ?? []).filter { $0.at > plan.approvedAt }.compactMap { PlanReviewRequestKind(rawValue: $0.kind) },
                now: now)
            if PlanReviewRule.reasons(facts, cycle: cycle, calendar: calendar).isEmpty { current.insert(plan.systemID) }
        }
        return current
    }
}
