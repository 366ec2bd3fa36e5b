import Fluent
import Foundation
import VigilCore

/// The writes messages make: queuing one (with the act's audit entry), keeping one received
/// (the received incident updated, an acknowledgement applied), acknowledging one (the
/// acknowledgement queued back), and logging a refusal. Each is one transaction.
extension FederationRepository {
    /// What a queued message says, for the record and the audit trail.
    struct Outgoing: Sendable {
        var message: FederationMessage
        var signature: String
        var body: String
        var subject: String
        var incidentID: UUID?
        var reportID: UUID?
    }

    func enqueue(_ outgoing: Outgoing, to peer: FederationPeerRecord, organisationID: UUID?, queuedBy: String, by actor: AuditActor,
                 on db: any Database, at now: Date) async throws -> FederationOutboundRecord {
        let record = Self.outbound(outgoing, to: peer, queuedBy: queuedBy, at: now)
        return try await db.change(by: actor, at: now) { db, audit in
            try await record.create(on: db)
            audit.record(organisationID: organisationID, action: "federation.message.queue", objectType: outgoing.incidentID == nil ? "federation_peer" : "incident",
                         objectID: (outgoing.incidentID ?? peer.id!).uuidString.lowercased(), changes: Self.changes(of: outgoing, peer: peer))
            return record
        }
    }

    static func outbound(_ outgoing: Outgoing, to peer: FederationPeerRecord, queuedBy: String, at now: Date) -> FederationOutboundRecord {
        let record = FederationOutboundRecord()
        record.id = outgoing.message.id
        record.queuedAt = now
        record.queuedBy = queuedBy
        record.statusText = FederationOutboundRecord.Status.pending.rawValue
        record.attempts = 0
        record.nextAttemptAt = now
        record.type = outgoing.message.type.rawValue
        record.body = outgoing.body
        record.signature = outgoing.signature
        record.subject = outgoing.subject
        record.peerID = peer.id!
        record.incidentID = outgoing.incidentID
        record.reportID = outgoing.reportID
        return record
    }

    static func changes(of outgoing: Outgoing, peer: FederationPeerRecord) -> AuditChanges {
        var changes = AuditChanges()
        changes.created("message_id", outgoing.message.id.uuidString.lowercased())
        changes.created("type", outgoing.message.type.rawValue)
        changes.created("peer", peer.name)
        changes.created("subject", outgoing.subject)
        return changes
    }

    /// What keeping a received message did.
    enum Kept: Sendable {
        case kept(FederationInboundRecord)
        /// The same message id from the same peer was kept before: a retry.
        case duplicate(FederationInboundRecord)
    }

    /// Keeps a verified message from the peer: the message, the incident it speaks of (made or
    /// brought up to date, never older over newer), the report's document stored beforehand by
    /// the caller; an acknowledgement marks the outbound message it names. One transaction.
    func keep(_ message: FederationMessage, body: String, signature: String, reportSHA256: String?, from peer: FederationPeerRecord,
              on db: any Database, at now: Date) async throws -> Kept {
        let peerID = try peer.requireID()
        if let earlier = try await FederationInboundRecord.query(on: db).filter(\.$peerID == peerID).filter(\.$messageID == message.id).first() {
            return .duplicate(earlier)
        }
        do {
            return try await db.change(by: AuditActor(userID: nil, label: "federation:\(peer.name)", address: nil), at: now) { db, audit in
                let inbound = FederationInboundRecord()
                inbound.id = UUID.timeOrdered(at: now)
                inbound.receivedAt = now
                inbound.messageID = message.id
                inbound.type = message.type.rawValue
                inbound.sentAt = message.sentAt
                inbound.body = body
                inbound.signature = signature
                inbound.peerID = peerID
                inbound.reportKind = message.report?.kind
                inbound.reportSHA256 = reportSHA256
                inbound.subject = Self.subject(of: message)
                if let incident = message.incident {
                    inbound.receivedIncidentID = try await Self.upsert(incident, sentAt: message.sentAt, from: peer, on: db, at: now)
                }
                if let acknowledgement = message.acknowledgement {
                    try await FederationOutboundRecord.query(on: db).filter(\.$id == acknowledgement.messageId).filter(\.$peerID == peerID)
                        .filter(\.$acknowledgedAt == nil)
                        .set(\.$acknowledgedAt, to: acknowledgement.acknowledgedAt).set(\.$acknowledgedBy, to: acknowledgement.acknowledgedBy)
                        .update()
                }
                try await inbound.create(on: db)
                var changes = AuditChanges()
                changes.created("message_id", message.id.uuidString.lowercased())
                changes.created("type", message.type.rawValue)
                changes.created("subject", inbound.subject)
                audit.record(organisationID: peer.organisationID, action: "federation.message.receive", objectType: "federation_message",
                             objectID: inbound.id!.uuidString.lowercased(), changes: changes)
                return .kept(inbound)
            }
        } catch {
            // The same message arriving twice at once: the unique (peer, message) index kept one.
            if let earlier = try await FederationInboundRecord.query(on: db).filter(\.$peerID == peerID).filter(\.$messageID == message.id).first() {
                return .duplicate(earlier)
            }
            throw error
        }
    }

