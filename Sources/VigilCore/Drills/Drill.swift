import Foundation

/// Where a drill stands: planned, then running (its first inject or action, or started by hand),
/// then completed. Only a completed drill counts towards the yearly obligation.
public enum DrillStatus: String, CaseIterable, Codable, Sendable {
    case planned, running, completed

    /// The next status, the only move allowed: a drill is not reopened, so the obligation's dates stay true.
    public var next: DrillStatus? {
        switch self {
        case .planned: .running
        case .running: .completed
        case .completed: nil
        }
    }

    /// Whether an event of `kind` may be recorded now: injects and actions happen while the drill
    /// runs (the first one starts a planned drill); findings and lessons are also written after it.
    public func accepts(_ kind: DrillEventKind) -> Bool {
        switch kind {
        case .inject, .action: self != .completed
        case .finding, .lesson: true
        }
    }
}

/// One line of a drill's timeline.
public enum DrillEventKind: String, CaseIterable, Codable, Sendable {
    /// What the exercise control feeds in ("the portal's home page shows a foreign banner").
    case inject
    /// What a participant did in answer.
    case action
    /// Something that did not work as it should: it becomes a task with an owner and a due date.
    case finding
    /// What to keep or change next time.
    case lesson
}

/// Who organised a drill: the agency itself, its superior, or a named organisation (the provincial
/// department, the national coordinating body).
public enum DrillOrganiser: Equatable, Sendable {
    case own
    case superior
    case named(String)

    public static let maxLength = 200

    /// `self`, `superior` or an organisation's name; empty means the agency itself.
    public init?(_ raw: String?) {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch text {
        case "", "self": self = .own
        case "superior": self = .superior
        default:
            guard text.count <= Self.maxLength, !text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else { return nil }
            self = .named(text)
        }
    }

    public var stored: String {
        switch self {
        case .own: "self"
        case .superior: "superior"
        case .named(let name): name
        }
    }
}

/// The limits of a drill's free text, checked by the server before anything is stored.
public enum DrillLimits {
    public static let title = 200
    public static let text = 4000
    public static let systems = 50
    public static let participants = 100
}
