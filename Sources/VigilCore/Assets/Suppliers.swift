import Foundation

/// Third parties and the ICT supply chain (Directive 18/CT-TTg: control third-party risk): when a
/// contract needs attention and when a supplier's security review is overdue.
public enum SupplierRules {
    public enum ContractState: Equatable, Sendable {
        case running
        case endingSoon(days: Int)
        case ended(daysAgo: Int)
        case open
    }

    /// A contract ending within `warnDays` is ending soon; `endsOn` nil is open-ended.
    public static func contract(endsOn: Date?, today: Date, warnDays: Int = 30, calendar: Calendar) -> ContractState {
        guard let endsOn else { return .open }
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: today), to: calendar.startOfDay(for: endsOn)).day ?? 0
        if days < 0 { return .ended(daysAgo: -days) }
        if days <= warnDays { return .endingSoon(days: days) }
        return .running
    }

    /// The day the next security review is due: `intervalMonths` after the last one, or at once
    /// when there has never been one.
    public static func reviewDue(lastReview: Date?, intervalMonths: Int, calendar: Calendar) -> Date? {
        guard let lastReview else { return nil }
        return calendar.date(byAdding: .month, value: intervalMonths, to: lastReview)
    }

    public static func reviewOverdue(lastReview: Date?, intervalMonths: Int, today: Date, calendar: Calendar) -> Bool {
        guard let due = reviewDue(lastReview: lastReview, intervalMonths: intervalMonths, calendar: calendar) else { return true }
        return calendar.startOfDay(for: today) > calendar.startOfDay(for: due)
    }
}
