/// Which versions of a product a warning affects: any of several ranges, each a set of bounds that
/// all hold (`>=2.4.0 <2.4.58 || =2.2.34`). An empty text, `*` or `all` means every version.
///
/// The text form is what people type and what the CSV carries:
/// - comparisons `<`, `<=`, `>`, `>=`, `=`, `!=`, with or without a space before the version, and
///   separated by spaces or commas (`>= 2.4.0, < 2.4.58`);
/// - a bare version means exactly it; `A - B` (spaces around the hyphen) means from A through B;
/// - the words of advisories: `before`/`trước` (<), `through`/`up to`/`đến` (≤), `from`/`từ` (≥);
/// - `||` or `;` between alternatives.
public struct VersionSpec: Equatable, Sendable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case lessThan = "<"
        case lessOrEqual = "<="
        case greaterThan = ">"
        case greaterOrEqual = ">="
        case equal = "="
        case notEqual = "!="
    }

    public struct Bound: Equatable, Sendable {
        public let comparison: Comparison
        public let version: String

        public init(_ comparison: Comparison, _ version: String) {
            self.comparison = comparison
            self.version = version
        }

        func holds(for installed: PackageVersion) -> Bool {
            guard let bound = PackageVersion(version) else { return false }
            let order = PackageVersion.order(installed, bound)
            return switch comparison {
            case .lessThan: order < 0
            case .lessOrEqual: order <= 0
            case .greaterThan: order > 0
            case .greaterOrEqual: order >= 0
            case .equal: order == 0
            case .notEqual: order != 0
            }
        }
    }

    /// Empty: every version.
    public let ranges: [[Bound]]

    public static let all = VersionSpec(ranges: [])

    public init(ranges: [[Bound]]) {
        self.ranges = ranges.filter { !$0.isEmpty }
    }

    public var affectsEveryVersion: Bool { ranges.isEmpty }

    public func contains(_ version: PackageVersion) -> Bool {
        ranges.isEmpty || ranges.contains { range in range.allSatisfy { $0.holds(for: version) } }
    }

    /// The text form, normalised (`>=2.4.0 <2.4.58 || =2.2.34`); `*` for every version.
    public var description: String {
        ranges.isEmpty ? "*" : ranges.map { $0.map { $0.comparison.rawValue + $0.version }.joined(separator: " ") }.joined(separator: " || ")
    }

    public enum ParseError: Error, Equatable, Sendable {
        /// A token that is neither a comparison nor a version.
        case unexpected(String)
        /// A comparison with no version after it.
        case missingVersion(String)
        case tooLong
    }

    static let words: [String: Comparison] = [
        "before": .lessThan, "trước": .lessThan, "through": .lessOrEqual, "đến": .lessOrEqual, "upto": .lessOrEqual,
        "from": .greaterOrEqual, "từ": .greaterOrEqual, "since": .greaterOrEqual,
    ]

    public static func parse(_ raw: String) throws(ParseError) -> VersionSpec {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 1000 else { throw .tooLong }
        if text.isEmpty || text == "*" || text.lowercased() == "all" || text.lowercased() == "tất cả" { return .all }
        var ranges: [[Bound]] = []
        for alternative in text.replacingOccurrences(of: "||", with: ";").split(separator: ";") {
            let range = try parseRange(String(alternative))
            if !range.isEmpty { ranges.append(range) }
        }
        return VersionSpec(ranges: ranges)
    }

    private static func parseRange(_ text: String) throws(ParseError) -> [Bound] {
        // Tokens: comparisons split from their versions (`<2.4.58` → `<`, `2.4.58`), commas as spaces.
        var tokens: [String] = []
        for piece in text.lowercased().replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "≤", with: "<=")
            .replacingOccurrences(of: "≥", with: ">=").replacingOccurrences(of: "up to", with: "upto")
            .split(whereSeparator: \.isWhitespace) {
            var rest = Substring(piece)
            let operatorEnd = rest.firstIndex { !"<>=!".contains($0) } ?? rest.endIndex
            if operatorEnd > rest.startIndex {
                tokens.append(String(rest[..<operatorEnd]))
                rest = rest[operatorEnd...]
            }
            if !rest.isEmpty { tokens.append(String(rest)) }
        }
        var bounds: [Bound] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let comparison: Comparison?
            if let symbol = Comparison(rawValue: token == "==" ? "=" : token) {
                comparison = symbol
            } else if let word = words[token] {
                comparison = word
            } else {
                comparison = nil
            }
            if let comparison {
                guard index + 1 < tokens.count else { throw .missingVersion(token) }
                guard PackageVersion(tokens[index + 1]) != nil else { throw .unexpected(tokens[index + 1]) }
                bounds.append(Bound(comparison, tokens[index + 1]))
                index += 2
                continue
            }
            guard PackageVersion(token) != nil else { throw .unexpected(token) }
            // `A - B`: from A through B.
            if index + 2 < tokens.count, tokens[index + 1] == "-", PackageVersion(tokens[index + 2]) != nil {
                bounds.append(Bound(.greaterOrEqual, token))
                bounds.append(Bound(.lessOrEqual, tokens[index + 2]))
                index += 3
                continue
            }
            bounds.append(Bound(.equal, token))
            index += 1
        }
        return bounds
    }

    /// The structured form of OSV and CSAF feeds: affected from `introduced` (inclusive) up to
    /// `fixed` (exclusive) or through `lastAffected`.
    public static func range(introduced: String?, fixed: String?, lastAffected: String?) -> [Bound] {
        var bounds: [Bound] = []
        if let introduced, !introduced.isEmpty, introduced != "0" { bounds.append(Bound(.greaterOrEqual, introduced)) }
        if let fixed, !fixed.isEmpty { bounds.append(Bound(.lessThan, fixed)) }
        if let lastAffected, !lastAffected.isEmpty { bounds.append(Bound(.lessOrEqual, lastAffected)) }
        return bounds
    }
}
