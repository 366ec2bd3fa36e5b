import Fluent
import Foundation
import VigilCore

/// Records login attempts and asks `LoginThrottlePolicy` whether to refuse the next one.
struct LoginThrottle: Sendable {
    let policy: LoginThrottlePolicy

    func check(email: String, address: String, on db: any Database, now: Date) async throws -> LoginThrottlePolicy.Decision {
        let since = now.addingTimeInterval(-policy.window)
        let accountFailures = try await LoginAttemptRecord.query(on: db)
            .filter(\.$email == email.lowercased()).filter(\.$succeeded == false).filter(\.$at > since)
            .sort(\.$at).all().map(\.at)
        let addressFailures = try await LoginAttemptRecord.query(on: db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$at > since)
            .sort(\.$at).all().map(\.at)
        return policy.decide(accountFailures: accountFailures, addressFailures: addressFailures, now: now)
    }

    /// Records an attempt; answers true when this failure is the one that locks the account (its
    /// owner is then told).
    @discardableResult
    func record(email: String, address: String, succeeded: Bool, on db: any Database, now: Date) async throws -> Bool {
        try await LoginAttemptRecord(email: String(email.prefix(254)), address: address, succeeded: succeeded, at: now).create(on: db)
        if succeeded {
            // A successful login clears the account's failures: the owner is back in control.
            try await LoginAttemptRecord.query(on: db)
                .filter(\.$email == email.lowercased()).filter(\.$succeeded == false).delete()
            return false
        }
        let failures = try await LoginAttemptRecord.query(on: db)
            .filter(\.$email == email.lowercased()).filter(\.$succeeded == false).filter(\.$at > now.addingTimeInterval(-policy.window))
            .count()
        return failures == policy.maxFailuresPerAccount
    }

    func purge(before: Date, on db: any Database) async throws {
        try await LoginAttemptRecord.query(on: db).filter(\.$at < before).delete()
    }
}
