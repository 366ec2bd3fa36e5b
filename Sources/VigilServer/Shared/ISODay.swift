import Foundation

/// Calendar days as `yyyy-MM-dd` in UTC: how effective dates, contract dates and deadlines are
/// written in forms, audit entries and JSON.
enum ISODay {
    static func string(_ date: Date) -> String {
        formatter().string(from: date)
    }

    /// The calendar day `date` falls on in `timeZone` (the display time zone): the day a rule in
    /// force is looked up by, the day a snapshot is kept for.
    static func string(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The day, or nil unless `text` is exactly `yyyy-MM-dd`.
    static func parse(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return formatter().date(from: text)
    }

    // DateFormatter is not Sendable: one per call (these run a few times per request).
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }
}
