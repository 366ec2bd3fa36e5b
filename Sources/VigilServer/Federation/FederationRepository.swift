import Fluent
import Foundation
import SQLKit
import VigilCore

/// The only code that reads and writes the federation tables, apart from the sender's bookkeeping
/// (`FederationDeliveryStore`): this installation's identity, its peers, the messages sent and
/// received, the incidents received and the refusals.
struct FederationRepository: Sendable {
    let organisations: OrganisationRepository

    // MARK: Identity

    /// This installation's identity, made on first call. Two processes making it at once: the
    /// unique `singleton` column keeps the first, and the second reads it.
    func identity(sealing: @Sendable (String) throws -> String, on db: any Database, now: Date = Date()) async throws -> FederationIdentityRecord {
        if let identity = try await FederationIdentityRecord.query(on: db).first() { return identity }
        let privateKey = FederationKeys.newPrivateKey()
        let identity = FederationIdentityRecord()
        identity.id = UUID()
        identity.singleton = 1
        identity.createdAt = now
        identity.publicKey = try FederationKeys.publicKey(ofPrivate: privateKey)
        identity.sealedPrivateKey = try sealing(privateKey)
        do {
            try await db.change(by: .system, at: now) { db, audit in
                try await identity.create(on: db)
                var changes = AuditChanges()
                changes.created("public_key", identity.publicKey)
                audit.record(organisationID: nil, action: "federation.identity.create", objectType: "federation_identity",
                             objectID: identity.id!.uuidString.lowercased(), changes: changes)
            }
        } catch {
            if let winner = try await FederationIdentityRecord.query(on: db).first() { return winner }
            throw error
        }
        return identity
    }

    // MARK: Peers

    /// The peers whose organisation is in the scope, with the organisation's name; retired ones last.
    func peers(in scope: AccessScope, includingRetired: Bool = true, on db: any Database) async throws -> [(FederationPeerRecord, String)] {
        let names = Dictionary(uniqueKeysWithValues: try await organisations.all(in: scope, on: db).compactMap { org in org.id.map { ($0, org.name) } })
        guard !names.isEmpty else { return [] }
        var query = FederationPeerRecord.query(on: db).filter(\.$organisationID ~~ Array(names.keys))
        if !includingRetired { query = query.filter(\.$retiredAt == nil) }
        return try await query.sort(\.$createdAt).sort(\.$id).all()
            .sorted { ($0.retiredAt == nil ? 0 : 1) < ($1.retiredAt == nil ? 0 : 1) }
            .map { ($0, names[$0.organisationID] ?? "") }
    }

