import Fluent
import Vapor
import VigilCore

/// One finding: its page (`/vulnerabilities/findings/{id}`: the check's text, the evidence, what
/// each scan and each person did) and its status change, from the page and from
/// `POST /api/v1/findings/{id}/status` (`{"status", "note"?, "until"?}`).
struct FindingController: RouteCollection, Sendable {
    let service: FindingService
    let repository: FindingRepository
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let incidents: IncidentService

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewVulnerabilities)).get(VulnerabilitiesPath.finding(.key), use: page)
        let manage = routes.grouped(RequirePermission(permission: .manageVulnerabilities))
        manage.post(VulnerabilitiesPath.findingStatus(.key), use: changeFromPage)
        manage.post(VulnerabilitiesPath.findingIncident(.key), use: incidentFromPage)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageVulnerabilities))
        manage.post(VulnerabilitiesAPIPath.findingStatus(.key), use: changeFromAPI)
        manage.post(VulnerabilitiesAPIPath.findingIncident(.key), use: incidentFromAPI)
    }

    /// Evidence of compromise found during a scan: an incident reported from the finding, in its
    /// organisation, naming the host's system, with the finding's facts; the finding's history
    /// keeps the incident's reference.
    private func openIncident(_ req: Request, _ finding: FindingRecord) async throws -> IncidentRecord {
        let user = try req.currentUser
        guard user.has(.reportIncidents) else { throw VigilError.forbidden }
        let host = try await assets.host(finding.hostID, on: req.db)
        let system = try await assets.firstSystem(ofHost: finding.hostID, on: req.db)
        let address = host?.addresses.split(separator: ",").first.map(String.init) ?? ""
        let lines = [
            req.t("finding.incident.body", [finding.title, [host?.hostname, address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "),
                                            finding.port.map { "\($0)/\(finding.transport)" } ?? finding.transport]),
            finding.cves.isEmpty ? nil : "CVE: " + finding.cves,
            finding.evidence.isEmpty ? nil : req.t("finding.evidence", []) + ":\n" + finding.evidence,
            req.t("finding.incident.link", [VulnerabilitiesPath.finding(.value(finding.id!)).path]),
        ].compactMap { $0 }
        let incident = try await incidents.report(
            .init(title: String(req.t("finding.incident.title", [finding.title]).prefix(200)), description: lines.joined(separator: "\n\n"),
                  discoveredAt: try await repository.lastSeen(of: finding, on: req.db), systemName: system?.name,
                  organisationID: finding.organisationID),
            by: user, address: req.clientAddress, on: req.db)
        try await repository.noteIncident(incident.reference, openedFrom: finding, by: user.displayName,
                                          note: req.t("finding.incident.opened", [incident.reference]), on: req.db)
        return incident
    }

    @Sendable func incidentFromPage(req: Request) async throws -> Response {
        let incident = try await openIncident(req, try await finding(req))
        return req.redirect(to: IncidentsPath.show(.value(incident.id!)).link(notice: "created"))
    }

    struct IncidentAnswer: Content {
        let incidentId: String
        let reference: String
    }

    @Sendable func incidentFromAPI(req: Request) async throws -> Response {
        let incident = try await openIncident(req, try await finding(req))
        return try await IncidentAnswer(incidentId: incident.id!.uuidString.lowercased(), reference: incident.reference)
            .encodeResponse(status: .created, for: req)
    }

    private func finding(_ req: Request) async throws -> FindingRecord {
        guard let id = req.parameters.get("findingID", as: UUID.self) else { throw VigilError.notFound }
        let scope = try await organisations.all(in: try req.currentUser.scope, on: req.db).compactMap(\.id)
        return try await service.find(id, scope: scope, on: req.db)
    }

    private func render(_ req: Request, _ finding: FindingRecord, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let host = try await assets.host(finding.hostID, on: req.db)
        let check = try await repository.check(finding.checkID, on: req.db)
        let (sightings, scans) = try await repository.sightings(of: finding, on: req.db)
        let lastSeen = try await repository.lastSeen(of: finding, on: req.db)
        var events: [(Date, String)] = sightings.compactMap { sighting in
            scans[sighting.scanID].map { ($0.importedAt, req.t("finding.event.scan.\(sighting.change)", [$0.fileName])) }
        }
        events += try await service.events(of: finding, on: req.db).map { event in
            (event.at, req.t("finding.event.status", [event.actor, req.t("finding.status.\(event.fromStatus)"), req.t("finding.status.\(event.toStatus)")])
                + (event.note.isEmpty ? "" : ": " + event.note))
        }
        let page = Page(
            id: finding.id!.uuidString.lowercased(), title: finding.title,
            host: [host?.hostname, host?.addresses.split(separator: ",").first.map(String.init)].compactMap { $0 }.joined(separator: " · "),
            hostID: finding.hostID.uuidString.lowercased(), port: finding.port.map { "\($0)/\(finding.transport)" } ?? finding.transport,
            severity: finding.severity, severityLabel: req.t("finding.severity.\(finding.severity)"), status: finding.status,
            statusLabel: req.t("finding.status.\(finding.status)"), cves: finding.cves.split(separator: " ").map(String.init),
            cvss: [finding.cvss.map { String($0) }, check?.cvssVector].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "),
            description: check?.details ?? "", solution: check?.solution ?? "", evidence: finding.evidence,
            firstSeen: req.formDateTime(finding.firstSeenAt), lastSeen: req.formDateTime(lastSeen),
            due: finding.allowsIntrusion ? req.t("finding.due_now") : (finding.dueAt.map(req.formDate) ?? "—"),
            acceptedUntil: finding.acceptedUntil.map(req.formDate),
            events: events.sorted { $0.0 > $1.0 }.map { Page.Event(at: req.formDateTime($0.0), text: $0.1) },
            statuses: FindingStatus.allCases.filter { $0.rawValue != finding.status }.map {
                SelectOption(value: $0.rawValue, label: req.t("finding.status.\($0.rawValue)"), selected: form.values["status"] == $0.rawValue)
            },
            canManage: user.has(.manageVulnerabilities), canReport: user.has(.manageVulnerabilities) && user.has(.reportIncidents), form: form)
        return try await req.renderPage("vulnerabilities/finding", titleKey: "finding.title", title: finding.title, page, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, try await finding(req))
    }

    struct StatusForm: Content {
        var status: String
        var note: String?
        var until: String?
    }

    private func change(_ req: Request, _ finding: FindingRecord, _ form: StatusForm) async throws {
        guard let status = FindingStatus(rawValue: form.status) else { throw VigilError.invalid("status", "validation.unknown_code", [form.status]) }
        var until: Date?
        if let raw = form.until?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let date = ISO8601.parse(raw.count == 10 ? raw + "T23:59:59Z" : raw) else { throw VigilError.invalid("until", "validation.date") }
            until = date
        }
        try await service.change(finding, to: status, note: form.note ?? "", acceptedUntil: until, by: try req.currentUser,
                                 address: req.clientAddress, on: req.db)
    }

    @Sendable func changeFromPage(req: Request) async throws -> Response {
        let finding = try await finding(req)
        let form = try req.content.decode(StatusForm.self)
        do {
            try await change(req, finding, form)
            return req.redirect(to: VulnerabilitiesPath.finding(.value(finding.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, finding, form: .failed(error, values: ["status": form.status, "note": form.note ?? "", "until": form.until ?? ""],
                                                                request: req), status: error.status)
        }
    }

    struct StatusAnswer: Content {
        let id: String
        let status: String
        let acceptedUntil: Date?
    }

    @Sendable func changeFromAPI(req: Request) async throws -> StatusAnswer {
        let finding = try await finding(req)
        try await change(req, finding, try req.decodeJSON(StatusForm.self))
        return StatusAnswer(id: finding.id!.uuidString.lowercased(), status: finding.status, acceptedUntil: finding.acceptedUntil)
    }
}
