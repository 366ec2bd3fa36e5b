/// The response steps an incident goes through (Decision 05/2017's process, in practice).
public enum IncidentStatus: String, CaseIterable, Codable, Sendable {
    case received
    case verifying
    case initialResponse = "initial_response"
    case containing
    case recovering
    case closed

    var step: Int { IncidentStatus.allCases.firstIndex(of: self)! }

    public var isOpen: Bool { self != .closed }
}

public enum TransitionError: Error, Equatable, Sendable {
    case sameStatus
    /// Steps cannot be skipped forward.
    case skipsSteps(from: IncidentStatus, to: IncidentStatus)
    /// Going back, or reopening, needs a note that says why.
    case noteRequired
    /// Closing needs the review (lessons learned).
    case reviewRequired
    case cannotReturnToReceived
}

/// Which status changes are allowed: forward one step at a time, back to an earlier working step
/// with a reason (for example a re-infection found while restoring), and closing only with a
/// review. A closed incident can be reopened into `verifying` with a reason.
public enum IncidentWorkflow {
    public static func check(from: IncidentStatus, to: IncidentStatus, note: String?, hasReview: Bool) throws(TransitionError) {
        let hasNote = !(note?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
        if from == to { throw .sameStatus }
        if to == .received { throw .cannotReturnToReceived }
        if to.step > from.step {
            guard to.step == from.step + 1 else { throw .skipsSteps(from: from, to: to) }
            if to == .closed && !hasReview { throw .reviewRequired }
            return
        }
        guard hasNote else { throw .noteRequired }
    }

    /// The statuses a user can move to from `status`, for the buttons on the incident page.
    public static func next(from status: IncidentStatus) -> [IncidentStatus] {
        IncidentStatus.allCases.filter { candidate in
            (try? check(from: status, to: candidate, note: "x", hasReview: true)) != nil
        }
    }
}
