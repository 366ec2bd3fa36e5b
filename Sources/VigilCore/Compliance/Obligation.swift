import Foundation

/// A dated duty in the obligations calendar of a leader's page: each comes from the records of the
/// capability it belongs to (a system's next scan, a plan's yearly review, a drill, a certificate's
/// expiry, a warning's deadline, an incident's notification deadline, a periodic report).
public struct Obligation: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case scan
        case planReview = "plan_review"
        case drill
        case certificate
        case advisory
        case notification
        case periodicReport = "periodic_report"
    }

    public let kind: Kind
    /// What it is about, as the records name it (a system, a monitor, a warning's reference…).
    public let subject: String
    public let due: Date
    public let organisationID: UUID
    /// The record it links to, when there is one page for it.
    public let recordID: UUID?
    /// A code the page puts in words (a periodic report's kind).
    public let code: String?

    public init(kind: Kind, subject: String, due: Date, organisationID: UUID, recordID: UUID? = nil, code: String? = nil) {
        self.kind = kind
        self.subject = subject
        self.due = due
        self.organisationID = organisationID
        self.recordID = recordID
        self.code = code
    }
}

public enum ObligationCalendar {
    /// How far ahead the calendar looks.
    public static let horizonDays = 90

    /// The obligations overdue or due within the horizon, the soonest first (so the overdue lead),
    /// at most `limit` of them, and how many more there were.
    public static func upcoming(_ items: [Obligation], now: Date, horizonDays: Int = horizonDays, limit: Int) -> (items: [Obligation], more: Int) {
        let end = now.addingTimeInterval(Double(horizonDays) * 86_400)
        let due = items.filter { $0.due <= end }.sorted { ($0.due, $0.kind.rawValue, $0.subject) < ($1.due, $1.kind.rawValue, $1.subject) }
        return (Array(due.prefix(limit)), max(0, due.count - limit))
    }

    /// The calendar month (yyyy-MM in `calendar`'s zone) each obligation falls in, in order, with the
    /// overdue ones under `overdueKey` first: the page's headings.
    public static func grouped(_ items: [Obligation], now: Date, calendar: Calendar, overdueKey: String = "overdue") -> [(key: String, items: [Obligation])] {
        var groups: [(key: String, items: [Obligation])] = []
        for item in items {
            let key: String
            if item.due < now {
                key = overdueKey
            } else {
                let parts = calendar.dateComponents([.year, .month], from: item.due)
                key = String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
            }
            if groups.last?.key == key { groups[groups.count - 1].items.append(item) } else { groups.append((key, [item])) }
        }
        return groups
    }
}
