import Fluent
import Foundation
import VigilCore

/// One task of an incident, copied from the scenario's playbook when the incident is classified.
/// Copied, not linked: a later change of the playbook does not rewrite the tasks of incidents under way.
final class IncidentTaskRecord: Model, @unchecked Sendable {
    static let schema = "incident_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "position") var position: Int
    @Field(key: "phase") var phase: String
    @Field(key: "title_vi") var titleVi: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "detail_vi") var detailVi: String
    @Field(key: "detail_en") var detailEn: String
    /// The role expected to do it (`responder`, `focal_point`, `leader`, `system_owner`, `supplier`).
    @Field(key: "actor") var actor: String
    @Field(key: "due_at") var dueAt: Date
    /// `open`, `done` or `skipped`.
    @Field(key: "status") var status: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "done_by") var doneBy: String?
    @Field(key: "playbook_scenario") var playbookScenario: String
    @Field(key: "playbook_version") var playbookVersion: Int
    @Parent(key: "incident_id") var incident: IncidentRecord
    @OptionalParent(key: "owner_id") var owner: UserRecord?

    init() {}

    init(incidentID: UUID, position: Int, step: PlaybookStep, playbook: Playbook, start: Date) {
        self.id = UUID()
        self.$incident.id = incidentID
        self.position = position
        self.phase = step.phase.rawValue
        self.titleVi = step.title.vi
        self.titleEn = step.title.en
        self.detailVi = step.detail.vi
        self.detailEn = step.detail.en
        self.actor = step.actor.rawValue
        self.dueAt = start.addingTimeInterval(TimeInterval(step.dueWithinHours) * 3600)
        self.status = "open"
        self.playbookScenario = playbook.scenario.rawValue
        self.playbookVersion = playbook.version
    }
}

/// A stored version of a playbook; the newest version of a scenario is the one in force. When a
/// scenario has none stored, Vigil's default applies.
final class PlaybookRecord: Model, @unchecked Sendable {
    static let schema = "playbooks"

    @ID(key: .id) var id: UUID?
    @Field(key: "scenario") var scenario: String
    @Field(key: "version") var version: Int
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    /// The agency whose copy this is; nil for copies saved before playbooks belonged to agencies.
    @OptionalField(key: "organisation_id") var organisationID: UUID?

    init() {}
}
