import Foundation

/// Why an approved plan is due for review: stable codes (the API's `reviewReasons`), each with its
/// text in the localization tables (`plan.review.<code>`).
public enum PlanReviewReason: String, CaseIterable, Codable, Sendable {
    /// The system's security level changed since approval (its change history says so).
    case securityLevelChanged = "security_level_changed"
    case hostsChanged = "hosts_changed"
    case suppliersChanged = "suppliers_changed"
    case urlsChanged = "urls_changed"
    /// A newer version of an included scenario's playbook.
    case playbookChanged = "playbook_changed"
    /// An incident's review recommended a change of the plan.
    case incidentRecommended = "incident_recommended"
    /// A drill's findings recommended a change of the plan.
    case drillRecommended = "drill_recommended"
    /// Not approved since the start of the last yearly cycle (November by default).
    case cycleMissed = "cycle_missed"
    /// A year since approval.
    case yearPassed = "year_passed"

    /// The system's fields whose change makes its plan due (the change history's field names).
    public static let systemFields: [String: PlanReviewReason] = [
        "security_level": .securityLevelChanged, "hosts": .hostsChanged, "suppliers": .suppliersChanged, "public_urls": .urlsChanged,
    ]
}

/// Who asked for a review of a system's plan (`PlanRepository.requestReview`).
public enum PlanReviewRequestKind: String, CaseIterable, Codable, Sendable {
    case incident
    case drill

    public var reason: PlanReviewReason {
        switch self {
        case .incident: .incidentRecommended
        case .drill: .drillRecommended
        }
    }
}

/// The yearly cycle in which plans are issued: the month, and the text it comes from. The seed's
/// department issues its plans "in November" (its implementation of Directive 18/CT-TTg); a province
/// may set another month, so it is a setting with its source, as other law-derived rules are.
public struct PlanReviewCycle: Codable, Equatable, Sendable {
    public var month: Int
    public var source: LegalSource

    public static let standard = PlanReviewCycle(
        month: 11,
        source: LegalSource(reference: "Chỉ thị 18/CT-TTg ngày 13/10/2022; kế hoạch triển khai của Sở: ban hành phương án ứng cứu sự cố trong tháng 11",
                            effectiveFrom: "2022-10-13"))

    public init(month: Int, source: LegalSource) {
        self.month = month
        self.source = source
    }

    /// The first moment of the cycle's month most recently begun on or before `now`.
    public func lastStart(before now: Date, calendar: Calendar) -> Date {
        let today = calendar.dateComponents([.year, .month], from: now)
        let year = (today.month ?? 1) >= month ? (today.year ?? 1970) : (today.year ?? 1970) - 1
        return calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? now
    }

    public static let months = 1...12
}

/// What decides whether an approved plan is due for review.
public struct PlanReviewFacts: Sendable {
    public var approvedAt: Date
    /// The fields of the system's change history recorded after the approval.
    public var systemFieldsChanged: Set<String>
    /// The playbook versions the plan includes, and the versions in force now (scenario code → version).
    public var includedPlaybooks: [String: Int]
    public var currentPlaybooks: [String: Int]
    /// Reviews requested after the approval.
    public var requests: [PlanReviewRequestKind]
    public var now: Date

    public init(approvedAt: Date, systemFieldsChanged: Set<String>, includedPlaybooks: [String: Int], currentPlaybooks: [String: Int],
                requests: [PlanReviewRequestKind], now: Date) {
        self.approvedAt = approvedAt
        self.systemFieldsChanged = systemFieldsChanged
        self.includedPlaybooks = includedPlaybooks
        self.currentPlaybooks = currentPlaybooks
        self.requests = requests
        self.now = now
    }
}

public enum PlanReviewRule {
    /// The reasons an approved plan is due for review, in `PlanReviewReason`'s order; empty when
    /// it is not. A plan approved at or after the start of the last cycle's month counts for that
    /// cycle (one approved in December stands until the next November begins).
    public static func reasons(_ facts: PlanReviewFacts, cycle: PlanReviewCycle, calendar: Calendar) -> [PlanReviewReason] {
        var found = Set(facts.systemFieldsChanged.compactMap { PlanReviewReason.systemFields[$0] })
        if facts.includedPlaybooks.contains(where: { scenario, version in (facts.currentPlaybooks[scenario] ?? version) > version }) {
            found.insert(.playbookChanged)
        }
        found.formUnion(facts.requests.map(\.reason))
        if facts.approvedAt < cycle.lastStart(before: facts.now, calendar: calendar) { found.insert(.cycleMissed) }
        if let due = calendar.date(byAdding: .year, value: 1, to: facts.approvedAt), facts.now >= due { found.insert(.yearPassed) }
        return PlanReviewReason.allCases.filter(found.contains)
    }
}
