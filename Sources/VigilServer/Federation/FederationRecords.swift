import Fluent
import Foundation

/// This installation's identity towards other installations: made once, on first use. The
/// private key is sealed with the data folder's `federation.key`; the public key and the
/// installation's id are what the other side's administrator types in when pairing.
final class FederationIdentityRecord: Model, @unchecked Sendable {
    static let schema = "federation_identity"

    @ID(key: .id) var id: UUID?
    /// Always 1: a unique column, so that two processes making the identity at once keep one.
    @Field(key: "singleton") var singleton: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "public_key") var publicKey: String
    @Field(key: "sealed_private_key") var sealedPrivateKey: String

    init() {}
}

/// Another installation this one is paired with: above it (`upstream`, where its incidents go)
/// or below it (`downstream`, whose incidents it receives, shown as one of its organisations).
final class FederationPeerRecord: Model, @unchecked Sendable {
    static let schema = "federation_peers"

    enum Direction: String, Codable, CaseIterable, Sendable { case upstream, downstream }

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    /// The sending lease: one process sends a peer's messages, in order.
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "locked_by") var lockedBy: String?
    /// Unpaired: nothing more is sent to it or taken from it; its messages stay on record.
    @OptionalField(key: "retired_at") var retiredAt: Date?

    // Data
    @Field(key: "name") var name: String
    @Field(key: "direction") var directionText: String
    /// The other installation's address (`https://vigil.example.gov.vn`); messages go to
    /// `<url>/api/v1/federation/messages`.
    @Field(key: "url") var url: String
    @Field(key: "installation_id") var installationID: UUID
    @Field(key: "public_key") var publicKey: String

    // Relations
    /// Upstream: the organisation whose incidents may be sent. Downstream: the organisation that
    /// stands for the other installation's agency here (its received incidents are in its scope).
    @Field(key: "organisation_id") var organisationID: UUID

    init() {}

    var direction: Direction { Direction(rawValue: directionText) ?? .upstream }
}

/// A message this installation sends: queued in the transaction of the act that makes it, sent in
/// order per peer, retried, and marked received when the peer's signed receipt comes back, then
/// acknowledged when the peer's person acknowledges it.
final class FederationOutboundRecord: Model, @unchecked Sendable {
    static let schema = "federation_outbound"

    enum Status: String, Codable, CaseIterable, Sendable { case pending, received, failed }

    // Managed
    /// The message's id, the one in its body.
    @ID(key: .id) var id: UUID?
    @Field(key: "queued_at") var queuedAt: Date
    @Field(key: "queued_by") var queuedBy: String
    @Field(key: "status") var statusText: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    /// From the peer's signed receipt.
    @OptionalField(key: "received_at") var receivedAt: Date?
    @OptionalField(key: "receipt") var receipt: String?
    @OptionalField(key: "receipt_signature") var receiptSignature: String?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: String?

    // Data
    @Field(key: "type") var type: String
    /// The exact bytes signed and sent, and the signature.
    @Field(key: "body") var body: String
    @Field(key: "signature") var signature: String
    /// What the message is about (a title for the log).
    @Field(key: "subject") var subject: String

    // Relations
    @Field(key: "peer_id") var peerID: UUID
    @OptionalField(key: "incident_id") var incidentID: UUID?
    @OptionalField(key: "report_id") var reportID: UUID?

    init() {}

    var status: Status { Status(rawValue: statusText) ?? .pending }
}

/// An incident another installation reports here: the latest state its messages gave, in the
/// organisation that stands for that installation's agency.
final class FederationReceivedIncidentRecord: Model, @unchecked Sendable {
    static let schema = "federation_received_incidents"

    @ID(key: .id) var id: UUID?
    @Field(key: "first_received_at") var firstReceivedAt: Date
    @Field(key: "last_received_at") var lastReceivedAt: Date

    @Field(key: "remote_id") var remoteID: UUID
    @Field(key: "reference") var reference: String
    @Field(key: "title") var title: String
    @Field(key: "remote_organisation") var remoteOrganisation: String
    @Field(key: "description") var details: String
    @Field(key: "status") var status: String
    @OptionalField(key: "cause_group") var causeGroup: String?
    @OptionalField(key: "scenario") var scenario: String?
    @OptionalField(key: "severity") var severity: String?
    @Field(key: "serious") var serious: Bool
    @OptionalField(key: "system_name") var systemName: String?
    @Field(key: "discovered_at") var discoveredAt: Date
    @OptionalField(key: "occurred_at") var occurredAt: Date?
    @OptionalField(key: "notified_at") var notifiedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "sent_by") var sentBy: String
    @OptionalField(key: "contact") var contact: String?

    @Field(key: "peer_id") var peerID: UUID
    @Field(key: "organisation_id") var organisationID: UUID

    init() {}
}

/// A message received from a peer and kept: its exact bytes and signature, and who here
/// acknowledged it.
final class FederationInboundRecord: Model, @unchecked Sendable {
    static let schema = "federation_inbound"

    @ID(key: .id) var id: UUID?
    @Field(key: "received_at") var receivedAt: Date
    /// The id the sender gave it (unique per peer: a retry is not kept twice).
    @Field(key: "message_id") var messageID: UUID
    @Field(key: "type") var type: String
    @Field(key: "sent_at") var sentAt: Date
    @Field(key: "body") var body: String
    @Field(key: "signature") var signature: String
    @Field(key: "subject") var subject: String
    @OptionalField(key: "report_kind") var reportKind: String?
    /// The report's DOCX, in the blob store.
    @OptionalField(key: "report_sha256") var reportSHA256: String?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: String?
    @OptionalField(key: "acknowledged_by_id") var acknowledgedByID: UUID?

    @Field(key: "peer_id") var peerID: UUID
    @OptionalField(key: "received_incident_id") var receivedIncidentID: UUID?

    init() {}
}

/// A message refused at the door: unsigned, signed by no paired installation, tampered with, or
/// malformed. Kept for the administrator (never its body: only its size and digest).
final class FederationRefusalRecord: Model, @unchecked Sendable {
    static let schema = "federation_refusals"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "address") var address: String?
    /// The installation the message claimed to come from, if it said.
    @OptionalField(key: "installation") var installation: String?
    @Field(key: "reason") var reason: String
    @Field(key: "detail") var detail: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String

    init() {}
}
