import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// Findings' identities rewritten to `FindingIdentity`'s second form: the host's id (without
/// dashes) first, then the first 32 hex digits of the digest they held (the same SHA-256 of the
/// same text, so a finding keeps matching its next sighting). Their order in the
/// `(organisation_id, identity)` index then follows the host.
struct ClusterFindingIdentities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // SQLite stores Fluent's UUIDs as upper-case text; PostgreSQL as `uuid`.
        let host = sql.dialect.name == "sqlite" ? "lower(replace(host_id, '-', ''))" : "replace(host_id::text, '-', '')"
        try await sql.raw("UPDATE \(ident: FindingRecord.schema) SET identity = \(unsafeRaw: host) || substr(identity, 1, 32) WHERE length(identity) = 64").run()
    }

    func revert(on database: any Database) async throws {
        // The digest's other half is gone: the findings would not match their next sightings.
        throw Abort(.notImplemented, reason: "findings' identities cannot go back to their first form")
    }
}
