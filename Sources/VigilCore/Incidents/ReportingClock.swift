import Foundation

/// The legal reporting deadlines, as data with their source (REGULATIONS.md).
public struct ReportingRule: Codable, Equatable, Sendable {
    /// Notification to the system's owner, the national coordinating body and the specialised
    /// response unit: within this many days of discovery.
    public var notificationDays: Int
    /// "Immediately" (serious incidents, or beyond the agency's capacity) read as within this many
    /// hours: the law gives no number, so this is Vigil's operational reading, editable.
    public var immediateWithinHours: Int
    public var source: LegalSource

    public static let circular20of2017 = ReportingRule(
        notificationDays: 5, immediateWithinHours: 24,
        source: LegalSource(reference: "Thông tư 20/2017/TT-BTTTT, Điều 9; Quyết định 05/2017/QĐ-TTg, Điều 11", effectiveFrom: "2017-11-01"))

    public init(notificationDays: Int, immediateWithinHours: Int, source: LegalSource) {
        self.notificationDays = notificationDays
        self.immediateWithinHours = immediateWithinHours
        self.source = source
    }

    /// When the notification is due for an incident discovered at `discoveredAt`.
    public func due(discoveredAt: Date, immediate: Bool) -> Date {
        discoveredAt.addingTimeInterval(immediate ? TimeInterval(immediateWithinHours) * 3600 : TimeInterval(notificationDays) * 86_400)
    }

    public enum Problem: Error, Equatable, Sendable {
        case daysOutOfRange
        case hoursOutOfRange
    }

    /// A rule an administrator may save: 1 to 90 days, 1 to 168 hours.
    public var problems: [Problem] {
        var problems: [Problem] = []
        if !(1...90).contains(notificationDays) { problems.append(.daysOutOfRange) }
        if !(1...168).contains(immediateWithinHours) { problems.append(.hoursOutOfRange) }
        return problems
    }
}

/// Every version of the reporting rule; an incident is judged by the version in force on the day
/// it was discovered.
public struct ReportingRuleBook: Sendable, Equatable {
    /// Oldest first by effective date.
    public let versions: [ReportingRule]

    public init(_ versions: [ReportingRule]) {
        self.versions = ([ReportingRule.circular20of2017] + versions).sorted { $0.source.effectiveFrom < $1.source.effectiveFrom }
    }

    /// The rule in force on `day` (ISO yyyy-MM-dd); the earliest one for days before every rule.
    public func rule(onDay day: String) -> ReportingRule {
        versions.last { $0.source.effectiveFrom <= day } ?? versions[0]
    }
}

public struct ReportingDeadline: Equatable, Sendable {
    public enum State: String, Sendable {
        case met
        case pending
        case dueSoon = "due_soon"
        case overdue
    }

    public let due: Date
    /// True when the rule says "immediately" (a serious incident, or one beyond the agency's capacity).
    public let immediate: Bool
    public let state: State
    public let explanation: Explanation
}

public enum ReportingClock {
    /// The notification deadline and where it stands now.
    /// - Parameters:
    ///   - notifiedAt: when the notification was sent, if it was.
    ///   - dueSoonWindow: how long before the deadline it counts as "due soon".
    public static func notification(
        discoveredAt: Date, serious: Bool, beyondCapacity: Bool, notifiedAt: Date?, now: Date,
        rule: ReportingRule = .circular20of2017, dueSoonWindow: TimeInterval = 24 * 3600
    ) -> ReportingDeadline {
        let immediate = serious || beyondCapacity
        let due = rule.due(discoveredAt: discoveredAt, immediate: immediate)
        let state: ReportingDeadline.State
        if let notifiedAt {
            state = notifiedAt <= due ? .met : .overdue
        } else if now > due {
            state = .overdue
        } else {
            state = due.timeIntervalSince(now) <= (immediate ? .infinity : dueSoonWindow) ? .dueSoon : .pending
        }
        let explanation = immediate
            ? Explanation("clock.notification_immediate", [rule.source.reference])
            : Explanation("clock.notification_days", [String(rule.notificationDays), rule.source.reference])
        return ReportingDeadline(due: due, immediate: immediate, state: state, explanation: explanation)
    }
}
