import Foundation

/// The first steps of a new installation, in order, each ticked from the data: an administrator
/// sets up the organisations, people and the focal point; the focal point (or a responder) then
/// describes the information systems, enrols the hosts and imports a first scan, which is what the
/// directive asks of every agency before an incident comes.
public enum FirstStep: String, CaseIterable, Sendable {
    case organisations
    case users
    case focalPoint = "focal_point"
    case systems
    case hosts
    case firstScan = "first_scan"

    /// What doing the step needs.
    public var permission: Permission {
        switch self {
        case .organisations: .manageOrganisations
        case .users, .focalPoint: .manageUsers
        case .systems, .hosts: .manageAssets
        case .firstScan: .manageVulnerabilities
        }
    }

    /// The roles that may do it, in the usual order.
    public var roles: [Role] { Role.allCases.filter { $0.permissions.contains(permission) } }

    /// Whether the data shows it done.
    public func isDone(_ facts: SetupFacts) -> Bool {
        switch self {
        case .organisations: facts.organisationsBelow > 0
        case .users: facts.otherUsers > 0
        case .focalPoint: facts.focalPoints > 0
        case .systems: facts.systems > 0
        case .hosts: facts.hosts > 0
        case .firstScan: facts.scans > 0
        }
    }
}

/// Counts in the caller's scope that the first steps are ticked from.
public struct SetupFacts: Equatable, Sendable {
    public var organisationsBelow: Int
    /// Users other than the caller.
    public var otherUsers: Int
    public var focalPoints: Int
    public var systems: Int
    public var hosts: Int
    public var scans: Int

    public init(organisationsBelow: Int = 0, otherUsers: Int = 0, focalPoints: Int = 0, systems: Int = 0, hosts: Int = 0, scans: Int = 0) {
        self.organisationsBelow = organisationsBelow
        self.otherUsers = otherUsers
        self.focalPoints = focalPoints
        self.systems = systems
        self.hosts = hosts
        self.scans = scans
    }

    /// The steps still to do, and whether the checklist is worth showing to someone holding these roles:
    /// those who can do at least one step see it until every step is done.
    public func checklist(for roles: [Role]) -> (steps: [FirstStep], show: Bool) {
        let steps = FirstStep.allCases
        let canDoAny = steps.contains { step in roles.contains { $0.permissions.contains(step.permission) } }
        return (steps, canDoAny && !steps.allSatisfy { $0.isDone(self) })
    }
}
