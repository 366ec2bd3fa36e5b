import Fluent
import Foundation
import VigilCore

/// Enrolment tokens: an organisation's key for its agents. Stored as SHA-256 digests; the token is
/// shown once.
///
/// Check-ins arrive thousands of times a second, so a token's answer is cached in this process for
/// a few seconds. The database stays the truth that processes share: the check-in writer checks
/// the token again in its transaction, so a token revoked on another process is refused at once
/// there too (`forget` then drops it from this cache).
final class EnrolmentTokenStore: Sendable {
    static let tokenPrefix = "vge_"
    let cacheLifetime: TimeInterval
    private let cache = Cache()

    init(cacheLifetime: TimeInterval = 5) {
        self.cacheLifetime = cacheLifetime
    }

    struct Issued: Sendable {
        let token: String
        let record: EnrolmentTokenRecord
    }

    /// The organisation a token enrols hosts into, or nil for an unknown or revoked token.
    struct Grant: Sendable {
        let tokenID: UUID
        let organisationID: UUID
    }

    func issue(organisationID: UUID, name: String, createdBy: String, on db: any Database, now: Date = Date()) async throws -> Issued {
        let token = Self.tokenPrefix + Secrets.randomToken()
        let record = EnrolmentTokenRecord()
        record.id = UUID()
        record.$organisation.id = organisationID
        record.name = name
        record.tokenHash = Secrets.sha256Hex(token)
        record.prefix = String(token.prefix(10))
        record.createdAt = now
        record.createdBy = createdBy
        try await record.create(on: db)
        return Issued(token: token, record: record)
    }

    func revoke(_ record: EnrolmentTokenRecord, on db: any Database, now: Date = Date()) async throws {
        guard record.revokedAt == nil else { return }
        record.revokedAt = now
        try await record.update(on: db)
        await cache.forget(tokenID: try record.requireID())
    }

    func authenticate(_ token: String, on db: any Database, now: Date = Date()) async throws -> Grant? {
        guard token.hasPrefix(Self.tokenPrefix), token.count <= 128 else { return nil }
        // Keyed by the token itself, in this process's memory only, so that a hit costs no hashing.
        if let cached = await cache.lookup(token, now: now) { return cached.grant }
        let digest = Secrets.sha256Hex(token)
        let record = try await EnrolmentTokenRecord.query(on: db).filter(\.$tokenHash == digest).first()
        let grant: Grant? = record.flatMap { record in
            record.revokedAt == nil ? Grant(tokenID: record.id!, organisationID: record.$organisation.id) : nil
        }
        // `last_used_at` is written by the check-in writer, inside its transaction: a write here,
        // from thousands of concurrent requests, would only queue behind it.
        await cache.remember(token, grant: grant, until: now.addingTimeInterval(cacheLifetime))
        return grant
    }

    /// Drops a token from this process's cache (found revoked by the check-in writer).
    func forget(tokenID: UUID) async {
        await cache.forget(tokenID: tokenID)
    }

    func list(organisationIDs: [UUID], on db: any Database) async throws -> [EnrolmentTokenRecord] {
        try await EnrolmentTokenRecord.query(on: db).filter(\.$organisation.$id ~~ organisationIDs)
            .with(\.$organisation).sort(\.$createdAt, .descending).all()
    }

    private actor Cache {
        struct Entry { let grant: Grant?; let until: Date }
        var entries: [String: Entry] = [:]

        func lookup(_ token: String, now: Date) -> Entry? {
            guard let entry = entries[token], entry.until > now else { return nil }
            return entry
        }

        func remember(_ token: String, grant: Grant?, until: Date) {
            // Bounded: unknown tokens sent in a flood must not grow memory without limit.
            if entries.count > 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(grant: grant, until: until)
        }

        func forget(tokenID: UUID) {
            entries = entries.filter { $0.value.grant?.tokenID != tokenID }
        }
    }
}
