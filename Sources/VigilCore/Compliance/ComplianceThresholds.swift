import Foundation

/// Where an indicator short of its target stops being a warning and starts failing: a setting of
/// the province's administrator, with the text it comes from (the law sets the targets, not these
/// bands). For a ratio the limit is the lowest percent still only a warning; for a count, the
/// largest count still only a warning. The focal point is met or not, and has none.
public struct ComplianceThresholds: Equatable, Sendable {
    public var limits: [IndicatorCode: Double]
    public var source: LegalSource

    public static let standard = ComplianceThresholds(
        limits: [
            .antimalwareCoverage: 95, .scanFreshness: 90, .incidentsNotifiedOnTime: 90, .plansCurrent: 90, .drillsDone: 80,
            // What allows intrusion is fixed at once: a single one overdue fails.
            .immediateFindingsOverdue: 0, .findingsOverdue: 10, .advisoriesOverdue: 0,
        ],
        source: LegalSource(reference: "Vigil: ngưỡng mặc định, Sở có thể điều chỉnh", effectiveFrom: "2026-01-01"))

    public init(limits: [IndicatorCode: Double], source: LegalSource) {
        self.limits = limits
        self.source = source
    }

    /// The limit in force for `code`: the setting, else the default.
    public func limit(_ code: IndicatorCode) -> Double {
        limits[code] ?? Self.standard.limits[code] ?? 0
    }

    /// The codes that have a threshold, in the indicators' order.
    public static var codes: [IndicatorCode] { IndicatorCode.allCases.filter { $0.kind != .yesNo } }
    public static let maxCount = 100_000
    public static let maxReferenceLength = 300

    public enum Problem: Error, Equatable, Sendable {
        /// A code that has no threshold (unknown, or the focal point's).
        case unknownCode(String)
        /// A ratio's limit outside 0–100.
        case percentOutOfRange(IndicatorCode)
        /// A count's limit not a whole number in 0–100000.
        case countOutOfRange(IndicatorCode)
        case referenceMissing
        case referenceTooLong
        /// Not an ISO yyyy-MM-dd day.
        case effectiveFromInvalid
    }

    /// Reads limits by code name (the API's and the form's), every problem named.
    public static func limits(from raw: [String: Double]) -> (limits: [IndicatorCode: Double], problems: [Problem]) {
        var limits: [IndicatorCode: Double] = [:]
        var problems: [Problem] = []
        for (name, value) in raw.sorted(by: { $0.key < $1.key }) {
            guard let code = IndicatorCode(rawValue: name), code.kind != .yesNo else {
                problems.append(.unknownCode(String(name.prefix(60))))
                continue
            }
            limits[code] = value
        }
        return (limits, problems)
    }

    /// Every problem of these thresholds, in a stable order; none means they may be saved.
    public var problems: [Problem] {
        var problems: [Problem] = []
        for code in Self.codes {
            guard let value = limits[code] else { continue }
            switch code.kind {
            case .ratio:
                if !value.isFinite || value < 0 || value > 100 { problems.append(.percentOutOfRange(code)) }
            case .count:
                if !value.isFinite || value < 0 || value > Double(Self.maxCount) || value.rounded() != value { problems.append(.countOutOfRange(code)) }
            case .yesNo:
                break
            }
        }
        for code in limits.keys where code.kind == .yesNo { problems.append(.unknownCode(code.rawValue)) }
        let reference = source.reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if reference.isEmpty { problems.append(.referenceMissing) }
        if reference.count > Self.maxReferenceLength { problems.append(.referenceTooLong) }
        if !Self.isDay(source.effectiveFrom) { problems.append(.effectiveFromInvalid) }
        return problems
    }

    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1 else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return false }
        return calendar.component(.day, from: date) == day
    }
}

extension ComplianceThresholds: Codable {
    enum CodingKeys: String, CodingKey { case limits, legalReference, effectiveFrom }

    /// `{"limits": {"code": n, …}, "legalReference": "…", "effectiveFrom": "yyyy-MM-dd"}`; codes it
    /// does not know are left out (a stored setting from a later version still reads).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try container.decode([String: Double].self, forKey: .limits)
        limits = Self.limits(from: raw).limits
        source = LegalSource(reference: try container.decode(String.self, forKey: .legalReference),
                             effectiveFrom: try container.decode(String.self, forKey: .effectiveFrom))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Dictionary(uniqueKeysWithValues: limits.map { ($0.key.rawValue, $0.value) }), forKey: .limits)
        try container.encode(source.reference, forKey: .legalReference)
        try container.encode(source.effectiveFrom, forKey: .effectiveFrom)
    }
}
