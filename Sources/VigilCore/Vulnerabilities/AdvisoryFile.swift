import Foundation

/// Warnings in bulk: a JSON document or the rows of a CSV file, read into drafts (docs/ADVISORIES.md).
/// Reading never decides what is valid; `AdvisoryDraft.validated` does, the same for a form.
public enum AdvisoryFile {
    /// Where a file breaks its format (a JSON path, `line 4`), why (a code the server words), and
    /// the detail the message names.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Reason: String, Sendable {
            case notJSON, notObjectOrArray, notArray, notObject, notText, notList, noBound, tooMany, differs
        }

        public let location: String
        public let reason: Reason
        public let detail: String

        public init(_ location: String, _ reason: Reason, _ detail: String = "") {
            self.location = location
            self.reason = reason
            self.detail = detail
        }

        public var description: String { (location.isEmpty ? "" : location + ": ") + reason.rawValue + (detail.isEmpty ? "" : " " + detail) }
    }

    public static let maxAdvisories = 5000

    /// JSON: one warning, an array of them, or `{"advisories": [...]}`. Names in camelCase or
    /// snake_case; `cves` and `aliases` as arrays or as text; a product's versions as text, as an
    /// array of texts (any of them), or as OSV/CSAF-style `ranges` (`introduced`, `fixed`,
    /// `lastAffected`), or a `fixed` version alone.
    public static func drafts(json data: Data) throws(ReadError) -> [AdvisoryDraft] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw ReadError("", .notJSON)
        }
        let items: [Any]
        let prefix: String
        if let array = root as? [Any] {
            items = array
            prefix = ""
        } else if let object = root as? [String: Any], let list = object["advisories"] {
            guard let array = list as? [Any] else { throw ReadError("advisories", .notArray) }
            items = array
            prefix = "advisories"
        } else if root is [String: Any] {
            items = [root]
            prefix = ""
        } else {
            throw ReadError("", .notObjectOrArray)
        }
        guard items.count <= maxAdvisories else { throw ReadError(prefix, .tooMany, String(maxAdvisories)) }
        var drafts: [AdvisoryDraft] = []
        for (index, item) in items.enumerated() {
            let location = "\(prefix)[\(index)]"
            guard let object = item as? [String: Any] else { throw ReadError(location, .notObject) }
            drafts.append(try draft(object, location: location))
        }
        return drafts
    }

    private static func value(_ object: [String: Any], _ names: String...) -> Any? {
        for name in names { if let value = object[name], !(value is NSNull) { return value } }
        return nil
    }

    private static func text(_ object: [String: Any], _ location: String, _ names: String...) throws(ReadError) -> String {
        for name in names {
            guard let value = object[name], !(value is NSNull) else { continue }
            if let string = value as? String { return string }
            if let number = value as? NSNumber, !(value is Bool) { return number.stringValue }
            throw ReadError("\(location).\(name)", .notText)
        }
        return ""
    }

    private static func list(_ object: [String: Any], _ location: String, _ name: String) throws(ReadError) -> [String] {
        guard let value = value(object, name) else { return [] }
        if let string = value as? String { return [string] }
        guard let array = value as? [Any] else { throw ReadError("\(location).\(name)", .notList) }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element as? String else { throw ReadError("\(location).\(name)[\(index)]", .notText) }
            result.append(string)
        }
        return result
    }

    private static func draft(_ object: [String: Any], location: String) throws(ReadError) -> AdvisoryDraft {
        var draft = AdvisoryDraft()
        draft.location = location
        draft.reference = try text(object, location, "reference", "ref", "number")
        draft.issuer = try text(object, location, "issuer", "issuedBy", "issued_by")
        draft.issuedOn = try text(object, location, "issuedOn", "issued_on", "date", "published")
        draft.title = try text(object, location, "title", "summary")
        draft.action = try text(object, location, "action", "recommendedAction", "recommended_action", "recommendation")
        draft.deadline = try text(object, location, "deadline", "dueDate", "due_date", "due")
        draft.cves = try list(object, location, "cves").joined(separator: " ")
        guard let products = value(object, "products", "affected") else { return draft }
        guard let array = products as? [Any] else { throw ReadError("\(location).products", .notArray) }
        for (index, element) in array.enumerated() {
            let at = "\(location).products[\(index)]"
            guard let product = element as? [String: Any] else { throw ReadError(at, .notObject) }
            var versions = try list(product, at, "versions")
            if let ranges = value(product, "ranges") {
                guard let rangeList = ranges as? [Any] else { throw ReadError("\(at).ranges", .notArray) }
                for (rangeIndex, rangeValue) in rangeList.enumerated() {
                    let rangeAt = "\(at).ranges[\(rangeIndex)]"
                    guard let range = rangeValue as? [String: Any] else { throw ReadError(rangeAt, .notObject) }
                    let bounds = VersionSpec.range(introduced: try text(range, rangeAt, "introduced"), fixed: try text(range, rangeAt, "fixed"),
                                                   lastAffected: try text(range, rangeAt, "lastAffected", "last_affected"))
                    guard !bounds.isEmpty else { throw ReadError(rangeAt, .noBound) }
                    versions.append(VersionSpec(ranges: [bounds]).description)
                }
            }
            let fixed = try text(product, at, "fixed", "fixedVersion", "fixed_version")
            if !fixed.isEmpty { versions.append("<" + fixed) }
            draft.products.append(AdvisoryDraft.Product(
                vendor: try text(product, at, "vendor"), product: try text(product, at, "product", "name"),
                versions: versions.joined(separator: " || "), aliases: try list(product, at, "aliases").flatMap(AdvisoryDraft.aliasList)))
        }
        return draft
    }

    /// The CSV's columns (docs/ADVISORIES.md). A warning with several products takes a line each,
    /// with the same reference; its other fields are read from its first line, and a later line
    /// that says otherwise is refused rather than silently ignored.
    public static let csvColumns = ["reference", "issuer", "issued_on", "title", "cves", "vendor", "product", "versions", "aliases", "action",
                                    "deadline"]

    /// Rows as a CSV reader gives them (header names to cells, the first data line being line 2).
    public static func drafts(csvRows rows: [[String: String]]) throws(ReadError) -> [AdvisoryDraft] {
        var drafts: [AdvisoryDraft] = []
        var byReference: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            let line = "line \(index + 2)"
            func cell(_ name: String) -> String { (row[name] ?? "").trimmingCharacters(in: .whitespaces) }
            let reference = cell("reference")
            let key = reference.lowercased()
            var draft: AdvisoryDraft
            if let existing = byReference[key], !reference.isEmpty {
                draft = drafts[existing]
                for (column, value) in [("issuer", draft.issuer), ("issued_on", draft.issuedOn), ("title", draft.title), ("action", draft.action),
                                        ("deadline", draft.deadline)] where !cell(column).isEmpty && cell(column) != value {
                    throw ReadError("\(line), \(column)", .differs, reference)
                }
            } else {
                draft = AdvisoryDraft()
                draft.location = line
                draft.reference = reference
                draft.issuer = cell("issuer")
                draft.issuedOn = cell("issued_on")
                draft.title = cell("title")
                draft.action = cell("action")
                draft.deadline = cell("deadline")
            }
            let cves = cell("cves")
            if !cves.isEmpty { draft.cves = draft.cves.isEmpty ? cves : draft.cves + " " + cves }
            if !cell("product").isEmpty || !cell("vendor").isEmpty || !cell("versions").isEmpty {
                draft.products.append(AdvisoryDraft.Product(vendor: cell("vendor"), product: cell("product"), versions: cell("versions"),
                                                            aliases: AdvisoryDraft.aliasList(cell("aliases"))))
            }
            if let existing = byReference[key], !reference.isEmpty {
                drafts[existing] = draft
            } else {
                if !reference.isEmpty { byReference[key] = drafts.count }
                drafts.append(draft)
            }
            guard drafts.count <= maxAdvisories else { throw ReadError(line, .tooMany, String(maxAdvisories)) }
        }
        return drafts
    }
}
