import Fluent
import Foundation
import VigilCore

/// One version of an information system's response plan. A draft changes as the focal point edits
/// it; approval freezes it (`sha256` of its canonical content, `PlanContent.sha256`); a later
/// approval marks it `superseded`, and it stays readable.
final class ResponsePlanRecord: Model, @unchecked Sendable {
    static let schema = "response_plans"

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @Field(key: "updated_at") var updatedAt: Date
    // Data
    /// Numbered per system, 1, 2, …: a draft takes the next number, and keeps it when approved.
    @Field(key: "version") var version: Int
    /// `PlanStatus`: `draft`, `approved`, `superseded`.
    @Field(key: "status") var status: String
    /// `PlanContent` as JSON.
    @Field(key: "content") var content: String
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "sha256") var sha256: String?
    /// When this approved version was found due for review and announced (`plan.review_due`), once.
    @OptionalField(key: "review_due_at") var reviewDueAt: Date?
    // Relations
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "system_id") var systemID: UUID

    init() {}

    var planStatus: PlanStatus { PlanStatus(rawValue: status) ?? .draft }

    func decodedContent() throws -> PlanContent {
        try JSONDecoder().decode(PlanContent.self, from: Data(content.utf8))
    }
}

/// A review of a system's plan that an incident or a drill asked for (`PlanRepository.requestReview`).
final class PlanReviewRequestRecord: Model, @unchecked Sendable {
    static let schema = "plan_review_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "system_id") var systemID: UUID
    /// `PlanReviewRequestKind`: `incident`, `drill`.
    @Field(key: "kind") var kind: String
    /// What was recommended, or the incident's or drill's reference.
    @Field(key: "note") var note: String
    @Field(key: "at") var at: Date

    init() {}
}
