import Fluent
import Vapor
import VigilCore

/// Hosts entered and changed by hand: `/assets/hosts/new`, `/assets/hosts/{id}/edit`, and removal
/// of a host that no longer exists. The form's field names are the CSV import's columns, and it is
/// checked by the same rules (`HostDraft.parse`).
struct HostFormController: RouteCollection, Sendable {
    let service: HostService
    let repository: HostRepository
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let settings: SettingsStore

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(permission: .manageAssets))
        manage.get(AssetsPath.newHost, use: newPage)
        manage.post(AssetsPath.hosts, use: create)
        manage.get(AssetsPath.editHost(.key), use: editPage)
        manage.post(AssetsPath.host(.key), use: update)
        manage.post(AssetsPath.removeHost(.key), use: remove)
    }

    private func render(_ req: Request, host: HostRecord?, form: FormState, systemIDs: [String]? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        var values = form.values
        var chosen = Set(systemIDs ?? [])
        if let host, values.isEmpty {
            let product = ((try? JSONDecoder.vigil.decode([AntiMalwareState].self, from: Data(host.avDetail.utf8))) ?? []).first
            values = ["hostname": host.hostname, "machine_id": host.machineID ?? "", "organisation": host.$organisation.id.uuidString.lowercased(),
                      "role": host.role, "os_name": host.osName, "os_version": host.osVersion,
                      "addresses": host.addresses.replacingOccurrences(of: ",", with: " "), "owner": host.owner, "criticality": host.criticality,
                      "av_product": product?.product ?? "", "av_version": product?.version ?? "",
                      "av_enabled": product?.enabled == true ? "yes" : "", "av_real_time": product?.realTimeProtection == true ? "yes" : "",
                      "av_managed": product?.centrallyManaged == true ? "yes" : "",
                      "av_signature_date": product?.signatureDate.map(req.formDate) ?? "", "av_last_scan": product?.lastScan.map(req.formDate) ?? ""]
            chosen = Set(try await assets.systemIDs(ofHost: host.requireID(), on: req.db).map { $0.uuidString.lowercased() })
        } else if host == nil && values.isEmpty {
            values = ["av_enabled": "yes", "av_real_time": "yes"]
        }
        let visible = try await organisations.all(in: user.scope, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: visible.map { ($0.id!, $0.name) })
        let systems = try await assets.systems(ofOrganisations: Array(names.keys), on: req.db)
        var state = form
        state.values = values
        let selectedOrganisation = values["organisation"] ?? user.organisationID.uuidString.lowercased()
        let page = FormPage(
            id: host?.id?.uuidString.lowercased(), hostname: host?.hostname ?? "",
            organisations: visible.map {
                SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: selectedOrganisation == $0.id!.uuidString.lowercased())
            },
            roles: HostRole.allCases.map { SelectOption(value: $0.rawValue, label: req.t("host.role.\($0.rawValue)"), selected: (values["role"] ?? "workstation") == $0.rawValue) },
            criticalities: Criticality.allCases.map {
                SelectOption(value: $0.rawValue, label: req.t("host.criticality.\($0.rawValue)"), selected: (values["criticality"] ?? "medium") == $0.rawValue)
            },
            systems: systems.map { system in
                FormPage.SystemChoice(id: system.id!.uuidString.lowercased(), label: "\(system.name) (\(names[system.$organisation.id] ?? ""))",
                                      checked: chosen.contains(system.id!.uuidString.lowercased()))
            },
            hasSystems: !systems.isEmpty, reportedByAgent: host?.source == StateSource.agent.rawValue, form: state)
        return try await req.renderPage("assets/host-form", titleKey: host == nil ? "host.new" : "host.edit", page, status: status)
    }

    func host(_ req: Request) async throws -> HostRecord {
        guard let id = req.parameters.get("hostID", as: UUID.self),
              let host = try await repository.find(id, scope: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        return host
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        try await render(req, host: nil, form: FormState())
    }

    @Sendable func editPage(req: Request) async throws -> Response {
        try await render(req, host: try await host(req), form: FormState())
    }

    struct Form: Content {
        var hostname: String?
        var machine_id: String?
        var organisation: String?
        var role: String?
        var os_name: String?
        var os_version: String?
        var addresses: String?
        var owner: String?
        var criticality: String?
        var systems: [String]?
        var av_product: String?
        var av_version: String?
        var av_enabled: String?
        var av_real_time: String?
        var av_managed: String?
        var av_signature_date: String?
        var av_last_scan: String?

        /// The import's cells; an unticked box is a "no".
        var cells: [String: String] {
            var cells = ["hostname": hostname ?? "", "machine_id": machine_id ?? "", "organisation": organisation ?? "", "role": role ?? "",
                         "os_name": os_name ?? "", "os_version": os_version ?? "", "addresses": addresses ?? "", "owner": owner ?? "",
                         "criticality": criticality ?? "", "av_product": av_product ?? "", "av_version": av_version ?? "",
                         "av_signature_date": av_signature_date ?? "", "av_last_scan": av_last_scan ?? ""]
            cells["av_enabled"] = av_enabled == nil ? "no" : "yes"
            cells["av_real_time"] = av_real_time == nil ? "no" : "yes"
            cells["av_managed"] = av_managed == nil ? "no" : "yes"
            return cells
        }
    }

    private func submit(_ req: Request, existing: HostRecord?) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let (draft, problems) = HostDraft.parse(form.cells, parseDateTime: ISO8601.parse)
        var all = problems
        let systemIDs = (form.systems ?? []).compactMap { raw -> UUID? in
            guard let id = UUID(uuidString: raw) else {
                all.append(FieldProblem("systems", "host.error.system_elsewhere"))
                return nil
            }
            return id
        }
        if let machine = draft.machineID, machine.contains(where: { $0.isWhitespace }) { all.append(FieldProblem("machine_id", "checkin.error.machine_id")) }
        do {
            let host = try await service.save(draft, problems: all, systemIDs: systemIDs, existing: existing, by: try req.currentUser,
                                              address: req.clientAddress, on: req.db)
            return req.redirect(to: AssetsPath.host(.value(host.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await render(req, host: existing, form: .failed(error, values: form.cells.filter { $0.value != "no" }, request: req),
                                    systemIDs: form.systems ?? [], status: error.status)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await submit(req, existing: nil)
    }

    @Sendable func update(req: Request) async throws -> Response {
        try await submit(req, existing: try await host(req))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        try await service.remove(try await host(req), by: try req.currentUser, address: req.clientAddress, on: req.db)
        return req.redirect(to: AssetsPath.hosts.link(notice: "host_removed"))
    }
}
