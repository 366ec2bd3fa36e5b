import Foundation

/// A warning from the competent authorities (cảnh báo của cơ quan chức năng): its official
/// reference, who issued it and when, the CVEs and products it names, what to do and by when.
public struct Advisory: Equatable, Sendable {
    public var reference: String
    public var issuer: String
    /// Days, `YYYY-MM-DD`.
    public var issuedOn: String
    public var title: String
    public var cves: [String]
    public var products: [AffectedProduct]
    public var action: String
    public var deadline: String

    public init(reference: String, issuer: String, issuedOn: String, title: String, cves: [String], products: [AffectedProduct],
                action: String, deadline: String) {
        self.reference = reference
        self.issuer = issuer
        self.issuedOn = issuedOn
        self.title = title
        self.cves = cves
        self.products = products
        self.action = action
        self.deadline = deadline
    }

    public static let maxProducts = 200
    public static let maxCVEs = 500

    /// Whether a finding with these CVEs is one this warning is about.
    public func concerns(findingCVEs: [String]) -> [String] {
        let mine = Set(cves)
        return findingCVEs.filter { mine.contains($0) }
    }
}

/// What a person or a file says a warning is, before it is checked: every field as text.
public struct AdvisoryDraft: Equatable, Sendable {
    public struct Product: Equatable, Sendable {
        public var vendor = ""
        public var product = ""
        public var versions = ""
        public var aliases: [String] = []

        public init(vendor: String = "", product: String = "", versions: String = "", aliases: [String] = []) {
            self.vendor = vendor
            self.product = product
            self.versions = versions
            self.aliases = aliases
        }
    }

    public var reference = ""
    public var issuer = ""
    public var issuedOn = ""
    public var title = ""
    public var cves = ""
    public var products: [Product] = []
    public var action = ""
    public var deadline = ""
    /// Where the draft came from, for messages: `line 4`, `advisories[2]`; empty for a form.
    public var location = ""

    public init() {}

    /// A field that cannot be accepted, with the reason as a code the server words.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public let field: String
        public let reason: Reason
        public let detail: String

        public enum Reason: String, Sendable {
            case missing, tooLong, badDate, deadlineBeforeIssue, badCVE, tooMany, badVersions, nothingToMatch
        }

        public init(_ field: String, _ reason: Reason, _ detail: String = "") {
            self.field = field
            self.reason = reason
            self.detail = detail
        }

