import Foundation

/// The incidents of one organisation received in a period, grouped by what the report counts:
/// one value per group, as the database counts them.
public struct IncidentTally: Equatable, Sendable {
    public let causeGroup: String?
    public let scenario: String?
    public let severity: String?
    public let status: String
    /// `open` (an incident), `not_incident` or `duplicate`.
    public let disposition: String
    public let count: Int

    public init(causeGroup: String?, scenario: String?, severity: String?, status: String, disposition: String, count: Int) {
        self.causeGroup = causeGroup
        self.scenario = scenario
        self.severity = severity
        self.status = status
        self.disposition = disposition
        self.count = count
    }
}

/// The scanner reports of one organisation imported in a period.
public struct ScanTally: Equatable, Sendable, Codable {
    public var scans = 0
    public var systemsScanned = 0
    /// Findings new in those imports, and findings they found fixed.
    public var findingsFound = 0
    public var findingsFixed = 0

    public init(scans: Int = 0, systemsScanned: Int = 0, findingsFound: Int = 0, findingsFixed: Int = 0) {
        self.scans = scans
        self.systemsScanned = systemsScanned
        self.findingsFound = findingsFound
        self.findingsFixed = findingsFixed
    }

    public static func + (lhs: ScanTally, rhs: ScanTally) -> ScanTally {
        ScanTally(scans: lhs.scans + rhs.scans, systemsScanned: lhs.systemsScanned + rhs.systemsScanned,
                  findingsFound: lhs.findingsFound + rhs.findingsFound, findingsFixed: lhs.findingsFixed + rhs.findingsFixed)
    }
}

/// What became of an incident received in the period, as the report says it.
public enum IncidentOutcome: String, CaseIterable, Codable, Sendable {
    /// Handled to the end (closed).
    case resolved
    /// Still being handled.
    case inProgress = "in_progress"
    case notIncident = "not_incident"
    case duplicate

    public static func of(status: String, disposition: String) -> IncidentOutcome {
        switch disposition {
        case "not_incident": .notIncident
        case "duplicate": .duplicate
        default: status == IncidentStatus.closed.rawValue ? .resolved : .inProgress
        }
    }
}

/// A periodic report's figures for one organisation (over its subtree) in one period.
///
/// Reports set aside as no incident or as a duplicate count as received and appear under their
/// outcome, but not by cause, scenario, severity or status: the incident they duplicate is counted
/// there already. Groups are keyed by code; `unclassified` holds incidents not yet classified.
public struct PeriodicFigures: Equatable, Sendable, Codable {
    public static let unclassified = "unclassified"

    /// Reports received in the period.
    public var received = 0
    /// Incidents (kept as incidents) closed in the period, whenever they were received.
    public var handled = 0
    public var byCause: [String: Int] = [:]
    public var byScenario: [String: Int] = [:]
    public var bySeverity: [String: Int] = [:]
    public var byStatus: [String: Int] = [:]
    public var byOutcome: [String: Int] = [:]
    /// Drills completed in the period.
    public var drills = 0
    public var scans = ScanTally()

    public init() {}

    /// The figures from plain counts.
    public static func aggregate(incidents: [IncidentTally], handled: Int, drills: Int, scans: ScanTally) -> PeriodicFigures {
        var figures = PeriodicFigures()
        figures.handled = handled
        figures.drills = drills
        figures.scans = scans
        for tally in incidents where tally.count > 0 {
            figures.received += tally.count
            figures.byOutcome[IncidentOutcome.of(status: tally.status, disposition: tally.disposition).rawValue, default: 0] += tally.count
            guard tally.disposition == "open" else { continue }
            figures.byCause[tally.causeGroup ?? unclassified, default: 0] += tally.count
            figures.byScenario[tally.scenario ?? unclassified, default: 0] += tally.count
            figures.bySeverity[tally.severity ?? unclassified, default: 0] += tally.count
            figures.byStatus[tally.status, default: 0] += tally.count
        }
        return figures
    }

