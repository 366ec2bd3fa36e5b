import Fluent
import Foundation
import VigilCore

/// The only place that reads and writes API tokens.
struct ApiTokenStore: Sendable {
    static let tokenPrefix = "vgl_"
    let settings: SettingsStore

    struct Issued: Sendable {
        let token: String
        let record: ApiTokenRecord
    }

    func issue(userID: UUID, name: String, expiresInDays: Int?, on db: any Database, now: Date) async throws -> Issued {
        let token = Self.tokenPrefix + Secrets.randomToken()
        let record = ApiTokenRecord(
            userID: userID, name: name, tokenHash: Secrets.sha256Hex(token), prefix: String(token.prefix(10)),
            expiresAt: expiresInDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) })
        try await record.create(on: db)
        return Issued(token: token, record: record)
    }

    func authenticate(token: String, on db: any Database, now: Date) async throws -> CurrentUser? {
        guard token.hasPrefix(Self.tokenPrefix), token.count <= 128,
              let record = try await ApiTokenRecord.query(on: db)
                .filter(\.$tokenHash == Secrets.sha256Hex(token))
                .with(\.$user, { $0.with(\.$organisation) })
                .first(),
              record.isUsable(at: now), record.user.disabledAt == nil
        else { return nil }
        if record.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = now
            try await record.update(on: db)
        }
        return try CurrentUser(
            user: record.user, organisation: record.user.organisation,
            channel: .apiToken(id: try record.requireID()), requireTOTPForAll: false)
    }

    func list(userID: UUID, on db: any Database) async throws -> [ApiTokenRecord] {
        try await ApiTokenRecord.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
    }

    func find(id: UUID, userID: UUID, on db: any Database) async throws -> ApiTokenRecord? {
        try await ApiTokenRecord.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first()
    }
}
