import Foundation

/// Ids on the wire are lower-case, as everywhere else in Vigil's JSON (Foundation writes UUIDs in
/// capitals); reading takes either.
extension FederationMessage {
    enum CodingKeys: String, CodingKey { case version, id, type, from, to, sentAt, incident, report, acknowledgement }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(id.lowercased, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(from.lowercased, forKey: .from)
        try container.encode(to.lowercased, forKey: .to)
        try container.encode(sentAt, forKey: .sentAt)
        try container.encodeIfPresent(incident, forKey: .incident)
        try container.encodeIfPresent(report, forKey: .report)
        try container.encodeIfPresent(acknowledgement, forKey: .acknowledgement)
    }
}

extension FederationMessage.IncidentSummary {
    enum CodingKeys: String, CodingKey {
        case id, reference, title, organisation, description, status, causeGroup, scenario, severity, serious, systemName, discoveredAt,
             occurredAt, notifiedAt, closedAt, sentBy, contact
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.lowercased, forKey: .id)
        try container.encode(reference, forKey: .reference)
        try container.encode(title, forKey: .title)
        try container.encode(organisation, forKey: .organisation)
        try container.encode(description, forKey: .description)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(causeGroup, forKey: .causeGroup)
        try container.encodeIfPresent(scenario, forKey: .scenario)
        try container.encodeIfPresent(severity, forKey: .severity)
        try container.encode(serious, forKey: .serious)
        try container.encodeIfPresent(systemName, forKey: .systemName)
        try container.encode(discoveredAt, forKey: .discoveredAt)
        try container.encodeIfPresent(occurredAt, forKey: .occurredAt)
        try container.encodeIfPresent(notifiedAt, forKey: .notifiedAt)
        try container.encodeIfPresent(closedAt, forKey: .closedAt)
        try container.encode(sentBy, forKey: .sentBy)
        try container.encodeIfPresent(contact, forKey: .contact)
    }
}

extension FederationMessage.ReportDocument {
    enum CodingKeys: String, CodingKey { case id, kind, title, issuedAt, issuedBy, recipients, sha256, document }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.lowercased, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(title, forKey: .title)
        try container.encode(issuedAt, forKey: .issuedAt)
        try container.encode(issuedBy, forKey: .issuedBy)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(document, forKey: .document)
    }
}

extension FederationMessage.Acknowledgement {
    enum CodingKeys: String, CodingKey { case messageId, acknowledgedAt, acknowledgedBy, note }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messageId.lowercased, forKey: .messageId)
        try container.encode(acknowledgedAt, forKey: .acknowledgedAt)
        try container.encode(acknowledgedBy, forKey: .acknowledgedBy)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

extension FederationReceipt {
    enum CodingKeys: String, CodingKey { case id, receivedAt, receiver, duplicate }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.lowercased, forKey: .id)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(receiver.lowercased, forKey: .receiver)
        try container.encode(duplicate, forKey: .duplicate)
    }
}

extension UUID {
    fileprivate var lowercased: String { uuidString.lowercased() }
}
