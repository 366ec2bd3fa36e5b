import Vapor
import VigilCore

/// The federation pages: the administrator's (identity, peers, pairing, the message log), the
/// received incidents (those who follow incidents in scope; acknowledging a message), and an
/// incident's page for sending it upward (its handlers).
struct FederationPageController: RouteCollection, Sendable {
    let service: FederationService
    let repository: FederationRepository
    let incidents: IncidentRepository

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageFederation))
        manage.get(FederationPath.federation, use: home)
        manage.post(FederationPath.peers, use: pair)
        manage.post(FederationPath.retirePeer(.key), use: retire)
        manage.get(FederationPath.messages, use: messages)
        let view = routes.grouped(RequirePermission(permission: .viewIncidents))
        view.get(FederationPath.received, use: received)
        view.get(FederationPath.receivedIncident(.key), use: receivedIncident)
        view.get(FederationPath.document(.key, message: .key), use: document)
        routes.grouped(RequirePermission(permission: .acknowledgeReports)).post(FederationPath.acknowledge(.key), use: acknowledge)
        let handle = routes.grouped(RequirePermission(permission: .handleIncidents))
        handle.get(FederationPath.upward(.key), use: upward)
        handle.post(FederationPath.upward(.key), use: send)
    }

    // MARK: Administrator

    struct PairForm: Content {
        var name: String?
        var direction: String?
        var url: String?
        var installationId: String?
        var publicKey: String?
        var organisationId: String?
    }

    private func renderHome(_ req: Request, form: FormState = FormState(), direction: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let (identity, _) = try await service.identity(on: req.db)
        let peers = try await repository.peers(in: user.scope, on: req.db)
        let organisations = try await req.application.vigilServices.organisationRepository.all(in: user.scope, on: req.db)
        let page = FederationPages.HomePage(req, identity: identity, peers: peers, organisations: organisations, form: form, direction: direction)
        return try await req.renderPage("federation/home", titleKey: "federation.title", page, status: status)
    }

    @Sendable func home(req: Request) async throws -> Response {
        try await renderHome(req)
    }

    @Sendable func pair(req: Request) async throws -> Response {
        let form = try req.content.decode(PairForm.self)
        do {
            _ = try await service.pair(.init(name: form.name, direction: form.direction, url: form.url, installationID: form.installationId,
                                             publicKey: form.publicKey, organisationID: form.organisationId),
                                       by: try req.currentUser, address: req.clientAddress, on: req.db)
            return req.redirect(to: FederationPath.federation.link(notice: "peer_paired"))
        } catch let error as VigilError where error.status.code < 500 {
            let values = ["name": form.name ?? "", "url": form.url ?? "", "installationId": form.installationId ?? "",
                          "publicKey": form.publicKey ?? "", "organisationId": form.organisationId ?? ""]
            return try await renderHome(req, form: .failed(error, values: values, request: req), direction: form.direction, status: error.status)
        }
    }

    @Sendable func retire(req: Request) async throws -> Response {
        guard let id = req.parameters.get("peerID", as: UUID.self),
              let peer = try await repository.peer(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        try await service.unpair(peer, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: FederationPath.federation.link(notice: "peer_unpaired"))
    }

    @Sendable func messages(req: Request) async throws -> Response {
        let user = try req.currentUser
        let peers = try await repository.peers(in: user.scope, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: peers.map { ($0.0.id!, $0.0.name) })
        let outbound = try await repository.outbound(toPeers: Array(names.keys), limit: 200, on: req.db)
            .map { FederationPages.OutboundRow(req, $0, peer: names[$0.peerID] ?? "") }
        let inbound = try await repository.inbound(fromPeers: Array(names.keys), limit: 200, on: req.db)
            .map { FederationPages.InboundRow(req, $0, peer: names[$0.peerID] ?? "", mayAcknowledge: false) }
        let refusals = user.isRootAdmin ? try await repository.refusals(limit: 200, on: req.db).map { FederationPages.RefusalRow(req, $0) } : []
        let page = FederationPages.MessagesPage(outbound: outbound, inbound: inbound, refusals: refusals, noOutbound: outbound.isEmpty,
                                                noInbound: inbound.isEmpty, noRefusals: refusals.isEmpty, showRefusals: user.isRootAdmin)
        return try await req.renderPage("federation/messages", titleKey: "federation.messages.title", page)
    }

    // MARK: Received incidents

    @Sendable func received(req: Request) async throws -> Response {
        let rows = try await repository.receivedIncidents(in: try req.currentUser.scope, limit: 500, on: req.db)
            .map { FederationPages.ReceivedRow(req, $0, organisation: $1) }
        return try await req.renderPage("federation/received", titleKey: "federation.received.title",
                                        FederationPages.ReceivedListPage(rows: rows, noRows: rows.isEmpty))
    }

    private func loadReceived(_ req: Request) async throws -> FederationReceivedIncidentRecord {
        guard let id = req.parameters.get("receivedID", as: UUID.self),
              let incident = try await repository.receivedIncident(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        return incident
    }

    @Sendable func receivedIncident(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await loadReceived(req)
        let names = try await repository.peerNames([incident.peerID], on: req.db)
        let messages = try await repository.inbound(ofReceivedIncident: incident.id!, on: req.db)
            .map { FederationPages.InboundRow(req, $0, peer: names[$0.peerID] ?? "", mayAcknowledge: user.has(.acknowledgeReports)) }
        let organisation = try await repository.organisationName(incident.organisationID, on: req.db)
        let page = FederationPages.ReceivedPage(
            incident: .init(req, incident, organisation: organisation), description: incident.details,
            scenario: incident.scenario.map { req.t("scenario.\($0)", []) } ?? "", systemName: incident.systemName ?? "",
            serious: incident.serious, notifiedAt: incident.notifiedAt.map { req.formDateTime($0) } ?? "",
            closedAt: incident.closedAt.map { req.formDateTime($0) } ?? "", sentBy: incident.sentBy, contact: incident.contact ?? "",
            messages: messages)
        return try await req.renderPage("federation/received-incident", titleKey: "federation.received.title", title: incident.reference, page)
    }

    struct AcknowledgeForm: Content {
        var message: String?
        var note: String?
    }

    @Sendable func acknowledge(req: Request) async throws -> Response {
        let incident = try await loadReceived(req)
        let form = try req.content.decode(AcknowledgeForm.self)
        guard let id = try InputValidation.uuid(form.message, field: "message") else { throw VigilError.invalid("message", "validation.required") }
        guard let inbound = try await repository.inboundMessage(id, on: req.db), inbound.receivedIncidentID == incident.id else { throw VigilError.notFound }
        try await service.acknowledge(inbound, note: form.note, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: FederationPath.receivedIncident(.value(incident.id!)).link(notice: "message_acknowledged"))
    }

    @Sendable func document(req: Request) async throws -> Response {
        let incident = try await loadReceived(req)
        guard let id = req.parameters.get("messageID", as: UUID.self), let inbound = try await repository.inboundMessage(id, on: req.db),
              inbound.receivedIncidentID == incident.id, let digest = inbound.reportSHA256 else { throw VigilError.notFound }
        let data = try await service.blobs.get(digest)
        return EvidenceController.attachment(data, filename: "\(incident.reference)-\(inbound.reportKind ?? "report").docx", digest: digest,
                                             contentType: DocxWriter.contentType)
    }

    // MARK: Sending upward

    struct SendForm: Content {
        var peer: String?
        var report: String?
    }

    private func renderUpward(_ req: Request, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let incident = try await incidents.load(req)
        let organisation = try await incident.$organisation.get(on: req.db)
        let peers = try await repository.upstreamPeers(forPath: organisation.path, on: req.db)
        let issued = try await incidents.issuedReports(of: try incident.requireID(), on: req.db)
        let sent = try await repository.outbound(ofIncident: try incident.requireID(), on: req.db)
        let names = try await repository.peerNames(Set(sent.map(\.peerID)), on: req.db)
        let chosenPeer = form.values["peer"], chosenReport = form.values["report"]
        let page = FederationPages.UpwardPage(
            incidentID: try incident.requireID().uuidString.lowercased(), reference: incident.reference, title: incident.title,
            peers: peers.map { .init(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id!.uuidString.lowercased() == chosenPeer) },
            noPeers: peers.isEmpty,
            reports: [.init(value: "", label: req.t("federation.send.notification", []), selected: (chosenReport ?? "").isEmpty)]
                + issued.map { report in
                    .init(value: report.id!.uuidString.lowercased(), label: req.t("federation.send.report", [report.title, req.formDateTime(report.issuedAt)]),
                          selected: report.id!.uuidString.lowercased() == chosenReport)
                },
            sent: sent.map { FederationPages.OutboundRow(req, $0, peer: names[$0.peerID] ?? "") }, noSent: sent.isEmpty, form: form)
        return try await req.renderPage("federation/upward", titleKey: "federation.upward.title", title: incident.reference, page, status: status)
    }

    @Sendable func upward(req: Request) async throws -> Response {
        try await renderUpward(req)
    }

    @Sendable func send(req: Request) async throws -> Response {
        let incident = try await incidents.load(req)
        let form = try req.content.decode(SendForm.self)
        do {
            guard let peerID = try InputValidation.uuid(form.peer, field: "peer") else { throw VigilError.invalid("peer", "validation.required") }
            _ = try await service.send(incident, to: peerID, report: try InputValidation.uuid(form.report, field: "report"), by: try req.currentUser,
                                       address: req.clientAddress, on: req.db)
            return req.redirect(to: FederationPath.upward(.value(try incident.requireID())).link(notice: "message_queued"))
        } catch let error as VigilError where error.status.code < 500 && error.status != .notFound {
            return try await renderUpward(req, form: .failed(error, values: ["peer": form.peer ?? "", "report": form.report ?? ""], request: req),
                                          status: error.status)
        }
    }
}
