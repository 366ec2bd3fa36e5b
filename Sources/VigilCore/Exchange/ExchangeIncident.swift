import Foundation

/// What the STIX and MISP exports say about an incident: plain values, read by the server.
public struct ExchangeIncident: Sendable {
    public struct Item: Sendable {
        /// The stored indicator's id: it keeps the exported ids stable from one export to the next.
        public var id: UUID
        public var indicator: Indicator
        public var addedAt: Date

        public init(id: UUID, indicator: Indicator, addedAt: Date) {
            self.id = id
            self.indicator = indicator
            self.addedAt = addedAt
        }
    }

    public var id: UUID
    public var reference: String
    public var title: String
    public var description: String
    public var organisationID: UUID
    public var organisationName: String
    public var created: Date
    public var modified: Date
    public var discoveredAt: Date
    public var occurredAt: Date?
    public var severity: Severity?
    public var closed: Bool
    public var items: [Item]

    public init(id: UUID, reference: String, title: String, description: String, organisationID: UUID, organisationName: String,
                created: Date, modified: Date, discoveredAt: Date, occurredAt: Date?, severity: Severity?, closed: Bool, items: [Item]) {
        self.id = id
        self.reference = reference
        self.title = title
        self.description = description
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.created = created
        self.modified = max(modified, created)
        self.discoveredAt = discoveredAt
        self.occurredAt = occurredAt
        self.severity = severity
        self.closed = closed
        self.items = items
    }
}

/// STIX timestamps: RFC 3339 in UTC with milliseconds (`2026-01-02T03:04:05.678Z`), which the
/// specification requires for `created` and `modified`.
public enum StixTimestamp {
    public static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        return formatter(fractional: true).string(from: Date(timeIntervalSince1970: millis / 1000))
    }

    /// Reads any RFC 3339 time with a `Z` (STIX requires UTC), with or without fractions.
    public static func parse(_ text: String) -> Date? {
        guard text.hasSuffix("Z") || text.hasSuffix("z") else { return nil }
        return formatter(fractional: true).date(from: text) ?? formatter(fractional: false).date(from: text)
    }

    static func formatter(fractional: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
