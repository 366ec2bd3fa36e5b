import Fluent
import Foundation
import VigilCore

extension PlanService {
    /// The systems among these whose approved plan is in force and not due for review: the same
    /// facts and rule as `reviewReasons` (a test compares them plan by plan), read for all the
    /// systems in a few statements rather than four per plan. Systems must come with their
    /// organisation (`AssetRepository.systemsWithOrganisation`): playbooks are each agency's.
    func systemsWithCurrentPlans(_ systems: [InformationSystemRecord], on db: any Database, now: Date = Date()) async throws -> Set<UUID> {
        let byID = Dictionary(uniqueKeysWithValues: systems.compactMap { system in system.id.map { ($0, system) } })
        let approved = try await repository.approvedPlans(ofSystems: Array(byID.keys), on: db).filter { $0.approvedAt != nil }
        guard let earliest = approved.compactMap(\.approvedAt).min() else { return [] }
        let planned = approved.map(\.systemID)
        let changes = try await changeLog.changes(ofSystems: planned, after: earliest, on: db)
        let requests = Dictionary(grouping: try await repository.reviewRequests(ofSystems: planned, after: earliest, on: db), by: \.systemID)
        let cycle = try await settings.cycle(on: db)
        // The playbooks in force for every organisation and scenario the plans include, read at once.
        let contents = try approved.map { ($0, try $0.decodedContent()) }
        let scenarios = Set(contents.flatMap { $0.1.playbooks.keys.compactMap(Scenario.init(rawValue:)) })
        let organisations = Dictionary(systems.map { ($0.$organisation.id, $0.organisation) }) { first, _ in first }
        let inForce = try await playbooks.currentVersions(of: scenarios, organisations: Array(organisations.values), on: db)
        var current: Set<UUID> = []
        for (plan, content) in contents {
            guard let system = byID[plan.systemID], let approvedAt = plan.approvedAt else { continue }
            var versions: [String: Int] = [:]
            for code in content.playbooks.keys {
                guard let scenario = Scenario(rawValue: code) else { continue }
                versions[code] = inForce[system.$organisation.id]?[scenario]
            }
            let facts = PlanReviewFacts(
                approvedAt: approvedAt,
                systemFieldsChanged: Set((changes[plan.systemID] ?? []).filter { $0.at > approvedAt }.flatMap(\.fields)),
                includedPlaybooks: content.playbooks, currentPlaybooks: versions,
                requests: (requests[plan.systemID] ?? []).filter { $0.at > approvedAt }.compactMap { PlanReviewRequestKind(rawValue: $0.kind) },
                now: now)
            if PlanReviewRule.reasons(facts, cycle: cycle, calendar: calendar).isEmpty { current.insert(plan.systemID) }
        }
        return current
    }
}
