import Foundation

/// How long a confirmation holds and how long a person has to answer a check.
public struct ReachabilityPolicy: Sendable, Equatable {
    /// A focal point not confirmed for this long is stale (an administrator's setting; 90 days by default).
    public var staleAfterDays: Int
    /// A check not answered within this is flagged: the person could not be reached.
    public var answerWithin: TimeInterval
    /// How long the e-mailed link works. Longer than `answerWithin`, so that a late answer still
    /// clears the flag rather than needing a new check.
    public var linkLifetime: TimeInterval
    /// The periodic job sends another check to someone who did not answer the last one after this.
    public var resendAfter: TimeInterval

    public static let defaultStaleAfterDays = 90
    public static let staleAfterDaysRange = 7...730

    public init(staleAfterDays: Int = ReachabilityPolicy.defaultStaleAfterDays, answerWithin: TimeInterval = 48 * 3600,
                linkLifetime: TimeInterval = 7 * 86_400, resendAfter: TimeInterval = 7 * 86_400) {
        self.staleAfterDays = staleAfterDays
        self.answerWithin = answerWithin
        self.linkLifetime = linkLifetime
        self.resendAfter = resendAfter
    }

    /// Whether a confirmation at `confirmedAt` is older than the setting.
    public func isStale(confirmedAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(confirmedAt) > Double(staleAfterDays) * 86_400
    }

    /// Whether the last check, sent at `checkSentAt`, went unanswered for too long.
    public func isUnreachable(confirmedAt: Date?, checkSentAt: Date?, now: Date) -> Bool {
        guard let checkSentAt else { return false }
        if let confirmedAt, confirmedAt >= checkSentAt { return false }
        return now.timeIntervalSince(checkSentAt) > answerWithin
    }

    /// Whether the periodic job should e-mail a check now: never confirmed or stale, and no check
    /// sent recently.
    public func needsCheck(confirmedAt: Date?, checkSentAt: Date?, now: Date) -> Bool {
        if let confirmedAt, !isStale(confirmedAt: confirmedAt, now: now) { return false }
        guard let checkSentAt else { return true }
        return now.timeIntervalSince(checkSentAt) > resendAfter
    }
}

/// An agency's focal point and deputy as the rule sees them.
public struct NamedContact: Sendable, Equatable {
    public var confirmedAt: Date?
    public var checkSentAt: Date?
    public var availability: ContactAvailability

    public init(confirmedAt: Date?, checkSentAt: Date?, availability: ContactAvailability) {
        self.confirmedAt = confirmedAt
        self.checkSentAt = checkSentAt
        self.availability = availability
    }
}

/// What is wrong with an agency's focal point and deputy: stable codes, for the API, the pages and
/// the coordinator's list.
public enum FocalPointProblem: String, CaseIterable, Codable, Sendable {
    case missingFocalPoint = "missing_focal_point"
    case missingDeputy = "missing_deputy"
    /// The focal point never confirmed reachability.
    case unconfirmed
    /// The focal point's last confirmation is older than the setting.
    case stale
    /// The focal point did not answer the last check in time.
    case unreachable
    /// The directive asks for a focal point reachable at any hour.
    case notAlwaysAvailable = "not_24x7"
    case deputyUnconfirmed = "deputy_unconfirmed"
    case deputyStale = "deputy_stale"
    case deputyUnreachable = "deputy_unreachable"
}

public enum FocalPointRule {
    /// The problems, in a fixed order (the focal point's first).
    public static func problems(focalPoint: NamedContact?, deputy: NamedContact?, policy: ReachabilityPolicy, now: Date) -> [FocalPointProblem] {
        var problems: [FocalPointProblem] = []
        if let focalPoint {
            problems += personal(focalPoint, policy: policy, now: now, codes: (.unconfirmed, .stale, .unreachable))
            if focalPoint.availability != .always { problems.append(.notAlwaysAvailable) }
        } else {
            problems.append(.missingFocalPoint)
        }
        if let deputy {
            problems += personal(deputy, policy: policy, now: now, codes: (.deputyUnconfirmed, .deputyStale, .deputyUnreachable))
        } else {
            problems.append(.missingDeputy)
        }
        return problems
    }

    private static func personal(_ person: NamedContact, policy: ReachabilityPolicy, now: Date,
                                 codes: (unconfirmed: FocalPointProblem, stale: FocalPointProblem, unreachable: FocalPointProblem)) -> [FocalPointProblem] {
        // Unreachable says more than stale or unconfirmed: a check went out and nobody answered.
        if policy.isUnreachable(confirmedAt: person.confirmedAt, checkSentAt: person.checkSentAt, now: now) { return [codes.unreachable] }
        guard let confirmedAt = person.confirmedAt else { return [codes.unconfirmed] }
        return policy.isStale(confirmedAt: confirmedAt, now: now) ? [codes.stale] : []
    }
}
