import Foundation

/// "Scan every information system for vulnerabilities at least once every 6 months" (Directive
/// 18/CT-TTg): each system's next scan is due its interval after the last one; a system never
/// scanned is due at once. A reminder goes before the due date and again once it has passed.
public enum ScanCadence {
    public static let defaultIntervalMonths = 6
    public static let allowedMonths = 1...12
    /// How long before the due date the focal point is reminded.
    public static let reminderDays = 14

    public enum State: String, Codable, CaseIterable, Sendable {
        case neverScanned = "never_scanned"
        case overdue
        case dueSoon = "due_soon"
        case current
    }

    /// When the next scan is due; nil for a system never scanned (due now).
    public static func nextDue(lastScan: Date?, intervalMonths: Int, calendar: Calendar) -> Date? {
        lastScan.flatMap { calendar.date(byAdding: .month, value: intervalMonths, to: $0) }
    }

    public static func state(lastScan: Date?, intervalMonths: Int, now: Date, calendar: Calendar) -> State {
        guard let due = nextDue(lastScan: lastScan, intervalMonths: intervalMonths, calendar: calendar) else { return .neverScanned }
        if due <= now { return .overdue }
        if due.timeIntervalSince(now) <= TimeInterval(reminderDays) * 86_400 { return .dueSoon }
        return .current
    }

    /// What a reminder is about, so that each is sent once: the state and the due date it concerns.
    /// Nil when no reminder is due.
    public static func reminderKey(lastScan: Date?, intervalMonths: Int, now: Date, calendar: Calendar) -> String? {
        let state = state(lastScan: lastScan, intervalMonths: intervalMonths, now: now, calendar: calendar)
        guard state != .current else { return nil }
        let due = nextDue(lastScan: lastScan, intervalMonths: intervalMonths, calendar: calendar)
        return state.rawValue + "|" + (due.map { String(Int($0.timeIntervalSince1970)) } ?? "")
    }
}
