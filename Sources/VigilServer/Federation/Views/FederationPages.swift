import Vapor
import VigilCore

/// The view models `FederationPageController` renders (templates in Resources/Views/federation);
/// they never query.
enum FederationPages {
    struct Option: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// `/federation`: this installation's identity, its peers, the pairing form.
    struct HomePage: Encodable, Sendable {
        struct Peer: Encodable, Sendable {
            let id: String
            let name: String
            let direction: String
            let url: String
            let installationID: String
            let fingerprint: String
            let organisation: String
            let createdAt: String
            let retired: Bool
            let retiredAt: String
        }

        let installationID: String
        let publicKey: String
        let fingerprint: String
        let endpointHint: String
        let peers: [Peer]
        let noPeers: Bool
        let directions: [Option]
        let organisations: [Option]
        let form: FormState

        init(_ req: Request, identity: FederationIdentityRecord, peers: [(FederationPeerRecord, String)], organisations: [OrganisationRecord],
             form: FormState, direction: String?) {
            installationID = identity.id!.uuidString.lowercased()
            publicKey = identity.publicKey
            fingerprint = FederationKeys.fingerprint(identity.publicKey)
            endpointHint = req.t("federation.identity.endpoint", ["/api/v1/federation/messages"])
            self.peers = peers.map { peer, organisation in
                Peer(id: peer.id!.uuidString.lowercased(), name: peer.name, direction: req.t("federation.direction.\(peer.directionText)", []),
                     url: peer.url, installationID: peer.installationID.uuidString.lowercased(), fingerprint: FederationKeys.fingerprint(peer.publicKey),
                     organisation: organisation, createdAt: req.formDateTime(peer.createdAt), retired: peer.retiredAt != nil,
                     retiredAt: peer.retiredAt.map { req.formDateTime($0) } ?? "")
            }
            noPeers = peers.isEmpty
            directions = FederationPeerRecord.Direction.allCases.map {
                Option(value: $0.rawValue, label: req.t("federation.direction.\($0.rawValue).choice", []), selected: $0.rawValue == direction)
            }
            let chosen = form.values["organisationId"]
            self.organisations = organisations.map {
                Option(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id!.uuidString.lowercased() == chosen)
            }
            self.form = form
        }
    }

    struct OutboundRow: Encodable, Sendable {
        let id: String
        let type: String
        let subject: String
        let peer: String
        let status: String
        let statusLabel: String
        let queuedAt: String
        let queuedBy: String
        let attempts: Int
        let lastError: String
        let receivedAt: String
        let acknowledged: String

        init(_ req: Request, _ record: FederationOutboundRecord, peer: String) {
            id = record.id!.uuidString.lowercased()
            type = req.t("federation.type.\(record.type)", [])
            subject = record.subject
            self.peer = peer
            status = record.statusText
            statusLabel = req.t("federation.status.\(record.statusText)", [])
            queuedAt = req.formDateTime(record.queuedAt)
            queuedBy = record.queuedBy
            attempts = record.attempts
            lastError = record.lastError.map { req.t("federation.failure", [$0]) } ?? ""
            receivedAt = record.receivedAt.map { req.formDateTime($0) } ?? ""
            acknowledged = record.acknowledgedAt.map { req.t("federation.acknowledged_by", [req.formDateTime($0), record.acknowledgedBy ?? ""]) } ?? ""
        }
    }

    struct InboundRow: Encodable, Sendable {
        let id: String
        let type: String
        let subject: String
        let peer: String
        let sentAt: String
        let receivedAt: String
        let acknowledged: String
        let canAcknowledge: Bool
        let hasDocument: Bool
        let receivedIncidentID: String

        init(_ req: Request, _ record: FederationInboundRecord, peer: String, mayAcknowledge: Bool) {
            id = record.id!.uuidString.lowercased()
            type = req.t("federation.type.\(record.type)", [])
            subject = record.subject
            self.peer = peer
            sentAt = req.formDateTime(record.sentAt)
            receivedAt = req.formDateTime(record.receivedAt)
            acknowledged = record.acknowledgedAt.map { req.t("federation.acknowledged_by", [req.formDateTime($0), record.acknowledgedBy ?? ""]) } ?? ""
            canAcknowledge = mayAcknowledge && record.acknowledgedAt == nil && record.type != FederationMessage.Kind.acknowledgement.rawValue
            hasDocument = record.reportSHA256 != nil
            receivedIncidentID = record.receivedIncidentID?.uuidString.lowercased() ?? ""
        }
    }

    struct RefusalRow: Encodable, Sendable {
        let at: String
        let reason: String
        let detail: String
        let address: String
        let installation: String
        let size: Int

        init(_ req: Request, _ record: FederationRefusalRecord) {
            at = req.formDateTime(record.at)
            reason = req.t("federation.refused.\(record.reason)", [record.detail])
            detail = record.detail
            address = record.address ?? ""
            installation = record.installation ?? ""
            size = record.size
        }
    }

    /// `/federation/messages`: what went out, what came in, what was refused.
    struct MessagesPage: Encodable, Sendable {
        let outbound: [OutboundRow]
        let inbound: [InboundRow]
        let refusals: [RefusalRow]
        let noOutbound: Bool
        let noInbound: Bool
        let noRefusals: Bool
        let showRefusals: Bool
    }

    struct ReceivedRow: Encodable, Sendable {
        let id: String
        let reference: String
        let title: String
        let organisation: String
        let remoteOrganisation: String
        let status: String
        let severity: String
        let discoveredAt: String
        let lastReceivedAt: String

        init(_ req: Request, _ record: FederationReceivedIncidentRecord, organisation: String) {
            id = record.id!.uuidString.lowercased()
            reference = record.reference
            title = record.title
            self.organisation = organisation
            remoteOrganisation = record.remoteOrganisation
            status = req.t("status.\(record.status)", [])
            severity = record.severity.map { req.t("severity.level.\($0)", []) } ?? req.t("federation.not_classified", [])
            discoveredAt = req.formDateTime(record.discoveredAt)
            lastReceivedAt = req.formDateTime(record.lastReceivedAt)
        }
    }

    struct ReceivedListPage: Encodable, Sendable {
        let rows: [ReceivedRow]
        let noRows: Bool
    }

    /// One received incident: what its last message says, and every message with its acknowledgement.
    struct ReceivedPage: Encodable, Sendable {
        let incident: ReceivedRow
        let description: String
        let scenario: String
        let systemName: String
        let serious: Bool
        let notifiedAt: String
        let closedAt: String
        let sentBy: String
        let contact: String
        let messages: [InboundRow]
    }

    /// `/incidents/{id}/upward`: where the incident may go and what has gone.
    struct UpwardPage: Encodable, Sendable {
        let incidentID: String
        let reference: String
        let title: String
        let peers: [Option]
        let noPeers: Bool
        let reports: [Option]
        let sent: [OutboundRow]
        let noSent: Bool
        let form: FormState
    }
}
