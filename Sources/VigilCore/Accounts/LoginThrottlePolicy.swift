import Foundation

/// When repeated failed logins lock an account or an address out for a while.
/// Counting happens in the database (so that every Vigil process shares it); this decides.
public struct LoginThrottlePolicy: Sendable {
    public var window: TimeInterval
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int

    public init(window: TimeInterval = 15 * 60, maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20) {
        self.window = window
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    public enum Decision: Equatable, Sendable {
        case allow
        /// Refuse until this moment, without even checking the password.
        case refuse(until: Date)
    }

    /// - Parameters:
    ///   - accountFailures: times of failures for this account inside the window, oldest first.
    ///   - addressFailures: times of failures from this address inside the window, oldest first.
    public func decide(accountFailures: [Date], addressFailures: [Date], now: Date) -> Decision {
        let since = now.addingTimeInterval(-window)
        let account = accountFailures.filter { $0 > since }
        let address = addressFailures.filter { $0 > since }
        var until: Date?
        if account.count >= maxFailuresPerAccount, let oldest = account.suffix(maxFailuresPerAccount).first {
            until = oldest.addingTimeInterval(window)
        }
        if address.count >= maxFailuresPerAddress, let oldest = address.suffix(maxFailuresPerAddress).first {
            let addressUntil = oldest.addingTimeInterval(window)
            until = max(until ?? addressUntil, addressUntil)
        }
        if let until, until > now { return .refuse(until: until) }
        return .allow
    }
}
