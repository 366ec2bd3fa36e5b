import Fluent
import Foundation
import VigilCore

/// Escalation chains: each organisation's ordered steps, and their runs for each new incident.
/// A run is one row per step (`escalation_runs`), started in the transaction that reports the
/// incident, so that a restart loses nothing; `EscalationRunner` fires the due ones.
struct EscalationService: Sendable {
    let repository: ContactRepository
    let organisations: OrganisationRepository

    /// The organisation's own chain, in order.
    func chain(of organisationID: UUID, on db: any Database) async throws -> [EscalationStepRecord] {
        try await EscalationStepRecord.query(on: db).filter(\.$organisationID == organisationID).sort(\.$position).all()
    }

    /// The contacts a chain of `organisation` may name: its own and those of the organisations above it.
    func candidates(for organisation: OrganisationRecord, on db: any Database) async throws -> [ContactRecord] {
        let ids = organisation.path.split(separator: "/").compactMap { UUID(uuidString: String($0)) }
        guard !ids.isEmpty else { return [] }
        return try await ContactRecord.query(on: db).filter(\.$organisation.$id ~~ ids).with(\.$organisation).sort(\.$name).all()
    }

    /// Replaces the organisation's chain (an empty list removes it). Runs already started keep
    /// their steps.
    func save(_ steps: [EscalationStep], for organisation: OrganisationRecord, by user: CurrentUser, address: String?,
              on db: any Database, now: Date = Date()) async throws {
        do {
            try EscalationChain.validate(steps)
        } catch {
            switch error {
            case .tooManySteps: throw VigilError.invalid("steps", "escalation.error.too_many", [String(EscalationChain.maxSteps)])
            case .badWait(let step): throw VigilError.invalid("wait\(step)", "escalation.error.wait", [String(step), String(EscalationChain.waitRange.upperBound)])
            case .repeatedContact(let step): throw VigilError.invalid("contact\(step)", "escalation.error.repeated", [String(step)])
            }
        }
        let allowed = Set(try await candidates(for: organisation, on: db).compactMap(\.id))
        if let index = steps.firstIndex(where: { !allowed.contains($0.contactID) }) {
            throw VigilError.invalid("contact\(index + 1)", "escalation.error.contact", [String(index + 1)])
        }
        let organisationID = try organisation.requireID()
        let before = try await chain(of: organisationID, on: db).map { "\($0.contactID.uuidString.lowercased()):\($0.waitMinutes)" }.joined(separator: ",")
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await EscalationStepRecord.query(on: db).filter(\.$organisationID == organisationID).delete()
            for (index, step) in steps.enumerated() {
                try await EscalationStepRecord(organisationID: organisationID, position: index + 1, step: step).create(on: db)
            }
            var changes = AuditChanges()
            changes.set("steps", from: before, to: steps.map { "\($0.contactID.uuidString.lowercased()):\($0.waitMinutes)" }.joined(separator: ","))
            audit.record(organisationID: organisationID, action: "escalation.update", objectType: "organisation",
                         objectID: organisationID.uuidString.lowercased(), changes: changes)
        }
    }

    /// Starts the chain for a new incident, inside the transaction that reports it: the chain of
    /// the incident's organisation, or of the nearest one above that has one (units escalate
    /// through their agency's). No chain, no runs.
    func start(incidentID: UUID, organisation: OrganisationRecord, on db: any Database, now: Date) async throws {
        let chain = try await chainInForce(for: organisation, on: db)
        guard let owner = chain.first?.organisationID else { return }
        let due = EscalationChain.dueTimes(chain.map { EscalationStep(contactID: $0.contactID, waitMinutes: $0.waitMinutes) }, from: now)
        try await zip(chain, due).map { step, dueAt in
            let run = EscalationRunRecord()
            run.id = UUID()
            run.incidentID = incidentID
            run.organisationID = owner
            run.position = step.position
            run.contactID = step.contactID
            run.waitMinutes = step.waitMinutes
            run.dueAt = dueAt
            run.status = EscalationRunRecord.Status.pending.rawValue
            return run
        }.create(on: db)
    }

    /// The chain an incident of `organisation` follows: its own, or that of the nearest organisation
    /// above it that has one (units escalate through their agency's); empty when none has one.
    func chainInForce(for organisation: OrganisationRecord, on db: any Database) async throws -> [EscalationStepRecord] {
        let ids = organisation.path.split(separator: "/").reversed().compactMap { UUID(uuidString: String($0)) }
        guard !ids.isEmpty else { return [] }
        let steps = try await EscalationStepRecord.query(on: db).filter(\.$organisationID ~~ ids).sort(\.$position).all()
        guard let owner = ids.first(where: { id in steps.contains { $0.organisationID == id } }) else { return [] }
        return steps.filter { $0.organisationID == owner }
    }

    /// An incident's runs, in order (the incident's page and tests).
    func runs(ofIncident id: UUID, on db: any Database) async throws -> [EscalationRunRecord] {
        try await EscalationRunRecord.query(on: db).filter(\.$incidentID == id).sort(\.$position).all()
    }

    /// The latest runs of an organisation's chain, newest first (the chain's page).
    func recentRuns(ofOrganisation id: UUID, limit: Int, on db: any Database) async throws -> [EscalationRunRecord] {
        try await EscalationRunRecord.query(on: db).filter(\.$organisationID == id).sort(\.$dueAt, .descending).limit(limit).all()
    }
}
