import Fluent
import Vapor
import VigilCore

/// The hosts in scope: `GET /api/v1/hosts`, the list page `/assets/hosts` and a host's page.
struct HostController: RouteCollection, Sendable {
    let repository: HostRepository
    let organisations: OrganisationRepository
    let settings: SettingsStore
    let assets: AssetRepository
    let advisories: AdvisoryRepository

    func boot(routes: any RoutesBuilder) throws {
        // The section's entry: coverage first, since the 100 % target is what the section answers.
        let view = routes.grouped(RequirePermission(permission: .viewAssets))
        view.get(AssetsPath.section) { req in req.redirect(to: AssetsPath.coverage.path) }
        view.get(AssetsPath.hosts, use: listPage)
        view.get(AssetsPath.host(.key), use: showPage)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewAssets)).get(AssetsAPIPath.hosts, use: listJSON)
        routes.grouped(RequirePermission(permission: .viewAssets)).get(AssetsAPIPath.host(.key), use: showJSON)
    }

    /// One host in scope, as the list gives it; 404 for another organisation's.
    @Sendable func showJSON(req: Request) async throws -> HostDTO {
        try await Self.hostDTO(req, repository: repository, settings: settings)
    }

    static func hostDTO(_ req: Request, repository: HostRepository, settings: SettingsStore) async throws -> HostDTO {
        guard let id = req.parameters.get("hostID", as: UUID.self) else { throw VigilError.notFound }
        var filter = HostRepository.Filter()
        filter.hostID = id
        guard let row = try await repository.list(scope: try req.currentUser.scope, filter: filter, from: nil, limit: 1,
                                                  policy: try await settings.protectionPolicy(on: req.db), now: Date(), on: req.db).first
        else { throw VigilError.notFound }
        return HostDTO(row)
    }

    static let verdicts = ["protected", "unprotected", "stale", "unknown", "no_product", "product_disabled", "real_time_off",
                           "signatures_unknown", "signatures_old"]

    /// The filter from the query string: `org` (an id in scope), `status` (a verdict or reason), `q`.
    private func filter(_ req: Request, user: CurrentUser) async throws -> HostRepository.Filter {
        var filter = HostRepository.Filter()
        if let raw = req.query[String.self, at: "org"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw), let organisation = try await organisations.find(id, in: user.scope, on: req.db) else {
                throw VigilError.invalid("org", "validation.organisation_unknown")
            }
            filter.organisationPath = organisation.path
        }
        if let status = req.query[String.self, at: "status"], !status.isEmpty {
            guard Self.verdicts.contains(status) else { throw VigilError.invalid("status", "validation.unknown_code", [status]) }
            filter.verdict = status
        }
        filter.text = req.query[String.self, at: "q"].map { String($0.prefix(100)) }
        return filter
    }

    /// The page's chosen column order (none: by name), refusing an unknown one.
    private func sort(_ req: Request) throws -> HostRepository.Sort? {
        guard let raw = req.query[String.self, at: "sort"], !raw.isEmpty else { return nil }
        guard let sort = HostRepository.Sort(rawValue: raw) else { throw VigilError.invalid("sort", "validation.unknown_code", [String(raw.prefix(40))]) }
        return sort
    }

    private func rows(_ req: Request, limit: Int, cursor: String?, sort: HostRepository.Sort? = nil,
                      descending: Bool = false) async throws -> [HostRepository.Row] {
        let user = try req.currentUser
        var position: HostRepository.Position?
        if let sort {
            // In another order than by name the cursor is an offset (`o<N>`).
            guard let start = PageRequest.offset(cursor) else {
                throw VigilError.invalid("cursor", "validation.cursor")
            }
            position = .offset(sort, start, descending: descending)
        } else if let cursor {
            guard let separator = cursor.lastIndex(of: "|"), let id = UUID(uuidString: String(cursor[cursor.index(after: separator)...])) else {
                throw VigilError.invalid("cursor", "validation.cursor")
            }
            position = .after(String(cursor[..<separator]), id)
        }
        return try await repository.list(scope: user.scope, filter: try await filter(req, user: user), from: position, limit: limit,
                                         policy: try await settings.protectionPolicy(on: req.db), now: Date(), on: req.db)
    }

    struct HostDTO: Content {
        struct Protection: Content { let status: String; let reason: String? }
        let id: String
        let hostname: String
        let machineId: String?
        let organisation: OrganisationRef
        let role: String
        let os: String
        let addresses: [String]
        let lastSeenAt: Date?
        let source: String
        let protection: Protection
        let antimalware: [AntiMalwareState]

        init(_ row: HostRepository.Row) {
            id = row.id.uuidString.lowercased()
            hostname = row.hostname
            machineId = row.machine_id
            organisation = .init(id: row.organisation_id.uuidString.lowercased(), name: row.organisation)
            role = row.role
            os = [row.os_name, row.os_version].filter { !$0.isEmpty }.joined(separator: " ")
            addresses = row.addresses.split(separator: ",").map(String.init)
            lastSeenAt = row.last_seen_at
            source = row.source
            protection = .init(status: CoverageController.status(of: row.reason), reason: row.reason == "protected" ? nil : row.reason)
            antimalware = (try? JSONDecoder.vigil.decode([AntiMalwareState].self, from: Data(row.av_detail.utf8))) ?? []
        }
    }

    @Sendable func listJSON(req: Request) async throws -> APIPage<HostDTO> {
        let page = try req.pageRequest()
        if let sort = try ListSort<HostRepository.Sort>.parse(req.query[String.self, at: "sort"]) {
            let offset = PageRequest.offset(page.after) ?? 0
            let rows = try await rows(req, limit: page.limit + 1, cursor: page.after, sort: sort.order, descending: sort.descending)
            return APIPage(items: rows.prefix(page.limit).map(HostDTO.init), nextKey: rows.count > page.limit ? "o\(offset + page.limit)" : nil)
        }
        let rows = try await rows(req, limit: page.limit + 1, cursor: page.after)
        return APIPage(rows: rows.map(HostDTO.init), limit: page.limit) { "\($0.hostname)|\($0.id)" }
    }

    @Sendable func listPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let sort = try sort(req)
        let rows = try await rows(req, limit: page.limit + 1, cursor: page.after, sort: sort)
        let shown = rows.prefix(page.limit).map { row in
            ListPage.Row(id: row.id.uuidString.lowercased(), hostname: row.hostname, organisation: row.organisation,
                         role: req.t("host.role.\(row.role)"), os: [row.os_name, row.os_version].filter { !$0.isEmpty }.joined(separator: " "),
                         status: CoverageController.status(of: row.reason),
                         reason: row.reason == "protected" ? req.t("protection.protected") : req.t("protection.reason.\(row.reason)"),
                         lastSeen: row.last_seen_at.map(req.formDateTime) ?? "—")
        }
        let org = req.query[String.self, at: "org"] ?? ""
        let status = req.query[String.self, at: "status"] ?? ""
        let q = req.query[String.self, at: "q"] ?? ""
        let offset = page.offset ?? 0
        let next = rows.count <= page.limit ? nil : sort != nil ? PageRequest.offsetCursor(offset + page.limit)
            : rows.prefix(page.limit).last.map { PageRequest.encode("\($0.hostname)|\($0.id.uuidString)") }
        let filters = ["org": org, "status": status, "q": q].filter { !$0.value.isEmpty }
        let body = ListPage(
            rows: Array(shown), noRows: shown.isEmpty,
            organisations: try await organisations.all(in: user.scope, on: req.db).map {
                SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id!.uuidString.lowercased() == org.lowercased())
            },
            statuses: Self.verdicts.map {
                SelectOption(value: $0, label: ["protected", "unprotected", "stale", "unknown"].contains($0)
                                ? req.t("protection.status.\($0)") : "— " + req.t("protection.reason.\($0)"), selected: $0 == status)
            },
            q: q, nextCursor: next, query: formEncodedQuery(filters.merging(["sort": sort?.rawValue ?? ""].filter { !$0.value.isEmpty }) { $1 }),
            sort: sort?.rawValue ?? "", sortQuery: formEncodedQuery(filters),
            canManage: user.has(.manageAssets))
        return try await req.renderPage("assets/hosts", titleKey: "host.title", body)
    }

    @Sendable func showPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard let id = req.parameters.get("hostID", as: UUID.self), let host = try await repository.find(id, scope: user.scope, on: req.db) else {
            throw VigilError.notFound
        }
        let now = Date()
        let states = (try? JSONDecoder.vigil.decode([AntiMalwareState].self, from: Data(host.avDetail.utf8))) ?? []
        let verdict = try await settings.protectionPolicy(on: req.db).evaluate(products: states, lastReport: host.avReportAt, now: now)
        let packages = host.software.split(separator: "\n").map { line -> String in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return fields.count > 2 && !fields[2].isEmpty ? "\(fields[0]) \(fields[2])" : String(fields.first ?? "")
        }
        let history = try await assets.stateHistory(ofHost: id, limit: 20, on: req.db).map { change in
            let products = (try? JSONDecoder.vigil.decode([AntiMalwareState].self, from: Data(change.detail.utf8))) ?? []
            let summary = products.isEmpty ? req.t("protection.no_product")
                : products.map { "\($0.product): " + req.t($0.enabled ? ($0.realTimeProtection ? "host.state.on" : "host.state.no_real_time") : "host.state.off") }
                    .joined(separator: "; ")
            return ShowPage.Change(at: req.formDateTime(change.at), source: req.t("host.source.\(change.source)"), summary: summary)
        }
        let systems = try await assets.systems(ofHost: id, on: req.db).map {
            SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: false)
        }
        let warnings = try await advisories.openHits(onHost: id, on: req.db).map { advisory, matches -> SelectOption in
            let advisoryID = advisory.id!
            let why = matches.map { $0.source == "software" ? "\($0.subject) \($0.version)" : $0.detail }.joined(separator: ", ")
            return SelectOption(value: advisoryID.uuidString.lowercased(), label: "\(advisory.reference): \(advisory.title) — \(why)", selected: false)
        }.sorted { $0.label < $1.label }
        let page = ShowPage(
            hostname: host.hostname, organisation: host.organisation.name, machineId: host.machineID ?? "—",
            role: req.t("host.role.\(host.role)"), os: [host.osName, host.osVersion].filter { !$0.isEmpty }.joined(separator: " "),
            addresses: host.addresses.replacingOccurrences(of: ",", with: ", "), owner: host.owner, criticality: host.criticality,
            lastSeen: host.lastSeenAt.map(req.formDateTime) ?? "—", source: req.t("host.source.\(host.source)"),
            status: verdict.status.rawValue,
            reason: verdict.reason.map { req.t("protection.\($0.code)", $0.arguments) } ?? req.t("protection.protected"),
            products: states.map {
                ShowPage.Product(product: $0.product, version: $0.version ?? "", enabled: $0.enabled, realTime: $0.realTimeProtection,
                                 managed: $0.centrallyManaged, signatures: $0.signatureDate.map(req.formDateTime) ?? "—",
                                 lastScan: $0.lastScan.map(req.formDateTime) ?? "—")
            },
            hasProducts: !states.isEmpty, software: Array(packages.prefix(500)), softwareCount: packages.count, history: history,
            id: id.uuidString.lowercased(), systems: systems, hasSystems: !systems.isEmpty,
            warnings: warnings, hasWarnings: !warnings.isEmpty, canManage: user.has(.manageAssets))
        return try await req.renderPage("assets/host", titleKey: "host.title", title: host.hostname, page)
    }
}
