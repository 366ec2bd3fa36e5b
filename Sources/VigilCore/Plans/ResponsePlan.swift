import Crypto
import Foundation

/// The sections of a response plan (phương án ứng cứu sự cố), in the order of the seed's contents:
/// the system, how severity is judged, how cause and origin are found, the response per scenario,
/// who is called, and what the system is restored from.
public enum PlanSectionKind: String, CaseIterable, Codable, Sendable {
    case system
    case severity
    case causes
    case playbooks
    case contacts
    case recovery
}

/// Where a plan is in its life: a draft the focal point edits, the approved version in force, or an
/// approved version a later approval replaced (kept, readable, never changed).
public enum PlanStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case approved
    case superseded
}

/// One section's text in both UI languages, in the plan's markup (`PlanMarkup`).
public struct PlanSection: Codable, Equatable, Sendable {
    public var kind: PlanSectionKind
    public var text: LocalizedText

    public init(kind: PlanSectionKind, text: LocalizedText) {
        self.kind = kind
        self.text = text
    }

    /// The most a section's text may hold in one language.
    public static let maxLength = 50_000
}

/// What a plan version says and what it was made from: the text that is frozen on approval and
/// whose SHA-256 is kept, so that a stored version can be shown to be the one approved.
public struct PlanContent: Codable, Equatable, Sendable {
    public var systemID: String
    public var version: Int
    public var sections: [PlanSection]
    /// The version of each included scenario's playbook (scenario code → version): a newer version
    /// makes the plan due for review.
    public var playbooks: [String: Int]

    public init(systemID: String, version: Int, sections: [PlanSection], playbooks: [String: Int]) {
        self.systemID = systemID
        self.version = version
        self.sections = sections
        self.playbooks = playbooks
    }

    /// The canonical form: JSON with sorted keys, no escaped slashes, the sections in their order.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The lower-case hex SHA-256 of the canonical form.
    public func sha256() throws -> String {
        SHA256.hash(data: try canonicalJSON()).map { String(format: "%02x", $0) }.joined()
    }

    public func section(_ kind: PlanSectionKind) -> PlanSection? {
        sections.first { $0.kind == kind }
    }
}

/// The plan's markup, one block a line: `## text` a heading, `- text` a list item, any other line
/// a paragraph; blank lines are skipped. Small on purpose: the focal point edits it in a text box,
/// and the print page and the DOCX are built from the same blocks.
public enum PlanMarkup {
    public static func blocks(_ text: String) -> [DocumentBlock] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: true).compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { return nil }
            if line.hasPrefix("## ") { return .heading(String(line.dropFirst(3))) }
            if line.hasPrefix("- ") { return .listItem(String(line.dropFirst(2))) }
            return .paragraph(line)
        }
    }

    /// A line of generated text: a heading, an item or a paragraph, its words on one line.
    public static func line(_ line: PlanLine, words: String) -> String {
        let flat = words.split(whereSeparator: \.isNewline).joined(separator: " ")
        switch line {
        case .heading: return "## " + flat
        case .item: return "- " + flat
        case .paragraph: return flat
        }
    }
}
