import Foundation

/// What an organisation's indicators are computed from: counts its records give (each capability
/// counts its own, in SQL), added up over a subtree. The focal point is not a count: it is the
/// organisation's own, never summed.
public struct ComplianceCounts: Equatable, Sendable {
    public var hosts = 0
    public var protectedHosts = 0
    public var systems = 0
    /// Systems scanned within their cadence (at most `ComplianceRules.maxScanIntervalMonths`).
    public var freshSystems = 0
    /// Scanner reports imported: without any, zero overdue findings proves nothing.
    public var scans = 0
    public var immediateFindingsOverdue = 0
    public var otherFindingsOverdue = 0
    public var advisoryTasks = 0
    public var advisoriesOverdue = 0
    /// Incidents whose notification came due (notified, or past the deadline) in the window.
    public var incidentsDue = 0
    public var incidentsOnTime = 0
    /// Systems with an approved plan not due for review.
    public var currentPlans = 0
    /// Systems the yearly drill applies to (level 3 and above), and those drilled in time.
    public var drillSystems = 0
    public var drilledSystems = 0

    public init() {}

    public static func + (lhs: ComplianceCounts, rhs: ComplianceCounts) -> ComplianceCounts {
        var sum = ComplianceCounts()
        sum.hosts = lhs.hosts + rhs.hosts
        sum.protectedHosts = lhs.protectedHosts + rhs.protectedHosts
        sum.systems = lhs.systems + rhs.systems
        sum.freshSystems = lhs.freshSystems + rhs.freshSystems
        sum.scans = lhs.scans + rhs.scans
        sum.immediateFindingsOverdue = lhs.immediateFindingsOverdue + rhs.immediateFindingsOverdue
        sum.otherFindingsOverdue = lhs.otherFindingsOverdue + rhs.otherFindingsOverdue
        sum.advisoryTasks = lhs.advisoryTasks + rhs.advisoryTasks
        sum.advisoriesOverdue = lhs.advisoriesOverdue + rhs.advisoriesOverdue
        sum.incidentsDue = lhs.incidentsDue + rhs.incidentsDue
        sum.incidentsOnTime = lhs.incidentsOnTime + rhs.incidentsOnTime
        sum.currentPlans = lhs.currentPlans + rhs.currentPlans
        sum.drillSystems = lhs.drillSystems + rhs.drillSystems
        sum.drilledSystems = lhs.drilledSystems + rhs.drilledSystems
        return sum
    }

    /// Every indicator, in `IndicatorCode`'s order.
    /// - Parameters:
    ///   - focalPointProblems: the organisation's `FocalPointRule` problems (codes); none means met.
    public func indicators(focalPointProblems: [String], thresholds: ComplianceThresholds) -> [ComplianceIndicator] {
        let noSystems = IndicatorEvaluation.WhenEmpty.failing(.noSystems)
        // Findings are known only from scans: none imported means the counts say nothing yet.
        let findingsMissing: IndicatorReason? = systems == 0 ? .noSystems : scans == 0 ? .noScans : nil
        return IndicatorCode.allCases.map { code in
            switch code {
            case .antimalwareCoverage:
                IndicatorEvaluation.ratio(code, met: protectedHosts, of: hosts, thresholds: thresholds, whenEmpty: .failing(.noHosts))
            case .scanFreshness:
                IndicatorEvaluation.ratio(code, met: freshSystems, of: systems, thresholds: thresholds, whenEmpty: noSystems)
            case .immediateFindingsOverdue:
                IndicatorEvaluation.count(code, immediateFindingsOverdue, thresholds: thresholds, missing: findingsMissing)
            case .findingsOverdue:
                IndicatorEvaluation.count(code, otherFindingsOverdue, thresholds: thresholds, missing: findingsMissing)
            case .advisoriesOverdue:
                // No warning received is not missing data: there was nothing to act on.
                IndicatorEvaluation.count(code, advisoriesOverdue, thresholds: thresholds)
            case .incidentsNotifiedOnTime:
                IndicatorEvaluation.ratio(code, met: incidentsOnTime, of: incidentsDue, thresholds: thresholds, whenEmpty: .ok(.nothingDue))
            case .plansCurrent:
                IndicatorEvaluation.ratio(code, met: currentPlans, of: systems, thresholds: thresholds, whenEmpty: noSystems)
            case .drillsDone:
                IndicatorEvaluation.ratio(code, met: drilledSystems, of: drillSystems, thresholds: thresholds,
                                          whenEmpty: systems == 0 ? noSystems : .ok(.noneRequired))
            case .focalPoint:
                IndicatorEvaluation.yesNo(code, met: focalPointProblems.isEmpty, reason: focalPointProblems.first)
            }
        }
    }
}
