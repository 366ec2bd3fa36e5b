import Foundation

/// When a message that could not be sent is tried again: after 1, 5, 15 and 60 minutes, then
/// every 2 hours; a message still unsent a day after it was queued is given up (`failed`, with its
/// last error, for the administrator's outbox page). A dead mail server thus loses nothing for a
/// day, and does not hammer the server meanwhile.
public struct MailRetryPolicy: Sendable, Equatable {
    public var delays: [TimeInterval]
    /// After the listed delays, every this long.
    public var repeatDelay: TimeInterval
    public var giveUpAfter: TimeInterval

    public static let standard = MailRetryPolicy(delays: [60, 300, 900, 3600], repeatDelay: 7200, giveUpAfter: 86_400)

    public init(delays: [TimeInterval], repeatDelay: TimeInterval, giveUpAfter: TimeInterval) {
        self.delays = delays
        self.repeatDelay = repeatDelay
        self.giveUpAfter = giveUpAfter
    }

    public enum Decision: Equatable, Sendable {
        case retry(at: Date)
        case giveUp
    }

    /// After the `attempts`-th failed attempt (1 for the first) of a message queued at `queuedAt`.
    public func afterFailure(attempts: Int, queuedAt: Date, now: Date) -> Decision {
        let delay = attempts >= 1 && attempts <= delays.count ? delays[attempts - 1] : repeatDelay
        let next = now.addingTimeInterval(delay)
        return next.timeIntervalSince(queuedAt) > giveUpAfter ? .giveUp : .retry(at: next)
    }
}
