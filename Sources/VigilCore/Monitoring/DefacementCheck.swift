import Foundation

/// What the focal point adjusts per monitor (and the administrator for everyone: extra markers).
public struct DefacementRules: Codable, Sendable, Equatable {
    /// Regular expressions; text they match is left out before comparing (a ticker the defaults
    /// do not recognise, a rotating quotation).
    public var ignoredText: [String]
    /// Domains whose links, scripts and frames are as good as the agency's own.
    public var trustedDomains: [String]
    /// Markers on top of `DefacementVocabulary.markers`.
    public var markers: [String]
    /// From this score a page counts as defaced.
    public var threshold: Double

    public init(ignoredText: [String] = [], trustedDomains: [String] = [], markers: [String] = [], threshold: Double = 0.5) {
        self.ignoredText = ignoredText
        self.trustedDomains = trustedDomains
        self.markers = markers
        self.threshold = threshold
    }
}

public struct DefacementVerdict: Codable, Sendable, Equatable {
    public struct Reason: Codable, Sendable, Equatable {
        /// `marker`, `hidden_links`, `spam_links`, `hidden_text`, `spam_text`, `foreign_script`,
        /// `script_injected`, `redirect`, `hidden_iframe`, `foreign_iframe`, `foreign_form`,
        /// `title_changed`, `default_page`, `content_replaced`, `lookalike_text`, `unreadable` (the page nests deeper than
        /// the reader follows, a place to hide what comes after).
        public let code: String
        /// The evidence, as found in the page (an address, a phrase), not prose.
        public let detail: String
        /// How strongly this alone says "defaced", 0…1.
        public let weight: Double
    }

    public let defaced: Bool
    public let score: Double
    public let reasons: [Reason]

    enum CodingKeys: String, CodingKey { case defaced, score, reasons }

    public init(reasons found: [Reason], threshold: Double) {
        reasons = found.sorted { $0.weight > $1.weight }
        // Independent signals add up: one strong one is enough, two weak ones may be.
        let remaining = found.reduce(1.0) { $0 * (1 - min(1, max(0, $1.weight))) }
        score = ((1 - remaining) * 1000).rounded() / 1000
        defaced = score >= threshold
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaced = try container.decode(Bool.self, forKey: .defaced)
        score = try container.decode(Double.self, forKey: .score)
        reasons = try container.decode([Reason].self, forKey: .reasons)
    }
}

extension DefacementVerdict.Reason {
    enum CodingKeys: String, CodingKey { case code, detail, weight }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        detail = try container.decode(String.self, forKey: .detail)
        weight = try container.decodeIfPresent(Double.self, forKey: .weight) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(detail, forKey: .detail)
    }
}
