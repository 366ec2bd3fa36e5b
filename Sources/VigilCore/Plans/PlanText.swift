/// A piece of a plan's generated text. The core says what is to be said; the server finds the
/// words in its localization tables, in each language, so that the plan's words are the UI's.
public indirect enum PlanText: Equatable, Sendable {
    /// A localization key and its arguments, each itself a piece of text.
    case key(String, [PlanText])
    /// Words as they are in both languages (a system's name, a supplier's services).
    case verbatim(String)
    /// Words that carry their own translations (a playbook's steps).
    case localized(LocalizedText)

    /// A key whose arguments are words as they are.
    public static func phrase(_ key: String, _ arguments: String...) -> PlanText {
        .key(key, arguments.map(PlanText.verbatim))
    }
}

/// One line of a generated section.
public enum PlanLine: Equatable, Sendable {
    case heading(PlanText)
    case paragraph(PlanText)
    case item(PlanText)

    public var text: PlanText {
        switch self {
        case .heading(let text), .paragraph(let text), .item(let text): text
        }
    }
}

/// A generated section before its words are looked up.
public struct PlanSectionDraft: Equatable, Sendable {
    public let kind: PlanSectionKind
    public let lines: [PlanLine]

    public init(kind: PlanSectionKind, lines: [PlanLine]) {
        self.kind = kind
        self.lines = lines
    }
}
