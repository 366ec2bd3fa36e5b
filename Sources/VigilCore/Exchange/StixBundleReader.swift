import Foundation

/// Reads a STIX 2.1 bundle into indicators. Every object is checked (id `type--uuid`, unique,
/// `spec_version` 2.1, required properties, timestamps, values through `IndicatorExtractor`); a bundle
/// with any bad object is refused whole, with every problem listed, so nothing is stored half-way.
/// Indicators with simple patterns and the observables Vigil has types for are read; the other
/// STIX 2.1 objects (the incident, identities, relationships, malware…) carry nothing Vigil stores
/// and are skipped; a type STIX 2.1 does not define, or an observable Vigil has no type for, is refused.
public enum StixBundleReader {
    public static let maxObjects = 10_000

    public struct Result: Equatable, Sendable {
        /// Distinct, normalised, in the bundle's order.
        public var indicators: [Indicator]
        public var skipped: Int
    }

    public enum Reason: Error, Equatable, Sendable {
        case notJSON, notBundle, badBundleID, noObjects, tooManyObjects(Int), noIndicators
        case notObject, missingProperty(String), badID(String), duplicateID(String), specVersion(String)
        case badTimestamp(String), unsupportedType(String), patternType(String), pattern(StixPattern.Problem)
        case invalidValue(IndicatorType, String), unsupportedHash(String), emptyFile
    }

    public struct Problem: Equatable, Sendable {
        /// The object's place in `objects`, nil for the bundle itself.
        public var index: Int?
        public var id: String?
        public var reason: Reason
    }

    public struct Failure: Error, Equatable, Sendable {
        public var problems: [Problem]
    }

    /// The STIX 2.1 objects without indicator values: checked, then skipped.
    static let skippedTypes: Set<String> = [
        "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident", "infrastructure", "intrusion-set",
        "location", "malware", "malware-analysis", "note", "observed-data", "opinion", "report", "threat-actor", "tool",
        "vulnerability", "relationship", "sighting", "marking-definition", "language-content", "extension-definition",
    ]
    /// Objects without `created`/`modified`.
    static let metaWithoutTimes: Set<String> = ["marking-definition"]
    static let valueObservables: [String: IndicatorType] = [
        "ipv4-addr": .ipv4, "ipv6-addr": .ipv6, "domain-name": .domain, "url": .url, "email-addr": .email,
    ]
    static let hashTypes: [String: IndicatorType] = ["MD5": .md5, "SHA-1": .sha1, "SHA1": .sha1, "SHA-256": .sha256, "SHA256": .sha256]

    public static func read(_ data: Data) throws(Failure) -> Result {
        func fail(_ reason: Reason) -> Failure { Failure(problems: [Problem(index: nil, id: nil, reason: reason)]) }
        guard let json = try? JSONSerialization.jsonObject(with: data), let bundle = json as? [String: Any] else { throw fail(.notJSON) }
        guard bundle["type"] as? String == "bundle" else { throw fail(.notBundle) }
        guard let id = bundle["id"] as? String, isID(id, of: "bundle") else { throw fail(.badBundleID) }
        guard let objects = bundle["objects"] as? [Any], !objects.isEmpty else { throw fail(.noObjects) }
        guard objects.count <= maxObjects else { throw fail(.tooManyObjects(maxObjects)) }

        var problems: [Problem] = []
        var found: [Indicator] = []
        var skipped = 0
        var ids = Set<String>()
        for (index, element) in objects.enumerated() {
            guard let object = element as? [String: Any] else {
                problems.append(Problem(index: index, id: nil, reason: .notObject)); continue
            }
            let id = object["id"] as? String
            do throws(Reason) {
                let (read, skip) = try readObject(object, seen: &ids)
                found += read
                if skip { skipped += 1 }
            } catch {
                problems.append(Problem(index: index, id: id, reason: error))
            }
        }
        guard problems.isEmpty else { throw Failure(problems: problems) }
        var seen = Set<Indicator>()
        let indicators = found.filter { seen.insert($0).inserted }
        guard !indicators.isEmpty else { throw fail(.noIndicators) }
        return Result(indicators: indicators, skipped: skipped)
    }

    /// One object's indicators, or whether it is skipped.
    static func readObject(_ object: [String: Any], seen ids: inout Set<String>) throws(Reason) -> ([Indicator], Bool) {
        guard let type = object["type"] as? String, !type.isEmpty else { throw .missingProperty("type") }
        guard let id = object["id"] as? String else { throw .missingProperty("id") }
        guard isID(id, of: type) else { throw .badID(id) }
        guard ids.insert(id).inserted else { throw .duplicateID(id) }
        let isObservable = valueObservables[type] != nil || type == "file"
        if let version = object["spec_version"] {
            guard version as? String == "2.1" else { throw .specVersion(String(describing: version)) }
        } else if !isObservable {
            throw .missingProperty("spec_version")
        }
        if !isObservable && !metaWithoutTimes.contains(type) {
            for name in ["created", "modified"] { try timestamp(object, name) }
        }
        if type == "indicator" {
            guard let patternType = object["pattern_type"] as? String else { throw .missingProperty("pattern_type") }
            guard patternType == "stix" else { throw .patternType(patternType) }
            guard let pattern = object["pattern"] as? String else { throw .missingProperty("pattern") }
            try timestamp(object, "valid_from")
            let pairs: [(type: IndicatorType, value: String)]
            do { pairs = try StixPattern.parse(pattern) } catch { throw .pattern(error) }
            let indicators = try pairs.map { pair throws(Reason) in try indicator(pair.type, pair.value) }
            return object["revoked"] as? Bool == true ? ([], true) : (indicators, false)
        }
        if let indicatorType = valueObservables[type] {
            guard let value = object["value"] as? String else { throw .missingProperty("value") }
            return ([try indicator(indicatorType, value)], false)
        }
        if type == "file" {
            var indicators: [Indicator] = []
            if let hashes = object["hashes"] {
                guard let hashes = hashes as? [String: Any], !hashes.isEmpty else { throw .missingProperty("hashes") }
                for (name, value) in hashes.sorted(by: { $0.key < $1.key }) {
                    guard let hashType = hashTypes[name.uppercased()] else { throw .unsupportedHash(name) }
                    guard let value = value as? String else { throw .missingProperty("hashes.\(name)") }
                    indicators.append(try indicator(hashType, value))
                }
            }
            if let name = object["name"] {
                guard let name = name as? String else { throw .missingProperty("name") }
                indicators.append(try indicator(.filename, name))
            }
            guard !indicators.isEmpty else { throw .emptyFile }
            return (indicators, false)
        }
        guard skippedTypes.contains(type) else { throw .unsupportedType(type) }
        return ([], true)
    }

    static func indicator(_ type: IndicatorType, _ raw: String) throws(Reason) -> Indicator {
        // Refanging belongs to pasted text; a STIX value is meant literally.
        guard IndicatorExtractor.refang(raw) == raw, let value = IndicatorExtractor.normalise(raw, as: type) else {
            throw .invalidValue(type, String(raw.prefix(200)))
        }
        return Indicator(type: type, value: value)
    }

    static func timestamp(_ object: [String: Any], _ name: String) throws(Reason) {
        guard let text = object[name] as? String else { throw .missingProperty(name) }
        guard StixTimestamp.parse(text) != nil else { throw .badTimestamp(name) }
    }

    /// `<type>--<UUID>`, the type being the object's own.
    static func isID(_ id: String, of type: String) -> Bool {
        let prefix = type + "--"
        guard id.hasPrefix(prefix) else { return false }
        return UUID(uuidString: String(id.dropFirst(prefix.count))) != nil
    }
}
