import Foundation

/// An incident's indicators as a MISP event (`{"Event": {…, "Attribute": […]}}`), in the form MISP's
/// own export and import use: strings for the numeric codes, MISP's attribute types and categories.
public enum MispEventWriter {
    public static func type(of indicator: IndicatorType) -> String {
        switch indicator {
        case .ipv4, .ipv6: "ip-dst"
        case .domain: "domain"
        case .url: "url"
        case .md5: "md5"
        case .sha1: "sha1"
        case .sha256: "sha256"
        case .email: "email-src"
        case .filename: "filename"
        }
    }

    public static func category(of indicator: IndicatorType) -> String {
        switch indicator {
        case .ipv4, .ipv6, .domain, .url: "Network activity"
        case .md5, .sha1, .sha256, .filename, .email: "Payload delivery"
        }
    }

    /// MISP's threat levels: 1 high, 2 medium, 3 low, 4 undefined.
    static func threatLevel(_ severity: Severity?) -> String {
        switch severity {
        case .critical, .high: "1"
        case .medium: "2"
        case .low: "3"
        case nil: "4"
        }
    }

    public static func event(_ incident: ExchangeIncident) -> MispDocument {
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        day.timeZone = TimeZone(identifier: "UTC")
        let attributes = incident.items.map { item in
            MispDocument.Attribute(uuid: lower(item.id), type: type(of: item.indicator.type), category: category(of: item.indicator.type),
                                   value: item.indicator.value, toIDs: true, comment: item.indicator.type.rawValue,
                                   timestamp: seconds(item.addedAt))
        }
        return MispDocument(event: .init(
            uuid: lower(incident.id), info: "\(incident.reference): \(incident.title)", date: day.string(from: incident.discoveredAt),
            threatLevelID: threatLevel(incident.severity), analysis: incident.closed ? "2" : "1", distribution: "0", published: false,
            timestamp: seconds(incident.modified), orgc: .init(uuid: lower(incident.organisationID), name: incident.organisationName),
            attribute: attributes))
    }

    static func seconds(_ date: Date) -> String { String(Int64(date.timeIntervalSince1970)) }
    static func lower(_ id: UUID) -> String { id.uuidString.lowercased() }
}

public struct MispDocument: Encodable, Sendable {
    public struct Organisation: Encodable, Sendable {
        public var uuid: String
        public var name: String
    }

    public struct Attribute: Encodable, Sendable {
        public var uuid, type, category, value: String
        public var toIDs: Bool
        public var comment: String
        public var timestamp: String

        enum CodingKeys: String, CodingKey {
            case uuid, type, category, value, comment, timestamp
            case toIDs = "to_ids"
        }
    }

    public struct Event: Encodable, Sendable {
        public var uuid, info, date: String
        public var threatLevelID, analysis, distribution: String
        public var published: Bool
        public var timestamp: String
        public var orgc: Organisation
        public var attribute: [Attribute]

        enum CodingKeys: String, CodingKey {
            case uuid, info, date, analysis, distribution, published, timestamp
            case threatLevelID = "threat_level_id", orgc = "Orgc", attribute = "Attribute"
        }
    }

    public var event: Event

    enum CodingKeys: String, CodingKey { case event = "Event" }
}
