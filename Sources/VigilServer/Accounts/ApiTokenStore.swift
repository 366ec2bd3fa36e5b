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

    func issue(userID: UUID, name: String, expiresInDays: Int?, scopes: TokenScopes? = nil, on db: any Database, now: Date) async throws -> Issued {
        let token = Self.tokenPrefix + Secrets.randomToken()
        let record = ApiTokenRecord(
            userID: userID, name: name, tokenHash: Secrets.sha256Hex(token), prefix: String(token.prefix(10)),
            expiresAt: Self.expiry(expiresInDays, now: now), scopes: scopes)
        try await record.create(on: db)
        return Issued(token: token, record: record)
    }

    /// An organisation's integration token and the user it acts through: marked as the system,
    /// disabled (it never signs in), without roles of its own (its roles come from its scopes at
    /// every call), in no list; named after the token so that what it does shows who did it.
    func issueIntegration(organisationID: UUID, name: String, expiresInDays: Int?, scopes: TokenScopes, createdBy: String,
                          on db: any Database, now: Date) async throws -> Issued {
        let id = UUID()
        let user = UserRecord(email: "integration+\(id.uuidString.lowercased())@system.vigil.invalid", displayName: name, passwordHash: "!",
                              roles: [], organisationID: organisationID, mustChangePassword: false)
        user.isSystem = true
        user.disabledAt = now
        try await user.create(on: db)
        let token = Self.tokenPrefix + Secrets.randomToken()
        let record = ApiTokenRecord(
            userID: try user.requireID(), name: name, tokenHash: Secrets.sha256Hex(token), prefix: String(token.prefix(10)),
            expiresAt: Self.expiry(expiresInDays, now: now), scopes: scopes, organisationID: organisationID, createdBy: createdBy)
        record.id = id
        try await record.create(on: db)
        return Issued(token: token, record: record)
    }

    private static func expiry(_ days: Int?, now: Date) -> Date? {
        days.map { now.addingTimeInterval(TimeInterval($0) * 86_400) }
    }

    func authenticate(token: String, on db: any Database, now: Date) async throws -> CurrentUser? {
        guard token.hasPrefix(Self.tokenPrefix), token.count <= 128,
              let record = try await ApiTokenRecord.query(on: db)
                .filter(\.$tokenHash == Secrets.sha256Hex(token))
                .with(\.$user, { $0.with(\.$organisation) })
                .first(),
              record.isUsable(at: now),
              // An integration token's user is disabled by design: it never signs in.
              record.isIntegration ? record.user.isSystem && record.$organisation.id == record.user.$organisation.id : record.user.disabledAt == nil
        else { return nil }
        // Bookkeeping, not a change anybody made: at most one write a minute per token.
        if record.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = now
            try await record.update(on: db)
        }
        let id = try record.requireID()
        if record.isIntegration {
            let scopes = record.scopes ?? TokenScopes([])
            return try CurrentUser(
                user: record.user, organisation: record.user.organisation, channel: .integrationToken(id: id), requireTOTPForAll: false,
                roles: scopes.integrationRoles, tokenScopes: scopes, auditLabel: "token \(record.prefix)… \(record.name)")
        }
        return try CurrentUser(
            user: record.user, organisation: record.user.organisation,
            channel: .apiToken(id: id), requireTOTPForAll: false, tokenScopes: record.scopes)
    }

    func list(userID: UUID, on db: any Database) async throws -> [ApiTokenRecord] {
        try await ApiTokenRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$organisation.$id == nil)
            .sort(\.$createdAt, .descending).all()
    }

    func find(id: UUID, userID: UUID, on db: any Database) async throws -> ApiTokenRecord? {
        try await ApiTokenRecord.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).filter(\.$organisation.$id == nil).first()
    }

    /// The integration tokens of these organisations, newest first, with their organisation.
    func integrationTokens(organisationIDs: [UUID], on db: any Database) async throws -> [ApiTokenRecord] {
        guard !organisationIDs.isEmpty else { return [] }
        return try await ApiTokenRecord.query(on: db).filter(\.$organisation.$id ~~ organisationIDs.map(Optional.some)).with(\.$organisation)
            .sort(\.$createdAt, .descending).all()
    }

    /// One integration token with its organisation, whoever asks (the caller checks the scope).
    func integrationToken(id: UUID, on db: any Database) async throws -> ApiTokenRecord? {
        try await ApiTokenRecord.query(on: db).filter(\.$id == id).filter(\.$organisation.$id != nil).with(\.$organisation).first()
    }
}
