import Fluent
import Foundation
import VigilCore

extension PlanService {
    /// The approved plans that have become due for review (`PlanReviewRule`, read as
    /// `systemsWithCurrentPlans` reads it) are announced once each: an audit entry `plan.review_due`
    /// (the webhook event of that name), and the plan marked. A later approval makes a new version,
    /// announced again when it is due in its turn. Returns how many were announced.
    @discardableResult
    func announceReviewsDue(on db: any Database, now: Date = Date()) async throws -> Int {
        let plans = try await repository.approvedNotAnnounced(on: db)
        guard !plans.isEmpty else { return 0 }
        let planned = Set(plans.map(\.systemID))
        let systems = try await assets.systemsWithOrganisation(ofOrganisations: Array(Set(plans.map(\.organisationID))), on: db)
            .filter { $0.id.map(planned.contains) ?? false }
        let current = try await systemsWithCurrentPlans(systems, on: db, now: now)
        let due = plans.filter { !current.contains($0.systemID) && planned.contains($0.systemID) }
        for plan in due {
            try await db.change(by: .system, at: now) { db, audit in
                plan.reviewDueAt = now
                try await repository.update(plan, on: db)
                var changes = AuditChanges()
                changes.created("version", String(plan.version))
                changes.created("systemId", plan.systemID.uuidString.lowercased())
                audit.record(organisationID: plan.organisationID, action: "plan.review_due", objectType: "response_plan",
                             objectID: try plan.requireID().uuidString.lowercased(), changes: changes)
            }
        }
        return due.count
    }
}
