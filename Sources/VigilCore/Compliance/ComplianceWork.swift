import Foundation

/// The open work that changes an organisation's picture most: for each indicator short of its
/// target, how many records stand between it and the target. A ratio needs its missing share
/// (hosts to protect, systems to scan), a count needs each overdue record dealt with, a yes/no
/// needs the one thing done; an indicator failing for want of data first needs that data.
public struct ComplianceGap: Equatable, Sendable {
    public let code: IndicatorCode
    public let status: IndicatorStatus
    /// Records to fix to reach the target; nil when the indicator fails for want of data (`reason`).
    public let remaining: Int?
    public let reason: String?
}

public enum ComplianceWork {
    /// The indicators not `ok`, the failing first; within a status, the law's order of urgency
    /// (intrusion first, as the directive says "at once"), then the most records to fix.
    public static func gaps(_ indicators: [ComplianceIndicator]) -> [ComplianceGap] {
        let urgency: [IndicatorCode] = [.immediateFindingsOverdue, .incidentsNotifiedOnTime, .antimalwareCoverage, .advisoriesOverdue,
                                        .focalPoint, .findingsOverdue, .scanFreshness, .plansCurrent, .drillsDone]
        return indicators.filter { $0.status != .ok }.map { indicator in
            ComplianceGap(code: indicator.code, status: indicator.status, remaining: remaining(indicator), reason: indicator.reason)
        }.sorted { left, right in
            if left.status != right.status { return left.status > right.status }
            let (l, r) = (urgency.firstIndex(of: left.code) ?? 0, urgency.firstIndex(of: right.code) ?? 0)
            if l != r { return l < r }
            return (left.remaining ?? 0) > (right.remaining ?? 0)
        }
    }

    static func remaining(_ indicator: ComplianceIndicator) -> Int? {
        switch indicator.code.kind {
        case .ratio:
            guard let whole = indicator.denominator, whole > 0 else { return nil }
            return max(0, whole - indicator.numerator)
        case .count:
            return indicator.reason == nil ? indicator.numerator : nil
        case .yesNo:
            return indicator.value >= indicator.target ? 0 : 1
        }
    }

    /// How bad a row of indicators is, for "worst first": failing ones weigh more than any number
    /// of warnings among nine.
    public static func weight(_ indicators: [ComplianceIndicator]) -> Int {
        indicators.reduce(0) { $0 + ($1.status == .failing ? 10 : $1.status == .warning ? 1 : 0) }
    }
}
