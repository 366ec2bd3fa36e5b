import Foundation

/// The directive's obligations as indicators (issue 21): each computed from Vigil's own records,
/// never typed in. The codes are the API's and the snapshots'; their order is the pages' order.
public enum IndicatorCode: String, CaseIterable, Codable, Sendable {
    case antimalwareCoverage = "antimalware_coverage"
    case scanFreshness = "scan_freshness"
    case immediateFindingsOverdue = "immediate_findings_overdue"
    case findingsOverdue = "findings_overdue"
    case advisoriesOverdue = "advisories_overdue"
    case incidentsNotifiedOnTime = "incidents_notified_on_time"
    case plansCurrent = "plans_current"
    case drillsDone = "drills_done"
    case focalPoint = "focal_point"

    /// How an indicator's value reads.
    public enum Kind: Sendable {
        /// A share of things meeting the obligation, in percent (numerator / denominator), target 100.
        case ratio
        /// Things past their deadline, target 0.
        case count
        /// Met or not (value 1 or 0), target 1.
        case yesNo
    }

    public var kind: Kind {
        switch self {
        case .antimalwareCoverage, .scanFreshness, .incidentsNotifiedOnTime, .plansCurrent, .drillsDone: .ratio
        case .immediateFindingsOverdue, .findingsOverdue, .advisoriesOverdue: .count
        case .focalPoint: .yesNo
        }
    }
}

public enum IndicatorStatus: String, CaseIterable, Codable, Sendable, Comparable {
    case ok
    case warning
    case failing

    /// Worse is greater: `max` of a row's statuses is its worst.
    public static func < (lhs: IndicatorStatus, rhs: IndicatorStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Why an indicator stands where it does when its counts alone do not say it: the data it needs
/// does not exist yet (failing, never hidden), or there was nothing to judge (ok). Stable codes for
/// the API and the localization tables (`compliance.reason.<code>`). The focal point's reasons are
/// `FocalPointProblem`'s codes.
public enum IndicatorReason: String, CaseIterable, Codable, Sendable {
    /// No host in the inventory: coverage cannot be shown.
    case noHosts = "no_hosts"
    /// No information system in the inventory: nothing to scan, plan or drill.
    case noSystems = "no_systems"
    /// Systems exist but no scanner report was ever imported: zero overdue findings proves nothing.
    case noScans = "no_scans"
    /// No incident's notification came due in the period.
    case nothingDue = "nothing_due"
    /// No system of the level the duty starts at.
    case noneRequired = "none_required"
}

/// One indicator of one organisation (its subtree) at one moment.
public struct ComplianceIndicator: Codable, Equatable, Sendable {
    public let code: IndicatorCode
    public let status: IndicatorStatus
    /// A percent to one decimal (rounded down) for a ratio, the count for a count, 1 or 0 for yes/no.
    public let value: Double
    public let target: Double
    public let numerator: Int
    /// The whole a ratio is taken of; nil for counts and yes/no.
    public let denominator: Int?
    /// An `IndicatorReason` or `FocalPointProblem` code.
    public let reason: String?

    public init(code: IndicatorCode, status: IndicatorStatus, value: Double, target: Double, numerator: Int, denominator: Int?, reason: String?) {
        self.code = code
        self.status = status
        self.value = value
        self.target = target
        self.numerator = numerator
        self.denominator = denominator
        self.reason = reason
    }
}

/// One indicator on one day, as the daily history keeps it (the trend charts read these).
public struct IndicatorSnapshot: Codable, Equatable, Sendable {
    public let organisationID: UUID
    /// ISO yyyy-MM-dd in the server's display time zone.
    public let day: String
    public let code: IndicatorCode
    public let status: IndicatorStatus
    public let value: Double
    public let numerator: Int
    public let denominator: Int?

    public init(organisationID: UUID, day: String, code: IndicatorCode, status: IndicatorStatus, value: Double, numerator: Int, denominator: Int?) {
        self.organisationID = organisationID
        self.day = day
        self.code = code
        self.status = status
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
    }

    public init(organisationID: UUID, day: String, indicator: ComplianceIndicator) {
        self.init(organisationID: organisationID, day: day, code: indicator.code, status: indicator.status, value: indicator.value,
                  numerator: indicator.numerator, denominator: indicator.denominator)
    }
}
