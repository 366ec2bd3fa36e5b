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

extension Playbook {
    public static let maxSteps = 60
    /// A step due more than a year after classification is a typo, not a plan.
    public static let maxDueHours = 8760

    public enum Problem: Error, Equatable, Sendable {
        case noSteps
        case tooManySteps
        /// The step's position (1-based) and what is wrong with it.
        case missingTitle(step: Int)
        case dueOutOfRange(step: Int)
        case textTooLong(step: Int)
    }

    /// What is wrong with an edited playbook, every problem at once; empty when it can be saved.
    public func problems() -> [Problem] {
        var problems: [Problem] = []
        if steps.isEmpty { problems.append(.noSteps) }
        if steps.count > Self.maxSteps { problems.append(.tooManySteps) }
        for (index, step) in steps.enumerated() {
            let position = index + 1
            if step.title.vi.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || step.title.en.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(.missingTitle(step: position))
            }
            if !(0...Self.maxDueHours).contains(step.dueWithinHours) { problems.append(.dueOutOfRange(step: position)) }
            if [step.title.vi, step.title.en].contains(where: { $0.count > 200 })
                || [step.detail.vi, step.detail.en].contains(where: { $0.count > 2000 }) {
                problems.append(.textTooLong(step: position))
            }
        }
        return problems
    }
}
