import Foundation

/// The periodic reports a network member sends the national coordinating body (Circular 20/2017,
/// REGULATIONS.md): a 6-month report and an annual one, on the incidents received and handled.
public enum PeriodicReportKind: String, CaseIterable, Codable, Sendable {
    case sixMonth = "six_month"
    case annual

    public var labelKey: String { "periodic.kind.\(rawValue)" }
}

/// A calendar day with no time zone (`yyyy-MM-dd`): periods and due dates are days of the law's
/// calendar, turned into moments only in the server's time zone.
public struct CalendarDay: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Only an exact `yyyy-MM-dd` that names a real day.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let candidate = CalendarDay(year: year, month: month, day: day)
        guard candidate.adding(days: 0) == candidate else { return nil }
        self = candidate
    }

    /// The day `date` falls on in the calendar's time zone.
    public init(_ date: Date, calendar: Calendar) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    private static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The day `days` later (earlier when negative); also normalises an impossible day.
    public func adding(days: Int) -> CalendarDay {
        let calendar = Self.utc
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day + days))!
        return CalendarDay(date, calendar: calendar)
    }

    /// Days from this day to `other` (negative when `other` is earlier).
    public func days(to other: CalendarDay) -> Int {
        let calendar = Self.utc
        let from = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let to = calendar.date(from: DateComponents(year: other.year, month: other.month, day: other.day))!
        return calendar.dateComponents([.day], from: from, to: to).day ?? 0
    }

    /// The first moment of the day in the calendar's time zone.
    public func start(in calendar: Calendar) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// When a kind of periodic report is due and what it covers, as data with its sources.
///
/// The law gives the due dates (before 20 June, before 15 December) but not the period, so Vigil
/// uses the general rule for the cut-off of periodic reports of state bodies (Decree 09/2019,
/// Art. 12): the 6-month report covers 15 December of the year before to 14 June, the annual one
/// 15 December of the year before to 14 December. The 6-month report thus closes six days before it
/// is due; the annual one is due on its period's last day, so it is written while that day runs and
/// its figures count up to the moment it is generated (the document says so).
public struct PeriodicReportRule: Equatable, Sendable {
    public struct MonthDay: Equatable, Sendable {
        public let month: Int
        public let day: Int

        public init(month: Int, day: Int) {
            self.month = month
            self.day = day
        }
    }

    public let kind: PeriodicReportKind
    /// The period's first day, in the year before the report's year.
    public let periodStart: MonthDay
    /// The period's last day, in the report's year.
    public let periodEnd: MonthDay
    /// The report must arrive before this day of the report's year.
    public let dueBefore: MonthDay
    public let periodSource: LegalSource
    public let dueSource: LegalSource

    public static let cutOffSource = LegalSource(reference: "Nghị định 09/2019/NĐ-CP, Điều 12 (thời gian chốt số liệu báo cáo định kỳ)",
                                                 effectiveFrom: "2019-03-15")
    public static let dueSource = LegalSource(reference: "Thông tư 20/2017/TT-BTTTT (báo cáo định kỳ, mẫu số 05)", effectiveFrom: "2017-11-01")

    public static let sixMonth = PeriodicReportRule(
        kind: .sixMonth, periodStart: MonthDay(month: 12, day: 15), periodEnd: MonthDay(month: 6, day: 14), dueBefore: MonthDay(month: 6, day: 20),
        periodSource: cutOffSource, dueSource: dueSource)
    public static let annual = PeriodicReportRule(
        kind: .annual, periodStart: MonthDay(month: 12, day: 15), periodEnd: MonthDay(month: 12, day: 14), dueBefore: MonthDay(month: 12, day: 15),
        periodSource: cutOffSource, dueSource: dueSource)

    public static func rule(for kind: PeriodicReportKind) -> PeriodicReportRule {
        switch kind {
        case .sixMonth: sixMonth
        case .annual: annual
        }
    }
}

/// One report to send: its kind, year, the days it covers and the last day to send it.
public struct PeriodicDeadline: Equatable, Sendable {
    public let kind: PeriodicReportKind
    public let year: Int
    /// First and last day covered, both included.
    public let periodStart: CalendarDay
    public let periodEnd: CalendarDay
    /// The last day the report is on time ("before 20 June" is 19 June).
    public let dueOn: CalendarDay
    public let source: LegalSource
}

public enum PeriodicReportSchedule {
    /// Reminders go this many days before the due day, each once.
    public static let reminderDays = [14, 3]
    public static let earliestYear = 2000

    public static func deadline(_ kind: PeriodicReportKind, year: Int) -> PeriodicDeadline {
        let rule = PeriodicReportRule.rule(for: kind)
        return PeriodicDeadline(
            kind: kind, year: year,
            periodStart: CalendarDay(year: year - 1, month: rule.periodStart.month, day: rule.periodStart.day),
            periodEnd: CalendarDay(year: year, month: rule.periodEnd.month, day: rule.periodEnd.day),
            dueOn: CalendarDay(year: year, month: rule.dueBefore.month, day: rule.dueBefore.day).adding(days: -1),
            source: rule.dueSource)
    }

    /// Every periodic report due in `year`, earliest first: for the obligations calendar.
    public static func deadlines(year: Int) -> [PeriodicDeadline] {
        PeriodicReportKind.allCases.map { deadline($0, year: year) }.sorted { $0.dueOn < $1.dueOn }
    }

    /// The years a report may be made for: from 2000 to next year (a typing mistake otherwise).
    public static func validYears(today: CalendarDay) -> ClosedRange<Int> { earliestYear...(today.year + 1) }

    /// The reminder due today for a report due on `dueOn` (14 or 3: how many days before it the
    /// reminder belongs to), or nil. A reminder missed on its day (the server was down) still goes
    /// later, until the next one takes over; none goes after the due day.
    public static func reminder(dueOn: CalendarDay, today: CalendarDay) -> Int? {
        let left = today.days(to: dueOn)
        guard left >= 0 else { return nil }
        return reminderDays.sorted().first { left <= $0 }
    }

    /// Whether the period is over by `today`: the day after its last day has begun. A report of a
    /// period that ends today is still counting.
    public static func hasEnded(_ deadline: PeriodicDeadline, today: CalendarDay) -> Bool { today > deadline.periodEnd }
}
