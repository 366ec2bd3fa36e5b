import Vapor
import VigilCore

/// `/api/v1/federation/…` and `/api/v1/incidents/{id}/transmissions`: pairing and the message log
/// (administrators), the incidents received from other installations and acknowledging their
/// messages (those who follow the incidents in scope), sending an incident upward (its handlers).
struct FederationAPIController: Sendable {
    let service: FederationService
    let repository: FederationRepository
    let incidents: IncidentRepository

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageFederation))
        manage.get(FederationAPIPath.identity, use: identity)
        manage.get(FederationAPIPath.peers, use: peers)
        manage.post(FederationAPIPath.peers, use: pair)
        manage.get(FederationAPIPath.peer(.key), use: peer)
        manage.delete(FederationAPIPath.peer(.key), use: unpair)
        manage.get(FederationAPIPath.outbound, use: outbound)
        manage.get(FederationAPIPath.inbound, use: inbound)
        manage.get(FederationAPIPath.refusals, use: refusals)
        let view = routes.grouped(RequirePermission(permission: .viewIncidents))
        view.get(FederationAPIPath.received, use: received)
        view.get(FederationAPIPath.receivedIncident(.key), use: receivedIncident)
        view.get(FederationAPIPath.transmissions(.key), use: transmissions)
        routes.grouped(RequirePermission(permission: .acknowledgeReports)).post(FederationAPIPath.acknowledge(.key), use: acknowledge)
        routes.grouped(RequirePermission(permission: .handleIncidents)).post(FederationAPIPath.transmissions(.key), use: transmit)
    }

    @Sendable func identity(req: Request) async throws -> FederationDTO.Identity {
        FederationDTO.Identity(try await service.identity(on: req.db).0)
    }

    @Sendable func peers(req: Request) async throws -> APIPage<FederationDTO.Peer> {
        let rows = try await repository.peers(in: try req.currentUser.scope, on: req.db).map { FederationDTO.Peer($0, organisationName: $1) }
        return APIPage(rows: rows, limit: rows.count + 1) { $0.id }
    }

    struct PairBody: Content {
        var name: String?
        var direction: String?
        var url: String?
        var installationId: String?
        var publicKey: String?
        var organisationId: String?
    }

    @Sendable func pair(req: Request) async throws -> Response {
        let body = try req.decodeJSON(PairBody.self)
        let peer = try await service.pair(.init(name: body.name, direction: body.direction, url: body.url, installationID: body.installationId,
                                                publicKey: body.publicKey, organisationID: body.organisationId),
                                          by: try req.currentUser, address: req.clientAddress, on: req.db)
        let name = try await repository.organisationName(peer.organisationID, on: req.db)
        return try await FederationDTO.Peer(peer, organisationName: name).encodeResponse(status: .created, for: req)
    }

    private func loadPeer(_ req: Request) async throws -> FederationPeerRecord {
        guard let id = req.parameters.get("peerID", as: UUID.self),
              let peer = try await repository.peer(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        return peer
    }

    @Sendable func peer(req: Request) async throws -> FederationDTO.Peer {
        let peer = try await loadPeer(req)
        return FederationDTO.Peer(peer, organisationName: try await repository.organisationName(peer.organisationID, on: req.db))
    }

    /// Unpairs (the peer is kept, retired, with its messages): 204.
    @Sendable func unpair(req: Request) async throws -> HTTPStatus {
        try await service.unpair(try await loadPeer(req), by: try req.currentUser, address: req.clientAddress, on: req.db)
        return .noContent
    }

    private func peerNames(_ req: Request) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await repository.peers(in: try req.currentUser.scope, on: req.db).map { ($0.0.id!, $0.0.name) })
    }

    private static func limit(_ req: Request) throws -> Int {
        let raw = try? req.query.get(Int.self, at: "limit")
        return min(max(raw ?? 100, 1), 500)
    }

    @Sendable func outbound(req: Request) async throws -> APIPage<FederationDTO.Outbound> {
        let names = try await peerNames(req)
        let limit = try Self.limit(req)
        let rows = try await repository.outbound(toPeers: Array(names.keys), limit: limit, on: req.db)
            .map { FederationDTO.Outbound($0, peerName: names[$0.peerID] ?? "") }
        return APIPage(items: rows, nextKey: nil)
    }

    @Sendable func inbound(req: Request) async throws -> APIPage<FederationDTO.Inbound> {
        let names = try await peerNames(req)
        let limit = try Self.limit(req)
        let rows = try await repository.inbound(fromPeers: Array(names.keys), limit: limit, on: req.db)
            .map { FederationDTO.Inbound($0, peerName: names[$0.peerID] ?? "") }
        return APIPage(items: rows, nextKey: nil)
    }

    @Sendable func refusals(req: Request) async throws -> APIPage<FederationDTO.Refusal> {
        // Refusals name no peer (most come from none): only an administrator of a root organisation sees them.
        guard try req.currentUser.isRootAdmin else { return APIPage(items: [], nextKey: nil) }
        return APIPage(items: try await repository.refusals(limit: try Self.limit(req), on: req.db).map(FederationDTO.Refusal.init), nextKey: nil)
    }

    @Sendable func received(req: Request) async throws -> APIPage<FederationDTO.ReceivedIncident> {
        let rows = try await repository.receivedIncidents(in: try req.currentUser.scope, limit: try Self.limit(req), on: req.db)
            .map { FederationDTO.ReceivedIncident($0, organisationName: $1) }
        return APIPage(items: rows, nextKey: nil)
    }

    @Sendable func receivedIncident(req: Request) async throws -> FederationDTO.ReceivedIncident {
        let scope = try req.currentUser.scope
        guard let id = req.parameters.get("receivedID", as: UUID.self),
              let incident = try await repository.receivedIncident(id, in: scope, on: req.db) else { throw VigilError.notFound }
        let names = try await repository.peerNames([incident.peerID], on: req.db)
        let messages = try await repository.inbound(ofReceivedIncident: id, on: req.db).map { FederationDTO.Inbound($0, peerName: names[$0.peerID] ?? "") }
        return FederationDTO.ReceivedIncident(incident, organisationName: try await repository.organisationName(incident.organisationID, on: req.db),
                                              messages: messages)
    }

    struct AcknowledgeBody: Content {
        var note: String?
    }

    /// Acknowledges a received message (its local id); answers the message as it now stands.
    @Sendable func acknowledge(req: Request) async throws -> FederationDTO.Inbound {
        let user = try req.currentUser
        guard let id = req.parameters.get("messageID", as: UUID.self), let inbound = try await repository.inboundMessage(id, on: req.db),
              let receivedID = inbound.receivedIncidentID,
              try await repository.receivedIncident(receivedID, in: user.scope, on: req.db) != nil else { throw VigilError.notFound }
        let body = req.body.data == nil ? AcknowledgeBody() : try req.decodeJSON(AcknowledgeBody.self)
        try await service.acknowledge(inbound, note: body.note, by: user, address: req.clientAddress, on: req.db)
        guard let now = try await repository.inboundMessage(id, on: req.db) else { throw VigilError.notFound }
        return FederationDTO.Inbound(now, peerName: try await repository.peerNames([now.peerID], on: req.db)[now.peerID] ?? "")
    }

    @Sendable func transmissions(req: Request) async throws -> APIPage<FederationDTO.Outbound> {
        let incident = try await incidents.load(req)
        let rows = try await repository.outbound(ofIncident: try incident.requireID(), on: req.db)
        let names = try await repository.peerNames(Set(rows.map(\.peerID)), on: req.db)
        return APIPage(items: rows.map { FederationDTO.Outbound($0, peerName: names[$0.peerID] ?? "") }, nextKey: nil)
    }

    struct TransmitBody: Content {
        var peerId: String?
        var reportId: String?
    }

    /// Queues the incident's notification (or the issued report named) for an upstream peer: 201.
    @Sendable func transmit(req: Request) async throws -> Response {
        let incident = try await incidents.load(req)
        let body = try req.decodeJSON(TransmitBody.self)
        guard let peerID = try InputValidation.uuid(body.peerId, field: "peerId") else { throw VigilError.invalid("peerId", "validation.required") }
        let reportID = try InputValidation.uuid(body.reportId, field: "reportId")
        let record = try await service.send(incident, to: peerID, report: reportID, by: try req.currentUser, address: req.clientAddress, on: req.db)
        let names = try await repository.peerNames([record.peerID], on: req.db)
        return try await FederationDTO.Outbound(record, peerName: names[record.peerID] ?? "").encodeResponse(status: .created, for: req)
    }
}
