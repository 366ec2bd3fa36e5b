import Fluent
import Foundation
import VigilCore

/// A drill (diễn tập): planned for some of an organisation's information systems on one scenario of
/// the playbooks, then run and completed. Its systems and participants are few and read with the
/// drill, so they are kept as JSON lists of ids rather than in tables of their own.
final class DrillRecord: Model, @unchecked Sendable {
    static let schema = "drills"

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @Field(key: "updated_at") var updatedAt: Date
    // Data
    @Field(key: "title") var title: String
    /// A `Scenario` of the playbooks.
    @Field(key: "scenario") var scenario: String
    @Field(key: "planned_at") var plannedAt: Date
    /// `DrillOrganiser.stored`: `self`, `superior` or the organising organisation's name.
    @Field(key: "organised_by") var organisedBy: String
    @Field(key: "objectives") var objectives: String
    /// `DrillStatus`.
    @Field(key: "status") var status: String
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "completed_at") var completedAt: Date?
    /// JSON arrays of lower-case UUIDs.
    @Field(key: "system_ids") var systemIDsJSON: String
    @Field(key: "participant_ids") var participantIDsJSON: String
    // Relations
    @Field(key: "organisation_id") var organisationID: UUID

    init() {}

    var drillStatus: DrillStatus { DrillStatus(rawValue: status) ?? .planned }

    var systemIDs: [UUID] { Self.ids(systemIDsJSON) }
    var participantIDs: [UUID] { Self.ids(participantIDsJSON) }

    static func ids(_ json: String) -> [UUID] {
        ((try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []).compactMap(UUID.init(uuidString:))
    }

    static func json(_ ids: [UUID]) -> String {
        String(decoding: (try? JSONEncoder().encode(ids.map { $0.uuidString.lowercased() })) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// One line of a drill's timeline: an inject, an action, a finding or a lesson; when it happened
/// (`at`, as the recorder says) and who did it (`actor`, free text: a participant or an outside team).
final class DrillEventRecord: Model, @unchecked Sendable {
    static let schema = "drill_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "drill_id") var drillID: UUID
    /// `DrillEventKind`.
    @Field(key: "kind") var kind: String
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "text") var text: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// The task a finding becomes. Incident tasks belong to an incident's response steps, so a drill's
/// follow-up has its own small table: the finding, an owner (a user of the drill's organisation),
/// a due date, open or done, and whether the finding asked for a plan review.
final class DrillTaskRecord: Model, @unchecked Sendable {
    static let schema = "drill_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "drill_id") var drillID: UUID
    @Field(key: "event_id") var eventID: UUID
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "text") var text: String
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @Field(key: "owner_name") var ownerName: String
    @OptionalField(key: "due_at") var dueAt: Date?
    @Field(key: "plan_review") var planReview: Bool
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "done_by") var doneBy: String?

    init() {}
}