    /// The peer if its organisation is in the scope; nil otherwise.
    func peer(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> FederationPeerRecord? {
        guard let peer = try await FederationPeerRecord.find(id, on: db),
              try await organisations.find(peer.organisationID, in: scope, on: db) != nil else { return nil }
        return peer
    }

    /// The live peer a message claims to come from.
    func activePeer(installation: UUID, on db: any Database) async throws -> [FederationPeerRecord] {
        try await FederationPeerRecord.query(on: db).filter(\.$installationID == installation).filter(\.$retiredAt == nil).all()
    }

    /// The live upstream peers an incident of this organisation (path) may be sent to: those paired
    /// for the organisation or one above it.
    func upstreamPeers(forPath path: String, on db: any Database) async throws -> [FederationPeerRecord] {
        let ids = Set(path.split(separator: "/").compactMap { UUID(uuidString: String($0)) })
        guard !ids.isEmpty else { return [] }
        return try await FederationPeerRecord.query(on: db).filter(\.$organisationID ~~ Array(ids)).filter(\.$retiredAt == nil)
            .filter(\.$directionText == FederationPeerRecord.Direction.upstream.rawValue).sort(\.$createdAt).all()
    }

    func createPeer(_ peer: FederationPeerRecord, by actor: AuditActor, on db: any Database, at now: Date) async throws {
        var changes = AuditChanges()
        changes.created("name", peer.name)
        changes.created("direction", peer.directionText)
        changes.created("url", peer.url)
        changes.created("installation_id", peer.installationID.uuidString.lowercased())
        changes.created("public_key", peer.publicKey)
        let audited = changes
        try await db.change(by: actor, at: now) { db, audit in
            try await peer.create(on: db)
            audit.record(organisationID: peer.organisationID, action: "federation.peer.create", objectType: "federation_peer",
                         objectID: try peer.requireID().uuidString.lowercased(), changes: audited)
        }
    }

    func retirePeer(_ peer: FederationPeerRecord, by actor: AuditActor, on db: any Database, at now: Date) async throws {
        guard peer.retiredAt == nil else { return }
        try await db.change(by: actor, at: now) { db, audit in
            peer.retiredAt = now
            try await peer.update(on: db)
            var changes = AuditChanges()
            changes.set("retired_at", from: nil, to: ISO8601DateFormatter().string(from: now))
            audit.record(organisationID: peer.organisationID, action: "federation.peer.retire", objectType: "federation_peer",
                         objectID: try peer.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    func organisationName(_ id: UUID, on db: any Database) async throws -> String {
        try await organisations.find(id, on: db)?.name ?? ""
    }

    func organisation(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> OrganisationRecord? {
        try await organisations.find(id, in: scope, on: db)
    }

    // MARK: Messages, for pages and the API

    /// The messages sent about an incident, newest first.
    func outbound(ofIncident id: UUID, on db: any Database) async throws -> [FederationOutboundRecord] {
        try await FederationOutboundRecord.query(on: db).filter(\.$incidentID == id).sort(\.$queuedAt, .descending).all()
    }

    /// The messages sent to these peers, newest first (the administrator's log).
    func outbound(toPeers ids: [UUID], limit: Int, on db: any Database) async throws -> [FederationOutboundRecord] {
        guard !ids.isEmpty else { return [] }
        return try await FederationOutboundRecord.query(on: db).filter(\.$peerID ~~ ids).sort(\.$queuedAt, .descending).limit(limit).all()
    }

    func inbound(fromPeers ids: [UUID], limit: Int, on db: any Database) async throws -> [FederationInboundRecord] {
        guard !ids.isEmpty else { return [] }
        return try await FederationInboundRecord.query(on: db).filter(\.$peerID ~~ ids).sort(\.$receivedAt, .descending).limit(limit).all()
    }

    func refusals(limit: Int, on db: any Database) async throws -> [FederationRefusalRecord] {
        try await FederationRefusalRecord.query(on: db).sort(\.$at, .descending).limit(limit).all()
    }

    /// The incidents received for the organisations in the scope, most recently heard of first.
    func receivedIncidents(in scope: AccessScope, limit: Int, on db: any Database) async throws -> [(FederationReceivedIncidentRecord, String)] {
        let names = Dictionary(uniqueKeysWithValues: try await organisations.all(in: scope, on: db).compactMap { org in org.id.map { ($0, org.name) } })
        guard !names.isEmpty else { return [] }
        return try await FederationReceivedIncidentRecord.query(on: db).filter(\.$organisationID ~~ Array(names.keys))
            .sort(\.$lastReceivedAt, .descending).limit(limit).all().map { ($0, names[$0.organisationID] ?? "") }
    }

    /// The received incident if its organisation is in the scope.
    func receivedIncident(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> FederationReceivedIncidentRecord? {
        guard let incident = try await FederationReceivedIncidentRecord.find(id, on: db),
              try await organisations.find(incident.organisationID, in: scope, on: db) != nil else { return nil }
        return incident
    }

    func inbound(ofReceivedIncident id: UUID, on db: any Database) async throws -> [FederationInboundRecord] {
        try await FederationInboundRecord.query(on: db).filter(\.$receivedIncidentID == id).sort(\.$receivedAt, .descending).all()
    }

    func inboundMessage(_ id: UUID, on db: any Database) async throws -> FederationInboundRecord? {
        try await FederationInboundRecord.find(id, on: db)
    }

    func peerNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await FederationPeerRecord.query(on: db).filter(\.$id ~~ Array(ids)).all()
            .compactMap { peer in peer.id.map { ($0, peer.name) } })
    }
}
