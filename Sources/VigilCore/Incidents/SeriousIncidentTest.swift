/// The impacts of Decision 05/2017/QĐ-TTg's "serious incident" definition.
public enum SeriousImpact: String, CaseIterable, Codable, Sendable {
    case serviceInterruption = "service_interruption"
    case secretDisclosure = "secret_disclosure"
    case integrityLossUnrecoverable = "integrity_loss_unrecoverable"
    case lossOfControl = "loss_of_control"
    case maySpread = "may_spread"
}

/// Decision 05/2017/QĐ-TTg: an incident is serious when (1) the system is of security level 4 or
/// 5, or a national critical information system, and suffers one of the listed impacts, and (2)
/// its owner cannot control or handle it alone.
public struct SeriousIncidentRule: Codable, Equatable, Sendable {
    /// Levels at which the test applies (4 and 5 by the Decision).
    public var levels: Set<Int>
    public var source: LegalSource

    public static let decision05of2017 = SeriousIncidentRule(
        levels: [4, 5],
        source: LegalSource(reference: "Quyết định 05/2017/QĐ-TTg, Điều 3 (sự cố nghiêm trọng)", effectiveFrom: "2017-03-16"))

    public init(levels: Set<Int>, source: LegalSource) {
        self.levels = levels
        self.source = source
    }

    public struct Outcome: Equatable, Sendable {
        public let serious: Bool
        public let reasons: [Explanation]
    }

    public func evaluate(securityLevel: Int?, nationalCritical: Bool, impacts: Set<SeriousImpact>, beyondCapacity: Bool) -> Outcome {
        var reasons: [Explanation] = []
        let levelQualifies = nationalCritical || securityLevel.map(levels.contains) == true
        if nationalCritical {
            reasons.append(Explanation("serious.system_national_critical"))
        } else if let securityLevel {
            reasons.append(Explanation(levelQualifies ? "serious.level_qualifies" : "serious.level_below", [String(securityLevel)]))
        } else {
            reasons.append(Explanation("serious.level_unknown"))
        }
        let impactQualifies = !impacts.isEmpty
        if impactQualifies {
            reasons.append(Explanation("serious.impacts_present", [impacts.map(\.rawValue).sorted().joined(separator: ", ")]))
        } else {
            reasons.append(Explanation("serious.no_listed_impact"))
        }
        reasons.append(Explanation(beyondCapacity ? "serious.beyond_capacity" : "serious.within_capacity"))
        let serious = levelQualifies && impactQualifies && beyondCapacity
        reasons.append(Explanation(serious ? "serious.verdict_serious" : "serious.verdict_not_serious"))
        return Outcome(serious: serious, reasons: reasons)
    }
}

/// Where a rule comes from: the legal text and the date from which it applies. Every default rule
/// cites one, so that an administrator can see what to update when the law changes.
public struct LegalSource: Codable, Equatable, Sendable {
    public var reference: String
    /// ISO date (yyyy-MM-dd).
    public var effectiveFrom: String

    public init(reference: String, effectiveFrom: String) {
        self.reference = reference
        self.effectiveFrom = effectiveFrom
    }
}

/// One sentence of an explanation: a localization key and its arguments. The core decides what to
/// say; the server says it in the user's language.
public struct Explanation: Codable, Equatable, Sendable {
    public let key: String
    public let arguments: [String]

    public init(_ key: String, _ arguments: [String] = []) {
        self.key = key
        self.arguments = arguments
    }
}
