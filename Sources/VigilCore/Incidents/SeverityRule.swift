/// The four severity levels (glossary: thấp, trung bình, cao, nghiêm trọng).
public enum Severity: String, CaseIterable, Codable, Sendable, Comparable {
    case low
    case medium
    case high
    case critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How badly one of confidentiality, integrity or availability is hit.
public enum ImpactLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case none
    case low
    case medium
    case high

    var points: Int { ImpactLevel.allCases.firstIndex(of: self)! }

    public static func < (lhs: ImpactLevel, rhs: ImpactLevel) -> Bool { lhs.points < rhs.points }
}

public enum DataSensitivity: String, CaseIterable, Codable, Sendable {
    case `public`
    case `internal`
    case personal
    /// State secrets or data classified under the law on protecting state secrets.
    case secret
}

/// What is known about an incident's effects. Every field has a documented default, used when the
/// caller leaves it out.
public struct SeverityInput: Codable, Equatable, Sendable {
    /// Security level of the affected system (Decree 85/2016), 1...5. Default: 1 when unknown.
    public var securityLevel: Int = 1
    public var confidentiality: ImpactLevel = .none
    public var integrity: ImpactLevel = .none
    public var availability: ImpactLevel = .none
    /// People who cannot work or whose data is touched. Default 0.
    public var affectedUsers: Int = 0
    /// Information systems or hosts affected. Default 1.
    public var affectedSystems: Int = 1
    public var dataSensitivity: DataSensitivity = .internal
    /// Hours of service interruption so far. Default 0.
    public var outageHours: Double = 0
    /// Whether it spreads to other systems or organisations. Default false.
    public var spreading: Bool = false

    public init() {}
}

/// The severity criteria: points per criterion and the points each level starts at. They are data
/// so that a province can adapt them; the defaults are Vigil's, documented in the UI.
public struct SeverityCriteria: Codable, Equatable, Sendable {
    public var usersMedium = 100
    public var usersLarge = 1_000
    public var systemsMedium = 3
    public var systemsLarge = 10
    public var outageHoursMedium = 4.0
    public var outageHoursLong = 24.0
    /// Points from which each level applies: medium 3, high 5, critical 7.
    public var mediumFrom = 3
    public var highFrom = 5
    public var criticalFrom = 7
    public var source = LegalSource(
        reference: "Vigil default criteria for the response plan's severity assessment (seed §3.1; Decree 85/2016 levels)",
        effectiveFrom: "2022-11-16")

    public init() {}
}

public struct SeverityAssessment: Equatable, Sendable {
    public let severity: Severity
    public let points: Int
    public let explanation: [Explanation]
}

public enum SeverityRule {
    /// Adds up points per criterion, maps them to a level, then applies two floors: a level-4/5
    /// system with a high impact is at least `high`, and a serious incident is `critical`.
    public static func assess(_ input: SeverityInput, serious: Bool, criteria: SeverityCriteria = SeverityCriteria()) -> SeverityAssessment {
        var points = 0
        var lines: [Explanation] = []
        func add(_ value: Int, _ key: String, _ arguments: [String] = []) {
            guard value > 0 else { return }
            points += value
            lines.append(Explanation(key, arguments + [String(value)]))
        }
        let worst = max(input.confidentiality, input.integrity, input.availability)
        add(worst.points, "severity.impact", [worst.rawValue])
        let level = min(max(input.securityLevel, 1), 5)
        add(level >= 4 ? 2 : level == 3 ? 1 : 0, "severity.security_level", [String(level)])
        if input.affectedUsers >= criteria.usersLarge || input.affectedSystems >= criteria.systemsLarge {
            add(2, "severity.scope_large", [String(input.affectedUsers), String(input.affectedSystems)])
        } else if input.affectedUsers >= criteria.usersMedium || input.affectedSystems >= criteria.systemsMedium {
            add(1, "severity.scope_medium", [String(input.affectedUsers), String(input.affectedSystems)])
        }
        add(input.dataSensitivity == .secret ? 2 : input.dataSensitivity == .personal ? 1 : 0, "severity.data", [input.dataSensitivity.rawValue])
        if input.outageHours >= criteria.outageHoursLong {
            add(2, "severity.outage_long", [format(input.outageHours)])
        } else if input.outageHours >= criteria.outageHoursMedium {
            add(1, "severity.outage_medium", [format(input.outageHours)])
        }
        add(input.spreading ? 2 : 0, "severity.spreading")

        var severity: Severity = points >= criteria.criticalFrom ? .critical
            : points >= criteria.highFrom ? .high
            : points >= criteria.mediumFrom ? .medium : .low
        lines.append(Explanation("severity.points", [String(points), severity.rawValue]))
        if level >= 4 && worst == .high && severity < .high {
            severity = .high
            lines.append(Explanation("severity.floor_high_level"))
        }
        if serious && severity < .critical {
            severity = .critical
            lines.append(Explanation("severity.floor_serious"))
        }
        return SeverityAssessment(severity: severity, points: points, explanation: lines)
    }

    /// Whole hours without a fraction; `Int(exactly:)`, because a huge count (1e300 hours) does not fit an `Int`.
    private static func format(_ hours: Double) -> String {
        Int(exactly: hours).map(String.init) ?? String(hours)
    }
}

extension SeverityCriteria {
    public enum Problem: Error, Equatable, Sendable {
        /// A threshold is zero or negative.
        case notPositive
        /// "Medium" thresholds must be below "large" / "long" ones.
        case scopeOrder
        case outageOrder
        /// Level thresholds must rise: medium < high < critical.
        case levelOrder
    }

    /// What makes a criteria set unusable; empty when it can be saved.
    public var problems: [Problem] {
        var problems: [Problem] = []
        if [usersMedium, usersLarge, systemsMedium, systemsLarge, mediumFrom, highFrom, criticalFrom].contains(where: { $0 <= 0 })
            || outageHoursMedium <= 0 || outageHoursLong <= 0 || !outageHoursMedium.isFinite || !outageHoursLong.isFinite {
            problems.append(.notPositive)
        }
        if usersMedium >= usersLarge || systemsMedium >= systemsLarge { problems.append(.scopeOrder) }
        if outageHoursMedium >= outageHoursLong { problems.append(.outageOrder) }
        if !(mediumFrom < highFrom && highFrom < criticalFrom) { problems.append(.levelOrder) }
        return problems
    }
}

/// Every saved version of the severity criteria; an incident is assessed with the version in force
/// on the day it was discovered.
public struct SeverityCriteriaBook: Sendable, Equatable {
    public let versions: [SeverityCriteria]

    public init(_ versions: [SeverityCriteria]) {
        self.versions = ([SeverityCriteria()] + versions).sorted { $0.source.effectiveFrom < $1.source.effectiveFrom }
    }

    public func criteria(onDay day: String) -> SeverityCriteria {
        versions.last { $0.source.effectiveFrom <= day } ?? versions[0]
    }
}