    static func subject(of message: FederationMessage) -> String {
        switch message.type {
        case .notification: "\(message.incident?.reference ?? "") — \(message.incident?.title ?? "")"
        case .report: "\(message.incident?.reference ?? "") — \(message.report?.title ?? "")"
        case .acknowledgement: message.acknowledgement?.messageId.uuidString.lowercased() ?? ""
        }
    }

    /// The received incident made or brought up to date; a message sent before the last one kept
    /// changes nothing (messages may arrive out of order after retries).
    private static func upsert(_ incident: FederationMessage.IncidentSummary, sentAt: Date, from peer: FederationPeerRecord,
                               on db: any Database, at now: Date) async throws -> UUID {
        let peerID = try peer.requireID()
        let existing = try await FederationReceivedIncidentRecord.query(on: db).filter(\.$peerID == peerID).filter(\.$remoteID == incident.id).first()
        let record = existing ?? FederationReceivedIncidentRecord()
        if existing == nil {
            record.id = UUID.timeOrdered(at: now)
            record.firstReceivedAt = now
            record.peerID = peerID
            record.organisationID = peer.organisationID
            record.remoteID = incident.id
        } else if let latest = try await FederationInboundRecord.query(on: db).filter(\.$receivedIncidentID == record.id)
                    .sort(\.$sentAt, .descending).first(), latest.sentAt > sentAt {
            record.lastReceivedAt = now
            try await record.update(on: db)
            return record.id!
        }
        record.lastReceivedAt = now
        record.reference = incident.reference
        record.title = incident.title
        record.remoteOrganisation = incident.organisation
        record.details = incident.description
        record.status = incident.status
        record.causeGroup = incident.causeGroup
        record.scenario = incident.scenario
        record.severity = incident.severity
        record.serious = incident.serious
        record.systemName = incident.systemName
        record.discoveredAt = incident.discoveredAt
        record.occurredAt = incident.occurredAt
        record.notifiedAt = incident.notifiedAt
        record.closedAt = incident.closedAt
        record.sentBy = incident.sentBy
        record.contact = incident.contact
        if existing == nil { try await record.create(on: db) } else { try await record.update(on: db) }
        return record.id!
    }

    /// Marks the received message acknowledged by the user and queues the signed acknowledgement
    /// back to its sender. One transaction; a message acknowledged before is left as it was.
    func acknowledge(_ inbound: FederationInboundRecord, outgoing: Outgoing, peer: FederationPeerRecord, by user: CurrentUser, address: String?,
                     on db: any Database, at now: Date) async throws {
        let record = Self.outbound(outgoing, to: peer, queuedBy: user.displayName, at: now)
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let marked = try await FederationInboundRecord.query(on: db).filter(\.$id == inbound.id!).filter(\.$acknowledgedAt == nil)
                .set(\.$acknowledgedAt, to: now).set(\.$acknowledgedBy, to: user.displayName).set(\.$acknowledgedByID, to: user.userID)
                .update()
            _ = marked
            try await record.create(on: db)
            var changes = AuditChanges()
            changes.set("acknowledged_at", from: nil, to: ISO8601DateFormatter().string(from: now))
            changes.created("acknowledgement_id", outgoing.message.id.uuidString.lowercased())
            audit.record(organisationID: peer.organisationID, action: "federation.message.acknowledge", objectType: "federation_message",
                         objectID: inbound.id!.uuidString.lowercased(), changes: changes)
        }
    }
}
