/// Which incidents a user sees. Reporters follow their own reports; responders see their
/// organisation's; focal points and leaders their subtree's; a provincial coordinator sees its own
/// organisation's and, below it, only the incidents escalated to it.
public struct IncidentVisibility: Equatable, Sendable {
    public enum Reach: Equatable, Sendable {
        /// Only incidents the user reported.
        case ownReports
        /// Incidents of the scope (own organisation, or subtree).
        case scope
        /// Own organisation's, plus those of the subtree that were escalated to the coordinator.
        case escalatedInSubtree
    }

    public let reach: Reach
    public let scope: AccessScope

    public init(principal: Principal) {
        scope = principal.scope
        let viewing = principal.roles.filter { $0.permissions.contains(.viewIncidents) }
        if viewing.isEmpty {
            reach = .ownReports
        } else if viewing.allSatisfy({ $0 == .coordinator }) {
            reach = .escalatedInSubtree
        } else {
            reach = .scope
        }
    }

    /// Whether one incident is visible, given where it sits and whether it was escalated.
    public func canSee(organisationPath: String, escalated: Bool, reportedByUser: Bool) -> Bool {
        if reportedByUser { return true }
        switch reach {
        case .ownReports: return false
        case .scope: return scope.contains(path: organisationPath)
        case .escalatedInSubtree:
            return organisationPath == scope.organisationPath || (escalated && scope.contains(path: organisationPath))
        }
    }
}
