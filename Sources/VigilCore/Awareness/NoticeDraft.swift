import Foundation

/// A staff notice as the focal point writes it, before it is issued: its text in both languages
/// (the default is generated, then edited), and the focal point's name and phone, which every
/// reader needs to report an incident (the seed: "báo cáo sự cố về Văn phòng, ông … - 0904…").
public struct NoticeDraft: Equatable, Sendable {
    public static let maxTextLength = 8000
    public static let maxNameLength = 200

    public var textVi: String
    public var textEn: String
    public var focalPointName: String
    public var focalPointPhone: String

    public init(textVi: String, textEn: String, focalPointName: String, focalPointPhone: String) {
        self.textVi = textVi
        self.textEn = textEn
        self.focalPointName = focalPointName
        self.focalPointPhone = focalPointPhone
    }

    /// The draft with its fields trimmed and checked; every problem is returned, in field order.
    public func validated() -> Result<NoticeDraft, AwarenessProblems> {
        var problems: [AwarenessProblem] = []
        func text(_ raw: String, _ field: String, maximum: Int, lines: Bool) -> String {
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
            if value.isEmpty {
                problems.append(.required(field: field))
            } else if value.count > maximum {
                problems.append(.tooLong(field: field, maximum: maximum))
            } else if value.unicodeScalars.contains(where: { Self.isControl($0, allowingLineBreaks: lines) }) {
                problems.append(.controlCharacters(field: field))
            }
            return value
        }
        let textVi = text(self.textVi, "textVi", maximum: Self.maxTextLength, lines: true)
        let textEn = text(self.textEn, "textEn", maximum: Self.maxTextLength, lines: true)
        let name = text(focalPointName, "focalPointName", maximum: Self.maxNameLength, lines: false)
        let phone = focalPointPhone.trimmingCharacters(in: .whitespacesAndNewlines)
        if phone.isEmpty {
            problems.append(.required(field: "focalPointPhone"))
        } else if !PhoneNumber.isValid(phone) {
            problems.append(.phone(field: "focalPointPhone"))
        }
        guard problems.isEmpty else { return .failure(AwarenessProblems(all: problems)) }
        return .success(NoticeDraft(textVi: textVi, textEn: textEn, focalPointName: name, focalPointPhone: phone))
    }

    private static func isControl(_ scalar: Unicode.Scalar, allowingLineBreaks: Bool) -> Bool {
        if allowingLineBreaks && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
        return CharacterSet.controlCharacters.contains(scalar)
    }

    /// The SHA-256 of what was issued (version, texts, focal point, audience), kept with the
    /// notice so that a later change of its row shows.
    public func digest(version: Int, audience: NoticeAudience) -> String {
        let canonical = [String(version), audience.kind.rawValue, audience.storedPaths, textVi, textEn, focalPointName, focalPointPhone]
            .map { "\($0.utf8.count):\($0)" }.joined(separator: "\n")
        return Secrets.sha256Hex(canonical)
    }
}

/// Every problem of a draft (a `Result`'s failure is one error).
public struct AwarenessProblems: Error, Equatable, Sendable {
    public let all: [AwarenessProblem]
}
