import Vapor
import VigilCore

/// The federation API's answers.
enum FederationDTO {
    struct Identity: Content {
        let installationId: String
        let publicKey: String
        let fingerprint: String
        let createdAt: Date

        init(_ identity: FederationIdentityRecord) {
            installationId = identity.id!.uuidString.lowercased()
            publicKey = identity.publicKey
            fingerprint = FederationKeys.fingerprint(identity.publicKey)
            createdAt = identity.createdAt
        }
    }

    struct Peer: Content {
        let id: String
        let name: String
        let direction: String
        let url: String
        let installationId: String
        let publicKey: String
        let fingerprint: String
        let organisation: OrganisationRef
        let createdAt: Date
        let createdBy: String
        let retiredAt: Date?

        init(_ peer: FederationPeerRecord, organisationName: String) {
            id = peer.id!.uuidString.lowercased()
            name = peer.name
            direction = peer.directionText
            url = peer.url
            installationId = peer.installationID.uuidString.lowercased()
            publicKey = peer.publicKey
            fingerprint = FederationKeys.fingerprint(peer.publicKey)
            organisation = OrganisationRef(id: peer.organisationID.uuidString.lowercased(), name: organisationName)
            createdAt = peer.createdAt
            createdBy = peer.createdBy
            retiredAt = peer.retiredAt
        }
    }

    /// A message sent: `pending` until the peer's signed receipt comes back (`received`), `failed`
    /// when given up; `acknowledgedAt`/`acknowledgedBy` once the peer's person acknowledges it.
    struct Outbound: Content {
        let id: String
        let type: String
        let subject: String
        let peer: String
        let peerName: String
        let status: String
        let queuedAt: Date
        let queuedBy: String
        let attempts: Int
        let nextAttemptAt: Date?
        let lastError: String?
        let receivedAt: Date?
        let acknowledgedAt: Date?
        let acknowledgedBy: String?
        let incidentId: String?
        let reportId: String?

        init(_ record: FederationOutboundRecord, peerName: String) {
            id = record.id!.uuidString.lowercased()
            type = record.type
            subject = record.subject
            peer = record.peerID.uuidString.lowercased()
            self.peerName = peerName
            status = record.statusText
            queuedAt = record.queuedAt
            queuedBy = record.queuedBy
            attempts = record.attempts
            nextAttemptAt = record.status == .pending ? record.nextAttemptAt : nil
            lastError = record.lastError
            receivedAt = record.receivedAt
            acknowledgedAt = record.acknowledgedAt
            acknowledgedBy = record.acknowledgedBy
            incidentId = record.incidentID?.uuidString.lowercased()
            reportId = record.reportID?.uuidString.lowercased()
        }
    }

    /// A message received and kept.
    struct Inbound: Content {
        let id: String
        let messageId: String
        let type: String
        let subject: String
        let peer: String
        let peerName: String
        let sentAt: Date
        let receivedAt: Date
        let reportKind: String?
        let reportSha256: String?
        let acknowledgedAt: Date?
        let acknowledgedBy: String?
        let receivedIncidentId: String?

        init(_ record: FederationInboundRecord, peerName: String) {
            id = record.id!.uuidString.lowercased()
            messageId = record.messageID.uuidString.lowercased()
            type = record.type
            subject = record.subject
            peer = record.peerID.uuidString.lowercased()
            self.peerName = peerName
            sentAt = record.sentAt
            receivedAt = record.receivedAt
            reportKind = record.reportKind
            reportSha256 = record.reportSHA256
            acknowledgedAt = record.acknowledgedAt
            acknowledgedBy = record.acknowledgedBy
            receivedIncidentId = record.receivedIncidentID?.uuidString.lowercased()
        }
    }

    struct Refusal: Content {
        let id: String
        let at: Date
        let address: String?
        let installation: String?
        let reason: String
        let detail: String
        let size: Int
        let sha256: String

        init(_ record: FederationRefusalRecord) {
            id = record.id!.uuidString.lowercased()
            at = record.at
            address = record.address
            installation = record.installation
            reason = record.reason
            detail = record.detail
            size = record.size
            sha256 = record.sha256
        }
    }

    /// An incident another installation reported, as its last message said.
    struct ReceivedIncident: Content {
        let id: String
        let remoteId: String
        let reference: String
        let title: String
        let remoteOrganisation: String
        let organisation: OrganisationRef
        let peer: String
        let status: String
        let causeGroup: String?
        let scenario: String?
        let severity: String?
        let serious: Bool
        let systemName: String?
        let description: String
        let discoveredAt: Date
        let occurredAt: Date?
        let notifiedAt: Date?
        let closedAt: Date?
        let sentBy: String
        let contact: String?
        let firstReceivedAt: Date
        let lastReceivedAt: Date
        var messages: [Inbound]?

        init(_ record: FederationReceivedIncidentRecord, organisationName: String, messages: [Inbound]? = nil) {
            id = record.id!.uuidString.lowercased()
            remoteId = record.remoteID.uuidString.lowercased()
            reference = record.reference
            title = record.title
            remoteOrganisation = record.remoteOrganisation
            organisation = OrganisationRef(id: record.organisationID.uuidString.lowercased(), name: organisationName)
            peer = record.peerID.uuidString.lowercased()
            status = record.status
            causeGroup = record.causeGroup
            scenario = record.scenario
            severity = record.severity
            serious = record.serious
            systemName = record.systemName
            description = record.details
            discoveredAt = record.discoveredAt
            occurredAt = record.occurredAt
            notifiedAt = record.notifiedAt
            closedAt = record.closedAt
            sentBy = record.sentBy
            contact = record.contact
            firstReceivedAt = record.firstReceivedAt
            lastReceivedAt = record.lastReceivedAt
            self.messages = messages
        }
    }
}
