import Foundation

/// One step of an organisation's escalation chain: whom to tell, after how many minutes without
/// an acknowledgement since the step before (the first step: since the incident was reported).
public struct EscalationStep: Sendable, Equatable, Codable {
    public var contactID: UUID
    public var waitMinutes: Int

    public init(contactID: UUID, waitMinutes: Int) {
        self.contactID = contactID
        self.waitMinutes = waitMinutes
    }
}

public enum EscalationChain {
    public static let maxSteps = 10
    /// A week: longer waits are no escalation.
    public static let waitRange = 0...10_080

    public enum Problem: Error, Equatable, Sendable {
        case tooManySteps
        /// The step (from 1) waits a number of minutes outside `waitRange`.
        case badWait(step: Int)
        /// The step names the same contact as an earlier one.
        case repeatedContact(step: Int)
    }

    public static func validate(_ steps: [EscalationStep]) throws(Problem) {
        guard steps.count <= maxSteps else { throw .tooManySteps }
        var seen: Set<UUID> = []
        for (index, step) in steps.enumerated() {
            guard waitRange.contains(step.waitMinutes) else { throw .badWait(step: index + 1) }
            guard seen.insert(step.contactID).inserted else { throw .repeatedContact(step: index + 1) }
        }
    }

    /// When each step falls due for an incident reported at `start`: the waits add up.
    public static func dueTimes(_ steps: [EscalationStep], from start: Date) -> [Date] {
        var minutes = 0
        return steps.map { step in
            minutes += step.waitMinutes
            return start.addingTimeInterval(Double(minutes) * 60)
        }
    }

    /// Whether somebody has taken the incident up, so that the chain stops: it left `received`
    /// (verification began; classifying does that), somebody was assigned to it, or it was judged
    /// not an incident or a duplicate. Incidents have no separate "acknowledge" action: each of
    /// these is a person acting on it.
    public static func isAcknowledged(status: IncidentStatus, assigned: Bool, disposition: String) -> Bool {
        status != .received || assigned || disposition != "open"
    }
}
