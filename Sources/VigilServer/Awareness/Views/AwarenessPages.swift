import Foundation

/// The view models `AwarenessPageController` and `AwarenessLinkController` render (templates in
/// Resources/Views/awareness); they never query.
enum AwarenessPages {
    /// `/awareness`: the notices addressed to me, and those a focal point issued.
    struct Index: Encodable, Sendable {
        struct Mine: Encodable, Sendable {
            let id: String
            let organisation: String
            let version: Int
            let issuedAt: String
            let acknowledgedAt: String?
        }

        struct Issued: Encodable, Sendable {
            let id: String
            let organisation: String
            let version: Int
            let issuedAt: String
            let issuedBy: String
            let audience: String
        }

        let mine: [Mine]
        let issued: [Issued]
        let canIssue: Bool
        var hasMine: Bool { !mine.isEmpty }
        var hasIssued: Bool { !issued.isEmpty }

        enum CodingKeys: String, CodingKey { case mine, issued, canIssue, hasMine, hasIssued }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(mine, forKey: .mine)
            try container.encode(issued, forKey: .issued)
            try container.encode(canIssue, forKey: .canIssue)
            try container.encode(hasMine, forKey: .hasMine)
            try container.encode(hasIssued, forKey: .hasIssued)
        }
    }

    /// The new notice's form, filled with the default text.
    struct Form: Encodable, Sendable {
        let form: FormState
        let units: [SelectOption]
        let organisation: String
        /// The focal point is not known from the accounts: the form says where the name came from.
        let focalPointKnown: Bool
    }

    /// The notice's text as one reader sees it.
    struct Notice: Encodable, Sendable {
        let id: String
        let organisation: String
        let version: Int
        let issuedAt: String
        let issuedBy: String
        let audience: String
        let text: String
        let otherText: String
        let otherLanguage: String
        let focalPointLine: String
        let digest: String
    }

    /// Who has and has not acknowledged, per unit (the focal point's view).
    struct Status: Encodable, Sendable {
        struct Person: Encodable, Sendable {
            let name: String
            let detail: String
        }

        struct Unit: Encodable, Sendable {
            let name: String
            let total: Int
            let acknowledged: Int
            let percent: Int
            let acknowledgedBy: [Person]
            let pending: [Person]
        }

        let total: Int
        let acknowledged: Int
        let pending: Int
        let percent: Int
        let chart: String
        let units: [Unit]
    }

    /// `/awareness/:noticeID`.
    struct Show: Encodable, Sendable {
        let notice: Notice
        let addressed: Bool
        let acknowledgedAt: String?
        let status: Status?
    }

    /// The page after sign-in: the first notice still to acknowledge.
    struct Pending: Encodable, Sendable {
        let notice: Notice
        let next: String
        /// How many notices are waiting, this one included.
        let count: Int
    }

    /// The e-mail's link: the notice and its button, or what became of it.
    struct Confirm: Encodable, Sendable {
        enum State: String, Encodable, Sendable { case ask, done, invalid }
        let state: State
        let name: String
        let notice: Notice?
        let action: String
    }
}