    /// Kept incidents received in the period (not set aside).
    public var incidents: Int { byStatus.values.reduce(0, +) }

    public static func + (lhs: PeriodicFigures, rhs: PeriodicFigures) -> PeriodicFigures {
        func sum(_ a: [String: Int], _ b: [String: Int]) -> [String: Int] { a.merging(b, uniquingKeysWith: +) }
        var total = PeriodicFigures()
        total.received = lhs.received + rhs.received
        total.handled = lhs.handled + rhs.handled
        total.byCause = sum(lhs.byCause, rhs.byCause)
        total.byScenario = sum(lhs.byScenario, rhs.byScenario)
        total.bySeverity = sum(lhs.bySeverity, rhs.bySeverity)
        total.byStatus = sum(lhs.byStatus, rhs.byStatus)
        total.byOutcome = sum(lhs.byOutcome, rhs.byOutcome)
        total.drills = lhs.drills + rhs.drills
        total.scans = lhs.scans + rhs.scans
        return total
    }

    /// The rows of a group in the law's order (the taxonomy's, then `unclassified`), every code
    /// listed even at zero so that a reader sees what was counted; codes the taxonomy no longer
    /// knows come last.
    public static func rows(_ counts: [String: Int], order: [String]) -> [(code: String, count: Int)] {
        let known = order + [unclassified]
        let extra = counts.keys.filter { !known.contains($0) }.sorted()
        return (known + extra).compactMap { code in
            let count = counts[code] ?? 0
            return code == unclassified && count == 0 ? nil : (code, count)
        }
    }

    public static let causeOrder = CauseGroup.allCases.map(\.rawValue)
    public static let scenarioOrder = Scenario.allCases.map(\.rawValue)
    public static let severityOrder = Severity.allCases.map(\.rawValue)
    public static let statusOrder = IncidentStatus.allCases.map(\.rawValue)
    public static let outcomeOrder = IncidentOutcome.allCases.map(\.rawValue)
}

/// What a periodic report says, frozen with the report: the organisation's figures, the
/// organisations below it (a province's agencies) with theirs, the compliance indicators at the
/// period's end and where they come from.
public struct PeriodicReportContent: Equatable, Sendable, Codable {
    public enum IndicatorSource: String, Codable, Sendable {
        /// Computed when the report was generated, the period not being over.
        case computed
        /// The daily snapshot of the period's last day.
        case snapshot
        /// Computed when the report was generated, after the period, for want of a snapshot.
        case computedLate = "computed_late"
    }

    public struct Member: Equatable, Sendable, Codable {
        public let organisationID: UUID
        public let name: String
        public let figures: PeriodicFigures

        public init(organisationID: UUID, name: String, figures: PeriodicFigures) {
            self.organisationID = organisationID
            self.name = name
            self.figures = figures
        }
    }

    public var figures: PeriodicFigures
    /// The agencies below (empty for an organisation without any).
    public var members: [Member]
    /// The figures of the organisation's own records, beside its agencies (a province's own).
    public var own: PeriodicFigures?
    public var indicators: [ComplianceIndicator]
    public var indicatorSource: IndicatorSource
    /// The day the indicators describe.
    public var indicatorDay: String
    /// Records are counted up to this moment: the period's end, or the generation when earlier.
    public var countedUntil: Date
    public var generatedAt: Date

    public init(figures: PeriodicFigures, members: [Member], own: PeriodicFigures?, indicators: [ComplianceIndicator],
                indicatorSource: IndicatorSource, indicatorDay: String, countedUntil: Date, generatedAt: Date) {
        self.figures = figures
        self.members = members
        self.own = own
        self.indicators = indicators
        self.indicatorSource = indicatorSource
        self.indicatorDay = indicatorDay
        self.countedUntil = countedUntil
        self.generatedAt = generatedAt
    }

    /// The members' figures added up, with the organisation's own: the roll-up's total row.
    public var membersTotal: PeriodicFigures {
        members.reduce(own ?? PeriodicFigures()) { $0 + $1.figures }
    }
}
