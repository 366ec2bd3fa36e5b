import Foundation

/// The response phases a playbook's steps belong to (NIST SP 800-61 mapped onto the response
/// steps of Decision 05/2017).
public enum ResponsePhase: String, CaseIterable, Codable, Sendable {
    /// Receive, verify, analyse, classify.
    case detection
    /// Initial response and containment.
    case containment
    /// Eradicate and restore.
    case recovery
    /// Review and lessons learned.
    case postIncident = "post_incident"
}

/// Who does a step, by role in the agency.
public enum PlaybookActor: String, CaseIterable, Codable, Sendable {
    case responder
    case focalPoint = "focal_point"
    case leader
    case systemOwner = "system_owner"
    case supplier
}

/// Text in the two UI languages. Playbooks are content an administrator edits, so they carry their
/// own translations rather than living in the localization tables.
public struct LocalizedText: Codable, Equatable, Sendable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }
}

public struct PlaybookStep: Codable, Equatable, Sendable {
    public var phase: ResponsePhase
    public var title: LocalizedText
    /// What to do, concretely (one or two sentences).
    public var detail: LocalizedText
    public var actor: PlaybookActor
    /// How soon after the incident is classified the step is due, in hours.
    public var dueWithinHours: Int

    public init(phase: ResponsePhase, title: LocalizedText, detail: LocalizedText, actor: PlaybookActor, dueWithinHours: Int) {
        self.phase = phase
        self.title = title
        self.detail = detail
        self.actor = actor
        self.dueWithinHours = dueWithinHours
    }
}

/// The response plan for one scenario (kịch bản ứng cứu); it becomes an incident's task list.
public struct Playbook: Codable, Equatable, Sendable {
    public var scenario: Scenario
    public var version: Int
    public var title: LocalizedText
    public var steps: [PlaybookStep]
    public var source: LegalSource

    public init(scenario: Scenario, version: Int, title: LocalizedText, steps: [PlaybookStep], source: LegalSource) {
        self.scenario = scenario
        self.version = version
        self.title = title
        self.steps = steps
        self.source = source
    }
}
