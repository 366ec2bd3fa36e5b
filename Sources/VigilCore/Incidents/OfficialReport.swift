import Foundation

/// The official reports an incident produces (Circular 20/2017 Art. 9, Decision 05/2017 Art. 11).
public enum ReportKind: String, CaseIterable, Codable, Sendable {
    case notification
    case initial
    case situation
    case final

    public var labelKey: String { "report.kind.\(rawValue)" }
}

/// A report template: plain text that an administrator edits.
///
/// Each line is one block:
/// - `# text`: the title; `## text`: a section heading; `^ text`: a centred line (the national
///   motto, the place and date);
/// - `- text`: a list item; a line that is only `{{timeline}}`, `{{indicators}}`, `{{tasks}}` or
///   `{{evidence}}`: that table; any other line: a paragraph;
/// - `{{name}}` anywhere is replaced with the incident's value (see `ReportTemplate.fields`).
/// A hand-written format rather than Markdown or Leaf: the only Markdown library on the list (Ink)
/// renders HTML, while the DOCX needs the blocks themselves, and Leaf would let an administrator run
/// template logic.
public struct ReportTemplate: Codable, Equatable, Sendable {
    public var kind: ReportKind
    public var body: String
    public var source: LegalSource

    public init(kind: ReportKind, body: String, source: LegalSource) {
        self.kind = kind
        self.body = body
        self.source = source
    }

    /// Every inline field a template may use.
    public static let fields: [String] = [
        "reference", "title", "description", "organisation", "organisation_code", "reporter",
        "reporter_contact", "system", "security_level", "discovered_at", "occurred_at", "reported_at",
        "cause_group", "scenario", "severity", "severity_explanation", "serious", "beyond_capacity",
        "status", "assignee", "notification_deadline", "notified_at", "closed_at", "lessons_learned",
        "recipients", "issued_at", "issued_by", "today",
    ]
    /// Fields that stand alone on a line and become a table.
    public static let tableFields: [String] = ["timeline", "indicators", "tasks", "evidence"]

    public static let maxBodyLength = 20_000

    public enum Problem: Error, Equatable, Sendable {
        case empty
        case tooLong
        case unknownField(String)
        case tableNotAlone(String)
        case noTitle
    }

    /// The template's problems, first one first; nil when it can be used.
    public static func validate(_ body: String) -> Problem? {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .empty }
        if body.count > maxBodyLength { return .tooLong }
        var hasTitle = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("# ") { hasTitle = true }
            for name in placeholders(in: text) {
                if tableFields.contains(name) {
                    if !isTableLine(text) { return .tableNotAlone(name) }
                } else if !fields.contains(name) {
                    return .unknownField(name)
                }
            }
        }
        return hasTitle ? nil : .noTitle
    }

    static func isTableLine(_ text: String) -> Bool {
        text.hasPrefix("{{") && text.hasSuffix("}}") && placeholders(in: text).count == 1
    }

    static func placeholders(in line: String) -> [String] {
        var names: [String] = []
        var rest = line[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { break }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// Fills the template with an incident's facts.
    public func render(_ facts: ReportFacts) -> ReportDocument {
        var title = ""
        var blocks: [DocumentBlock] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if Self.isTableLine(text), let name = Self.placeholders(in: text).first, Self.tableFields.contains(name) {
                let table = facts.tables[name] ?? DocumentTable(headers: [], rows: [])
                blocks.append(.table(table))
            } else if text.hasPrefix("## ") {
                blocks.append(.heading(facts.fill(String(text.dropFirst(3)))))
            } else if text.hasPrefix("# ") {
                let filled = facts.fill(String(text.dropFirst(2)))
                if title.isEmpty { title = filled }
                blocks.append(.title(filled))
            } else if text.hasPrefix("^ ") {
                blocks.append(.centred(facts.fill(String(text.dropFirst(2)))))
            } else if text.hasPrefix("- ") {
                blocks.append(.listItem(facts.fill(String(text.dropFirst(2)))))
            } else {
                blocks.append(.paragraph(facts.fill(text)))
            }
        }
        return ReportDocument(kind: kind, title: title, blocks: blocks)
    }
}

/// What a report says about one incident: the inline values and the tables, already in words.
public struct ReportFacts: Sendable, Equatable {
    public var values: [String: String]
    public var tables: [String: DocumentTable]
    /// Shown where a value is missing, so that a blank in the form is visible, not silent.
    public var missing: String

    public init(values: [String: String], tables: [String: DocumentTable], missing: String) {
        self.values = values
        self.tables = tables
        self.missing = missing
    }

    func fill(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { break }
            result += rest[rest.startIndex..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = values[name] ?? ""
            result += value.isEmpty ? missing : value
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}

/// A filled-in report, ready for the HTML page or the DOCX writer.
public struct ReportDocument: Sendable, Equatable {
    public var kind: ReportKind
    public var title: String
    public var blocks: [DocumentBlock]

    public init(kind: ReportKind, title: String, blocks: [DocumentBlock]) {
        self.kind = kind
        self.title = title
        self.blocks = blocks
    }

    /// The words of the report, for search and for tests.
    public var plainText: String { DocumentBlock.plainText(blocks) }
}