        public var description: String { "\(field): \(reason.rawValue)\(detail.isEmpty ? "" : " (\(detail))")" }
    }

    /// Checks every field and answers the warning, or every problem found (all of them, so a form
    /// shows each beside its field).
    public enum Validation: Sendable {
        case valid(Advisory)
        case invalid([Problem])

        public func get() throws(Problem) -> Advisory {
            switch self {
            case .valid(let advisory): return advisory
            case .invalid(let problems): throw problems[0]
            }
        }
    }

    public func validated() -> Validation {
        var problems: [Problem] = []
        func text(_ value: String, _ field: String, max: Int, required: Bool = true) -> String {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty, required { problems.append(Problem(field, .missing)) }
            if trimmed.count > max { problems.append(Problem(field, .tooLong, String(max))) }
            return trimmed
        }
        func day(_ value: String, _ field: String) -> String {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { problems.append(Problem(field, .missing)); return "" }
            guard let normalised = Self.day(trimmed) else { problems.append(Problem(field, .badDate, trimmed)); return "" }
            return normalised
        }
        let reference = text(self.reference, "reference", max: 100)
        let issuer = text(self.issuer, "issuer", max: 200)
        let title = text(self.title, "title", max: 300)
        let action = text(self.action, "action", max: 5000, required: false)
        let issuedOn = day(self.issuedOn, "issuedOn")
        let deadline = day(self.deadline, "deadline")
        if !issuedOn.isEmpty, !deadline.isEmpty, deadline < issuedOn { problems.append(Problem("deadline", .deadlineBeforeIssue)) }
        var cves: [String] = []
        for token in cveTokens(self.cves) {
            let upper = token.uppercased()
            if CVEList.isValid(upper) {
                if !cves.contains(upper) { cves.append(upper) }
            } else {
                problems.append(Problem("cves", .badCVE, token))
            }
        }
        if cves.count > Advisory.maxCVEs { problems.append(Problem("cves", .tooMany, String(Advisory.maxCVEs))) }
        var products: [AffectedProduct] = []
        if self.products.count > Advisory.maxProducts { problems.append(Problem("products", .tooMany, String(Advisory.maxProducts))) }
        for (index, draft) in self.products.prefix(Advisory.maxProducts).enumerated() {
            let field = "products[\(index)]"
            let name = text(draft.product, field + ".product", max: 200)
            let vendor = text(draft.vendor, field + ".vendor", max: 200, required: false)
            let aliases = draft.aliases.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if aliases.count > 50 { problems.append(Problem(field + ".aliases", .tooMany, "50")) }
            if let long = aliases.first(where: { $0.count > 100 }) { problems.append(Problem(field + ".aliases", .tooLong, long)) }
            do {
                let versions = try VersionSpec.parse(draft.versions)
                if !name.isEmpty { products.append(AffectedProduct(vendor: vendor, product: name, aliases: aliases, versions: versions)) }
            } catch {
                let detail = switch error {
                case .unexpected(let token): token
                case .missingVersion(let token): token
                case .tooLong: "1000"
                }
                problems.append(Problem(field + ".versions", .badVersions, detail))
            }
        }
        if cves.isEmpty, self.products.isEmpty, problems.isEmpty { problems.append(Problem("products", .nothingToMatch)) }
        guard problems.isEmpty else { return .invalid(problems) }
        return .valid(Advisory(reference: reference, issuer: issuer, issuedOn: issuedOn, title: title, cves: cves, products: products,
                                 action: action, deadline: deadline))
    }

    private func cveTokens(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == ";" || $0.isWhitespace }.map(String.init)
    }

    /// `2026-11-30`, `30/11/2026` (the Vietnamese way) or an ISO 8601 date-time → `2026-11-30`.
    public static func day(_ text: String) -> String? {
        let parts: [Int]
        if text.count == 10, text.dropFirst(4).first == "-" {
            parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return checked(year: parts[0], month: parts[1], day: parts[2])
        }
        let slashed = text.split(separator: "/")
        if slashed.count == 3, let d = Int(slashed[0]), let m = Int(slashed[1]), let y = Int(slashed[2]), slashed[2].count == 4 {
            return checked(year: y, month: m, day: d)
        }
        if text.count > 10, let date = ISO8601.parse(text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return checked(year: c.year!, month: c.month!, day: c.day!)
        }
        return nil
    }

    private static func checked(year: Int, month: Int, day: Int) -> String? {
        guard (1990...2999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= days[month - 1] else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The products box of the form: one product a line, `vendor | product | versions | aliases`
    /// (aliases separated by commas); a line with one field is a product alone.
    public static func products(fromLines text: String) -> [Product] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.contains(where: { !$0.isEmpty }) else { return nil }
            if fields.count == 1 { return Product(product: fields[0]) }
            return Product(vendor: fields[0], product: fields[1], versions: fields.count > 2 ? fields[2] : "",
                           aliases: fields.count > 3 ? aliasList(fields[3...].joined(separator: ",")) : [])
        }
    }

    public static func lines(of products: [AffectedProduct]) -> String {
        products.map { product in
            [product.vendor, product.product, product.versions.affectsEveryVersion ? "*" : product.versions.description,
             product.aliases.joined(separator: ", ")].joined(separator: " | ")
        }.joined(separator: "\n")
    }

    public static func aliasList(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == ";" }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
