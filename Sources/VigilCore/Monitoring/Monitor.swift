import Foundation

/// What a monitor watches.
public enum MonitorKind: String, CaseIterable, Codable, Sendable {
    /// A web page: status code, response time, a keyword, and optionally defacement.
    case http
    /// A port answers.
    case tcp
    /// A name resolves (optionally to expected addresses).
    case dns
    /// A certificate: expiry, host name, chain.
    case tls
}

/// A monitor's state, as the API and the pages show it.
public enum MonitorStatus: String, CaseIterable, Codable, Sendable {
    /// Not checked yet, or a problem not yet confirmed on a new monitor.
    case pending
    case up
    case down
    case defaced
    /// Up, but something needs attention soon (a certificate about to expire).
    case warning
}

/// The outcome of one check.
public struct CheckOutcome: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        case ok, warning, down, defaced
    }

    public var verdict: Verdict
    /// Why, as a code (`timeout`, `status_code`, `keyword_missing`, `certificate_expires`…); nil when ok.
    public var code: String?
    /// The evidence (a status code, an address, the days left), data not prose.
    public var detail: String
    public var responseMillis: Int?
    public var httpStatus: Int?
    /// A certificate's end of validity, for `tls` monitors (and `http` ones on https).
    public var certificateExpiresAt: Date?

    public init(verdict: Verdict, code: String? = nil, detail: String = "", responseMillis: Int? = nil, httpStatus: Int? = nil,
                certificateExpiresAt: Date? = nil) {
        self.verdict = verdict
        self.code = code
        self.detail = detail
        self.responseMillis = responseMillis
        self.httpStatus = httpStatus
        self.certificateExpiresAt = certificateExpiresAt
    }

    public static func ok(millis: Int?, httpStatus: Int? = nil) -> CheckOutcome {
        CheckOutcome(verdict: .ok, responseMillis: millis, httpStatus: httpStatus)
    }

    public static func down(_ code: String, _ detail: String = "", millis: Int? = nil, httpStatus: Int? = nil) -> CheckOutcome {
        CheckOutcome(verdict: .down, code: code, detail: detail, responseMillis: millis, httpStatus: httpStatus)
    }
}

/// How many failing checks in a row confirm a problem, so that one blip is not an incident.
public struct RetryPolicy: Sendable, Equatable, Codable {
    public var confirmAfter: Int

    public init(confirmAfter: Int = 2) {
        self.confirmAfter = max(1, min(10, confirmAfter))
    }
}

/// What a monitor remembers between checks, and what a new outcome does to it.
public struct MonitorState: Sendable, Equatable {
    public var status: MonitorStatus
    /// Problem checks in a row (not yet confirmed, or since confirmation).
    public var failures: Int

    public init(status: MonitorStatus = .pending, failures: Int = 0) {
        self.status = status
        self.failures = failures
    }

    /// What changed, for the incident and the notifications.
    public enum Transition: Equatable, Sendable {
        /// A problem confirmed by the retry policy: down or defaced (opens or continues an incident).
        case problem(MonitorStatus)
        /// Up again after a confirmed problem.
        case recovered
        /// A warning began (a certificate about to expire): tell the focal point.
        case warned
        /// From warning back to plain up.
        case cleared
    }

    /// Applies an outcome; returns the transition it made, if any.
    public mutating func apply(_ outcome: CheckOutcome, policy: RetryPolicy) -> Transition? {
        switch outcome.verdict {
        case .ok, .warning:
            failures = 0
            let next: MonitorStatus = outcome.verdict == .ok ? .up : .warning
            let previous = status
            status = next
            if previous == .down || previous == .defaced { return .recovered }
            if next == .warning && previous != .warning { return .warned }
            if next == .up && previous == .warning { return .cleared }
            return nil
        case .down, .defaced:
            failures += 1
            let problem: MonitorStatus = outcome.verdict == .down ? .down : .defaced
            guard failures >= policy.confirmAfter else { return nil }
            guard status != problem else { return nil }
            status = problem
            return .problem(problem)
        }
    }
}

/// The certificate rule: alert (an incident) when expired or not for this host; warn within
/// `warnDays` (more urgently within `alertDays`), and when the chain does not lead to a root the
/// server knows (a warning, not an incident: Vietnamese government certificates chain to a
/// national root that system bundles may not carry).
public struct CertificatePolicy: Sendable, Equatable, Codable {
    public var warnDays: Int
    public var alertDays: Int

    public init(warnDays: Int = 30, alertDays: Int = 7) {
        self.warnDays = warnDays
        self.alertDays = alertDays
    }

    public func outcome(expiresAt: Date, hostnameMatches: Bool, chainTrusted: Bool, now: Date, millis: Int?) -> CheckOutcome {
        let days = Int((expiresAt.timeIntervalSince(now) / 86_400).rounded(.down))
        var outcome: CheckOutcome
        if expiresAt <= now {
            outcome = .down("certificate_expired", String(Int(expiresAt.timeIntervalSince1970)), millis: millis)
        } else if !hostnameMatches {
            outcome = .down("certificate_hostname", "", millis: millis)
        } else if days < alertDays {
            outcome = CheckOutcome(verdict: .warning, code: "certificate_expires_soon", detail: String(days), responseMillis: millis)
        } else if days < warnDays {
            outcome = CheckOutcome(verdict: .warning, code: "certificate_expires", detail: String(days), responseMillis: millis)
        } else if !chainTrusted {
            outcome = CheckOutcome(verdict: .warning, code: "certificate_untrusted", detail: "", responseMillis: millis)
        } else {
            outcome = .ok(millis: millis)
        }
        outcome.certificateExpiresAt = expiresAt
        return outcome
    }
}

/// Uptime over a window from hourly counters.
public enum Uptime {
    /// The share of checks that were not problems, nil when there were none.
    public static func percent(checks: Int, failures: Int) -> Double? {
        guard checks > 0 else { return nil }
        return Double(checks - min(failures, checks)) / Double(checks) * 100
    }
}
