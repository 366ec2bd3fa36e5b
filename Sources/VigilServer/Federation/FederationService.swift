import Crypto
import Fluent
import Foundation
import VigilCore

/// Installation-to-installation reporting: pairing (checked, audited), sending an incident's
/// notification or an issued report upward (signed, queued), receiving a message (the door:
/// signature, sender, recipient and contents checked, anything else refused and logged), and
/// acknowledging a received message (the acknowledgement signed and queued back).
struct FederationService: Sendable {
    let repository: FederationRepository
    let incidents: IncidentRepository
    let blobs: BlobStore
    let client: OutboundClient
    /// Seals the private key (`<data>/federation.key`).
    let secrets: MailSecretBox

    /// This installation's identity and its private key.
    func identity(on db: any Database) async throws -> (FederationIdentityRecord, String) {
        let secrets = self.secrets
        let identity = try await repository.identity(sealing: { try secrets.seal($0) }, on: db)
        return (identity, try secrets.open(identity.sealedPrivateKey))
    }

    // MARK: Pairing

    struct PeerDraft: Sendable {
        var name: String?
        var direction: String?
        var url: String?
        var installationID: String?
        var publicKey: String?
        var organisationID: String?
    }

    func pair(_ draft: PeerDraft, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> FederationPeerRecord {
        var problems = FieldProblems()
        let peer = FederationPeerRecord()
        peer.id = UUID.timeOrdered(at: now)
        peer.createdAt = now
        peer.createdBy = user.displayName
        if let name = try problems.check({ try InputValidation.text(draft.name ?? "", field: "name", maxLength: 200) }) { peer.name = name }
        if let direction = FederationPeerRecord.Direction(rawValue: draft.direction ?? "") {
            peer.directionText = direction.rawValue
        } else {
            problems.add(.invalid("direction", "federation.error.direction"))
        }
        do {
            let url = try WebhookTarget.parse(draft.url ?? "")
            let host = url.host ?? ""
            try await client.refuseInward(host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
                                          port: url.port ?? (url.scheme == "https" ? 443 : 80))
            var text = url.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            peer.url = text
        } catch OutboundClient.Failure.refusedAddress(let refused) {
            problems.add(VigilError(status: .unprocessableEntity, code: "address_not_allowed", messageKey: "webhook.error.address",
                                    arguments: [refused], field: "url"))
        } catch {
            problems.add((draft.url ?? "").isEmpty ? .invalid("url", "validation.required")
                         : VigilError(status: .unprocessableEntity, code: "invalid_url", messageKey: "federation.error.url", field: "url"))
        }
        let (identity, _) = try await identity(on: db)
        if let id = UUID(uuidString: (draft.installationID ?? "").trimmingCharacters(in: .whitespaces)) {
            if id == identity.id {
                problems.add(VigilError(status: .unprocessableEntity, code: "own_installation", messageKey: "federation.error.own_installation",
                                        field: "installationId"))
            }
            peer.installationID = id
        } else {
            problems.add(.invalid("installationId", "federation.error.installation"))
        }
        do {
            peer.publicKey = try FederationKeys.canonical(draft.publicKey ?? "")
        } catch {
            problems.add(VigilError(status: .unprocessableEntity, code: "invalid_public_key", messageKey: "federation.error.public_key",
                                    field: "publicKey"))
        }
        if let text = draft.organisationID, !text.isEmpty {
            if let id = UUID(uuidString: text), try await repository.organisation(id, in: user.scope, on: db) != nil {
                peer.organisationID = id
            } else {
                problems.add(.invalid("organisationId", "federation.error.organisation"))
            }
        } else {
            peer.organisationID = user.organisationID
        }
        try problems.throwIfAny()
        let live = try await repository.activePeer(installation: peer.installationID, on: db)
        if live.contains(where: { $0.directionText == peer.directionText }) {
            throw VigilError(status: .conflict, code: "already_paired", messageKey: "federation.error.already_paired", field: "installationId")
        }
        try await repository.createPeer(peer, by: .user(user, address: address), on: db, at: now)
        return peer
    }

    func unpair(_ peer: FederationPeerRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        try await repository.retirePeer(peer, by: .user(user, address: address), on: db, at: now)
    }

    // MARK: Sending

    /// Queues the incident's notification, or the issued report named, for the upstream peer.
    func send(_ incident: IncidentRecord, to peerID: UUID, report reportID: UUID?, by user: CurrentUser, address: String?,
              on db: any Database, now: Date = Date()) async throws -> FederationOutboundRecord {
        let organisation = try await incident.$organisation.get(on: db)
        guard let peer = try await repository.upstreamPeers(forPath: organisation.path, on: db).first(where: { $0.id == peerID }) else {
            throw VigilError(status: .unprocessableEntity, code: "unknown_peer", messageKey: "federation.error.peer", field: "peerId")
        }
        let (identity, privateKey) = try await identity(on: db)
        let summary = FederationMessage.IncidentSummary(
            id: try incident.requireID(), reference: incident.reference, title: incident.title, organisation: organisation.name,
            description: String(incident.details.prefix(20_000)), status: incident.status.rawValue, causeGroup: incident.causeGroup,
            scenario: incident.scenario, severity: incident.severity, serious: incident.serious, systemName: incident.systemName,
            discoveredAt: incident.discoveredAt, occurredAt: incident.occurredAt, notifiedAt: incident.notifiedAt, closedAt: incident.closedAt,
            sentBy: user.displayName, contact: user.email)
        var message = FederationMessage(id: UUID.timeOrdered(at: now), type: .notification, from: identity.id!, to: peer.installationID,
                                        sentAt: now, incident: summary)
        var subject = "\(incident.reference) — \(incident.title)"
        if let reportID {
            guard let issued = try await incidents.issuedReport(reportID, of: try incident.requireID(), on: db) else {
                throw VigilError(status: .unprocessableEntity, code: "unknown_report", messageKey: "federation.error.report", field: "reportId")
            }
            let document = try await blobs.get(issued.sha256)
            message.type = .report
            message.report = .init(id: try issued.requireID(), kind: issued.kind, title: issued.title, issuedAt: issued.issuedAt,
                                   issuedBy: issued.issuedBy, recipients: issued.recipients, sha256: issued.sha256, document: document)
            subject = "\(incident.reference) — \(issued.title)"
        }
        let outgoing = try Self.signed(message, subject: subject, privateKey: privateKey, incidentID: incident.id, reportID: reportID)
        return try await repository.enqueue(outgoing, to: peer, organisationID: incident.$organisation.id, queuedBy: user.displayName,
                                            by: .user(user, address: address), on: db, at: now)
    }

    static func signed(_ message: FederationMessage, subject: String, privateKey: String, incidentID: UUID? = nil,
                       reportID: UUID? = nil) throws -> FederationRepository.Outgoing {
        let body = try message.encoded()
        return .init(message: message, signature: try FederationKeys.sign(body, privateKey: privateKey), body: String(decoding: body, as: UTF8.self),
                     subject: String(subject.prefix(400)), incidentID: incidentID, reportID: reportID)
    }

    // MARK: Acknowledging

    func acknowledge(_ inbound: FederationInboundRecord, note: String?, by user: CurrentUser, address: String?, on db: any Database,
                     now: Date = Date()) async throws {
        guard inbound.acknowledgedAt == nil else { return }
        guard inbound.type != FederationMessage.Kind.acknowledgement.rawValue,
              let peer = try await FederationPeerRecord.find(inbound.peerID, on: db), peer.retiredAt == nil else {
            throw VigilError(status: .conflict, code: "not_acknowledgeable", messageKey: "federation.error.not_acknowledgeable")
        }
        let note = try InputValidation.optionalName(note, field: "note", maxLength: 2_000) ?? nil
        let (identity, privateKey) = try await identity(on: db)
        let message = FederationMessage(id: UUID.timeOrdered(at: now), type: .acknowledgement, from: identity.id!, to: peer.installationID,
                                        sentAt: now, acknowledgement: .init(messageId: inbound.messageID, acknowledgedAt: now,
                                                                            acknowledgedBy: user.displayName, note: note))
        let outgoing = try Self.signed(message, subject: inbound.subject, privateKey: privateKey)
        try await repository.acknowledge(inbound, outgoing: outgoing, peer: peer, by: user, address: address, on: db, at: now)
    }
}
