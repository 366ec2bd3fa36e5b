import Fluent
import Foundation
import VigilCore

/// The only place that reads and writes browser sessions.
struct SessionStore: Sendable {
    let idleTimeout: TimeInterval
    let absoluteTimeout: TimeInterval
    let settings: SettingsStore

    enum Resumed {
        case active(CurrentUser)
        case awaitingSecondFactor(UserSessionRecord)
        case expired
        case unknown
    }

    /// Starts a session; returns the cookie value (only its hash is stored).
    func start(userID: UUID, stage: UserSessionRecord.Stage, address: String?, userAgent: String?,
               on db: any Database, now: Date) async throws -> (token: String, session: UserSessionRecord) {
        let token = Secrets.randomToken()
        let session = UserSessionRecord(
            userID: userID, tokenHash: Secrets.sha256Hex(token), csrfToken: Secrets.randomToken(bytes: 24),
            stage: stage, now: now, expiresAt: now.addingTimeInterval(absoluteTimeout), address: address,
            userAgent: userAgent)
        try await session.create(on: db)
        return (token, session)
    }

    func resume(token: String, on db: any Database, now: Date) async throws -> Resumed {
        guard token.count <= 128,
              let session = try await UserSessionRecord.query(on: db)
                .filter(\.$tokenHash == Secrets.sha256Hex(token))
                .with(\.$user, { $0.with(\.$organisation) })
                .first()
        else { return .unknown }
        let user = session.user
        if session.expiresAt <= now || session.lastSeenAt.addingTimeInterval(idleTimeout) <= now || user.disabledAt != nil {
            try await session.delete(on: db)
            return .expired
        }
        if session.stage == .awaitingSecondFactor {
            // The second step must follow soon after the password.
            if session.createdAt.addingTimeInterval(10 * 60) <= now {
                try await session.delete(on: db)
                return .expired
            }
            return .awaitingSecondFactor(session)
        }
        // Refresh the idle clock at most once a minute, to keep reads from becoming writes.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.update(on: db)
        }
        let requireAll = try await settings.requireTwoFactorForAll(on: db)
        return .active(try CurrentUser(
            user: user, organisation: user.organisation,
            channel: .session(id: try session.requireID(), csrfToken: session.csrfToken, stage: session.stage),
            requireTOTPForAll: requireAll))
    }

    func end(sessionID: UUID, on db: any Database) async throws {
        try await UserSessionRecord.query(on: db).filter(\.$id == sessionID).delete()
    }

    /// Ends every session of a user but one: after a password change or a reset.
    func endAll(userID: UUID, except keep: UUID? = nil, on db: any Database) async throws {
        var query = UserSessionRecord.query(on: db).filter(\.$user.$id == userID)
        if let keep { query = query.filter(\.$id != keep) }
        try await query.delete()
    }

    /// The user's signed-in sessions that have not expired, the most recent first.
    func active(userID: UUID, on db: any Database, now: Date) async throws -> [UserSessionRecord] {
        try await UserSessionRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$stage == .active)
            .filter(\.$expiresAt > now).filter(\.$lastSeenAt > now.addingTimeInterval(-idleTimeout))
            .sort(\.$lastSeenAt, .descending).limit(50).all()
    }

    func count(userID: UUID, on db: any Database) async throws -> Int {
        try await UserSessionRecord.query(on: db).filter(\.$user.$id == userID).count()
    }

    func purgeExpired(on db: any Database, now: Date) async throws {
        try await UserSessionRecord.query(on: db).group(.or) {
            $0.filter(\.$expiresAt <= now).filter(\.$lastSeenAt <= now.addingTimeInterval(-idleTimeout))
        }.delete()
    }
}
