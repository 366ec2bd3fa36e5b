import Foundation

/// An incident's indicators as a STIX 2.1 bundle: the organisation as an `identity` (the
/// `created_by_ref` of everything), the `incident`, one `indicator` with its pattern and one
/// cyber-observable per indicator, one `observed-data` grouping those observables, and the
/// relationships (each indicator `indicates` the incident, the observed data is `related-to` it).
/// Ids are derived from stored ids (`indicator--<indicator id>`), so exporting twice gives the same
/// ids; observables take their indicator's id rather than STIX's recommended UUIDv5, which would need
/// SHA-1 in this Foundation-only module.
public enum StixBundleWriter {
    public static func bundle(_ incident: ExchangeIncident) -> StixBundle {
        let identityID = "identity--\(lower(incident.organisationID))"
        let incidentID = "incident--\(lower(incident.id))"
        let created = StixTimestamp.format(incident.created)
        let modified = StixTimestamp.format(incident.modified)
        var objects: [StixObject] = []

        var identity = StixObject(type: "identity", id: identityID, created: created, modified: created)
        identity.name = incident.organisationName
        identity.identityClass = "organization"
        objects.append(identity)

        var sdo = StixObject(type: "incident", id: incidentID, created: created, modified: modified)
        sdo.createdByRef = identityID
        sdo.name = "\(incident.reference): \(incident.title)"
        sdo.description = incident.description.isEmpty ? nil : incident.description
        objects.append(sdo)

        var observableIDs: [String] = []
        for item in incident.items {
            let stamp = StixTimestamp.format(max(item.addedAt, incident.created))
            let itemID = lower(item.id)
            var indicator = StixObject(type: "indicator", id: "indicator--\(itemID)", created: stamp, modified: stamp)
            indicator.createdByRef = identityID
            indicator.name = "\(item.indicator.type.rawValue): \(item.indicator.value)"
            indicator.indicatorTypes = ["malicious-activity"]
            indicator.pattern = StixPattern.pattern(for: item.indicator)
            indicator.patternType = "stix"
            indicator.validFrom = stamp
            objects.append(indicator)
            objects.append(observable(item.indicator, id: itemID))
            observableIDs.append(objects.last!.id)

            var relationship = StixObject(type: "relationship", id: "relationship--\(itemID)", created: stamp, modified: stamp)
            relationship.createdByRef = identityID
            relationship.relationshipType = "indicates"
            relationship.sourceRef = indicator.id
            relationship.targetRef = incidentID
            objects.append(relationship)
        }

        if !observableIDs.isEmpty {
            let first = incident.occurredAt.map { min($0, incident.discoveredAt) } ?? incident.discoveredAt
            let last = max(incident.discoveredAt, incident.items.map(\.addedAt).max() ?? incident.discoveredAt)
            var observed = StixObject(type: "observed-data", id: "observed-data--\(lower(incident.id))", created: created, modified: modified)
            observed.createdByRef = identityID
            observed.firstObserved = StixTimestamp.format(first)
            observed.lastObserved = StixTimestamp.format(last)
            observed.numberObserved = 1
            observed.objectRefs = observableIDs
            objects.append(observed)

            var related = StixObject(type: "relationship", id: "relationship--\(lower(incident.id))", created: created, modified: modified)
            related.createdByRef = identityID
            related.relationshipType = "related-to"
            related.sourceRef = observed.id
            related.targetRef = incidentID
            objects.append(related)
        }
        return StixBundle(id: "bundle--\(lower(incident.id))", objects: objects)
    }

    /// The cyber-observable (SCO) carrying the indicator's value.
    static func observable(_ indicator: Indicator, id: String) -> StixObject {
        let type: String = switch indicator.type {
        case .ipv4: "ipv4-addr"
        case .ipv6: "ipv6-addr"
        case .domain: "domain-name"
        case .url: "url"
        case .email: "email-addr"
        case .md5, .sha1, .sha256, .filename: "file"
        }
        var object = StixObject(type: type, id: "\(type)--\(id)")
        switch indicator.type {
        case .md5: object.hashes = ["MD5": indicator.value]
        case .sha1: object.hashes = ["SHA-1": indicator.value]
        case .sha256: object.hashes = ["SHA-256": indicator.value]
        case .filename: object.name = indicator.value
        default: object.value = indicator.value
        }
        return object
    }

    static func lower(_ id: UUID) -> String { id.uuidString.lowercased() }
}

public struct StixBundle: Encodable, Sendable {
    public var type = "bundle"
    public var id: String
    public var objects: [StixObject]

    /// The bundle as JSON, keys sorted so that two exports of the same incident are byte-equal.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// One STIX object; properties not set are left out.
public struct StixObject: Encodable, Sendable {
    public var type: String
    public var specVersion: String? = "2.1"
    public var id: String
    public var created: String?
    public var modified: String?
    public var createdByRef: String?
    public var name: String?
    public var description: String?
    public var identityClass: String?
    public var indicatorTypes: [String]?
    public var pattern: String?
    public var patternType: String?
    public var validFrom: String?
    public var firstObserved: String?
    public var lastObserved: String?
    public var numberObserved: Int?
    public var objectRefs: [String]?
    public var relationshipType: String?
    public var sourceRef: String?
    public var targetRef: String?
    public var value: String?
    public var hashes: [String: String]?

    init(type: String, id: String, created: String? = nil, modified: String? = nil) {
        self.type = type
        self.id = id
        self.created = created
        self.modified = modified
    }

    enum CodingKeys: String, CodingKey {
        case type, id, created, modified, name, description, pattern, value, hashes
        case specVersion = "spec_version", createdByRef = "created_by_ref", identityClass = "identity_class"
        case indicatorTypes = "indicator_types", patternType = "pattern_type", validFrom = "valid_from"
        case firstObserved = "first_observed", lastObserved = "last_observed", numberObserved = "number_observed"
        case objectRefs = "object_refs", relationshipType = "relationship_type", sourceRef = "source_ref", targetRef = "target_ref"
    }
}
