import Fluent
import SQLKit
import Foundation
import VigilCore

/// The only code that touches the plan tables. Reads are scoped by the caller (`AccessScope` on the
/// plan's organisation path, which the service checks); writes run inside the caller's change.
struct PlanRepository: Sendable {
    func find(_ id: UUID, on db: any Database) async throws -> ResponsePlanRecord? {
        try await ResponsePlanRecord.find(id, on: db)
    }

    /// A system's versions, newest first.
    func versions(ofSystem id: UUID, on db: any Database) async throws -> [ResponsePlanRecord] {
        try await ResponsePlanRecord.query(on: db).filter(\.$systemID == id).sort(\.$version, .descending).all()
    }

    /// The plans of these organisations, newest version first.
    func plans(ofOrganisations ids: [UUID], on db: any Database) async throws -> [ResponsePlanRecord] {
        guard !ids.isEmpty else { return [] }
        return try await ResponsePlanRecord.query(on: db).filter(\.$organisationID ~~ ids).sort(\.$version, .descending).all()
    }

    func create(_ plan: ResponsePlanRecord, on db: any Database) async throws {
        try await plan.create(on: db)
    }

    func update(_ plan: ResponsePlanRecord, on db: any Database) async throws {
        try await plan.update(on: db)
    }

    /// Marks the system's approved versions but `except` as superseded.
    func supersede(ofSystem id: UUID, except planID: UUID, on db: any Database) async throws {
        try await ResponsePlanRecord.query(on: db).filter(\.$systemID == id).filter(\.$status == PlanStatus.approved.rawValue)
            .filter(\.$id != planID).set(\.$status, to: PlanStatus.superseded.rawValue).update()
    }

    /// Asks for a review of the system's plan: an incident's lessons or a drill's findings recommend
    /// a change. Call it inside the incident's or drill's own change (it writes with `db`, in that
    /// transaction, whose audit entry says who asked); the plan shows the reason until a later
    /// version is approved.
    func requestReview(systemID: UUID, reason: PlanReviewRequestKind, note: String = "", on db: any Database, now: Date = Date()) async throws {
        let request = PlanReviewRequestRecord()
        request.id = UUID()
        request.systemID = systemID
        request.kind = reason.rawValue
        request.note = String(note.prefix(1000))
        request.at = now
        try await request.create(on: db)
    }

    /// The reviews asked for after `date`.
    func reviewRequests(ofSystem id: UUID, after date: Date, on db: any Database) async throws -> [PlanReviewRequestRecord] {
        try await PlanReviewRequestRecord.query(on: db).filter(\.$systemID == id).filter(\.$at > date).sort(\.$at).all()
    }

    /// What the review rule reads of an approved plan: its system, approval time and the
    /// playbook versions it includes (not the sections, which a province's thousand plans would
    /// make slow to decode).
    struct ApprovedPlanFacts: Sendable {
        let systemID: UUID
        let approvedAt: Date
        let playbooks: [String: Int]
    }

    func approvedPlanFacts(ofSystems ids: [UUID], on db: any Database) async throws -> [ApprovedPlanFacts] {
        guard !ids.isEmpty else { return [] }
        struct Row: Decodable { let system_id: UUID; let approved_at: Date; let content: String }
        struct Content: Decodable { let playbooks: [String: Int] }
        let rows = try await (db as! any SQLDatabase).select().columns("system_id", "approved_at", "content")
            .from(ResponsePlanRecord.schema).where("system_id", .in, ids).where("status", .equal, PlanStatus.approved.rawValue)
            .where("approved_at", .isNot, SQLLiteral.null).all(decoding: Row.self)
        let decoder = JSONDecoder()
        return try rows.map { row in
            ApprovedPlanFacts(systemID: row.system_id, approvedAt: row.approved_at,
                              playbooks: try decoder.decode(Content.self, from: Data(row.content.utf8)).playbooks)
        }
    }

    /// The approved versions not yet announced as due for review.
    func approvedNotAnnounced(on db: any Database) async throws -> [ResponsePlanRecord] {
        try await ResponsePlanRecord.query(on: db).filter(\.$status == PlanStatus.approved.rawValue).filter(\.$reviewDueAt == nil).all()
    }

    /// The reviews asked for after `date` of these systems.
    func reviewRequests(ofSystems ids: [UUID], after date: Date, on db: any Database) async throws -> [PlanReviewRequestRecord] {
        guard !ids.isEmpty else { return [] }
        return try await PlanReviewRequestRecord.query(on: db).filter(\.$systemID ~~ ids).filter(\.$at > date).all()
    }
}
