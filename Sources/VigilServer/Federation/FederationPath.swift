import Foundation

/// The federation pages' paths.
enum FederationPath: TypedPath {
    typealias ID = PathParameter<UUID>

    /// The administrator's page: this installation's identity, its peers, pairing one.
    case federation, peers, retirePeer(ID), messages
    /// The incidents received from other installations, one of them, acknowledging a message, a report's DOCX.
    case received, receivedIncident(ID), acknowledge(ID), document(ID, message: ID)
    /// An incident's page for sending it upward.
    case upward(ID)

    var path: String {
        switch self {
        case .federation: "/federation"
        case .peers: "/federation/peers"
        case .retirePeer(let id): "/federation/peers/\(id.segment("peerID"))/retire"
        case .messages: "/federation/messages"
        case .received: "/federation/received"
        case .receivedIncident(let id): "/federation/received/\(id.segment("receivedID"))"
        case .acknowledge(let id): Self.receivedIncident(id).path + "/acknowledge"
        case .document(let id, let message): Self.receivedIncident(id).path + "/documents/\(message.segment("messageID"))"
        case .upward(let id): "/incidents/\(id.segment("incidentID"))/upward"
        }
    }
}

/// The federation API's paths, under `/api/v1`. `messages` is the door other installations
/// post to (signed, no token).
enum FederationAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case identity, peers, peer(ID), outbound, inbound, refusals, messages
    case received, receivedIncident(ID), acknowledge(ID)
    case transmissions(ID)

    var relativePath: String {
        switch self {
        case .identity: "/federation/identity"
        case .peers: "/federation/peers"
        case .peer(let id): "/federation/peers/\(id.segment("peerID"))"
        case .outbound: "/federation/outbound"
        case .inbound: "/federation/inbound"
        case .refusals: "/federation/refusals"
        case .messages: "/federation/messages"
        case .received: "/federation/received"
        case .receivedIncident(let id): "/federation/received/\(id.segment("receivedID"))"
        case .acknowledge(let id): "/federation/inbound/\(id.segment("messageID"))/acknowledge"
        case .transmissions(let id): "/incidents/\(id.segment("incidentID"))/transmissions"
        }
    }
}
