import Fluent
import Vapor
import VigilCore

/// The monitoring pages: the list (and its CSV), a monitor's page, the status page; "check now"
/// and "accept as the baseline" from the monitor's page.
struct MonitorPageController: RouteCollection, Sendable {
    let service: MonitorService
    let runner: MonitorRunner
    let organisations: OrganisationRepository
    let incidents: IncidentRepository

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewAssets))
        let manage = routes.grouped(RequirePermission(permission: .manageAssets))
        view.get(MonitoringPath.monitors, use: list)
        view.get(MonitoringPath.export, use: exportCSV)
        view.get(MonitoringPath.status, use: statusPage)
        view.get(MonitoringPath.monitor(.key), use: show)
        manage.post(MonitoringPath.checkMonitor(.key), use: checkNow)
        manage.post(MonitoringPath.acceptBaseline(.key), use: acceptBaseline)
    }

    /// What a check found, in words; a defacement lists its reasons (stored as codes).
    static func found(_ code: String?, _ detail: String, _ req: Request) -> String {
        guard let code else { return "" }
        guard code == "defaced" else { return req.t("monitor.check.\(code)", [detail]) }
        let reasons = detail.split(separator: ",").map { req.t("monitor.reason.\($0)") }
        return req.t("monitor.check.defaced") + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: ", "))
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.2f %%", $0) } ?? "—"
    }

    func row(_ monitor: MonitorRecord, uptime: MonitorService.UptimeFigures?, _ req: Request) -> MonitorPages.Row {
        MonitorPages.Row(
            id: monitor.id!.uuidString.lowercased(), name: monitor.name, organisation: monitor.$organisation.value?.name ?? "",
            kind: req.t("monitor.kind.\(monitor.kind)"), target: monitor.target, status: monitor.paused ? "paused" : monitor.status,
            statusLabel: req.t(monitor.paused ? "monitor.paused" : "monitor.status.\(monitor.status)"),
            uptime: Self.percent(uptime?.day), uptimeMonth: Self.percent(uptime?.month), lastChecked: monitor.lastCheckedAt.map(req.formDateTime) ?? "—",
            reason: Self.found(monitor.lastCode, monitor.lastDetail, req), paused: monitor.paused)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let filter = try MonitorService.Filter(req)
        let rows = try await service.list(in: user.scope, filter: filter, after: page.after, limit: page.limit + 1, on: req.db)
        let shown = Array(rows.prefix(page.limit))
        let uptime = try await service.uptime(of: shown.compactMap(\.id), now: Date(), on: req.db)
        let counts = try await service.counts(in: user.scope, on: req.db)
        var values: [String: String] = [:]
        for key in ["status", "kind", "organisation", "system"] {
            if let value = req.query[String.self, at: key], !value.isEmpty { values[key] = String(value.prefix(60)) }
        }
        let body = MonitorPages.ListPage(
            rows: shown.map { row($0, uptime: uptime[$0.id!], req) }, noRows: shown.isEmpty,
            statuses: MonitorStatus.allCases.map { SelectOption(value: $0.rawValue, label: req.t("monitor.status.\($0.rawValue)"), selected: values["status"] == $0.rawValue) },
            kinds: MonitorKind.allCases.map { SelectOption(value: $0.rawValue, label: req.t("monitor.kind.\($0.rawValue)"), selected: values["kind"] == $0.rawValue) },
            organisations: try await organisations.all(in: user.scope, on: req.db).map {
                SelectOption(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: values["organisation"]?.lowercased() == $0.id!.uuidString.lowercased())
            },
            nextCursor: rows.count > page.limit ? shown.last.map { PageRequest.encode($0.id!.uuidString.lowercased()) } : nil,
            query: formEncodedQuery(values), canManage: user.has(.manageAssets),
            up: counts[.up] ?? 0, down: (counts[.down] ?? 0) + (counts[.defaced] ?? 0), warning: counts[.warning] ?? 0)
        return try await req.renderPage("monitoring/monitors", titleKey: "monitor.title", body)
    }

    /// The list as CSV, with the same filters, up to 50,000 rows.
    @Sendable func exportCSV(req: Request) async throws -> Response {
        let user = try req.currentUser
        let rows = try await service.list(in: user.scope, filter: try MonitorService.Filter(req), after: nil, limit: 50_000, on: req.db)
        let uptime = try await service.uptime(of: rows.compactMap(\.id), now: Date(), on: req.db)
        let iso = ISO8601DateFormatter()
        return try CSVExport.response(
            filename: "monitors.csv",
            header: ["name", "organisation", "kind", "target", "status", "paused", "uptime_24h", "uptime_30d", "last_checked_at", "last_reason",
                     "last_response_ms", "incident_id"],
            rows: rows.map { monitor in
                let figures = uptime[monitor.id!]
                return [monitor.name, monitor.organisation.name, monitor.kind, monitor.target, monitor.status, String(monitor.paused),
                        figures?.day.map { String(format: "%.2f", $0) } ?? "", figures?.month.map { String(format: "%.2f", $0) } ?? "",
                        monitor.lastCheckedAt.map(iso.string) ?? "", monitor.lastCode ?? "", monitor.lastMillis.map(String.init) ?? "",
                        monitor.incidentID?.uuidString.lowercased() ?? ""]
            })
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.currentUser
        let monitor = try await service.load(req)
        let id = try monitor.requireID()
        let now = Date()
        let uptime = try await service.uptime(of: [id], now: now, on: req.db)[id]
        let hours = try await service.hours(of: id, since: now.addingTimeInterval(-48 * 3600), on: req.db)
        let points = hours.filter { $0.checks > 0 }.map {
            SVGChart.Point(label: req.formDateTime($0.hour), value: Double($0.totalMillis) / Double($0.checks))
        }
        let checks = try await service.history(of: id, before: nil, limit: 50, on: req.db)
        let incident = try await monitor.incidentID.asyncMap { try await incidents.find($0, for: user, on: req.db) } ?? nil
        let system = try await service.system(of: monitor, on: req.db)
        let body = MonitorPages.ShowPage(
            id: id.uuidString.lowercased(), name: monitor.name, organisation: monitor.organisation.name, system: system?.name,
            kind: req.t("monitor.kind.\(monitor.kind)"), target: monitor.target, status: monitor.paused ? "paused" : monitor.status,
            statusLabel: req.t(monitor.paused ? "monitor.paused" : "monitor.status.\(monitor.status)"),
            reason: Self.found(monitor.lastCode, monitor.lastDetail, req),
            lastChecked: monitor.lastCheckedAt.map(req.formDateTime) ?? "—",
            interval: req.t("monitor.every_seconds", [String(monitor.intervalSeconds)]), paused: monitor.paused, defacement: monitor.defacement,
            keyword: monitor.keyword, certificateExpires: monitor.certExpiresAt.map(req.formDate),
            incidentID: incident?.id?.uuidString.lowercased(), incidentReference: incident?.reference,
            uptimeDay: Self.percent(uptime?.day), uptimeWeek: Self.percent(uptime?.week), uptimeMonth: Self.percent(uptime?.month),
            chart: SVGChart.valueLine(points, unit: " ms", title: req.t("monitor.chart.title")), hasChart: !points.isEmpty,
            checks: checks.map { check in
                MonitorPages.Check(at: req.formDateTime(check.at), status: check.status, statusLabel: req.t("monitor.status.\(check.status)"),
                                   text: check.code == nil ? req.t("monitor.check.ok") : Self.found(check.code, check.detail, req),
                                   millis: check.millis.map { "\($0) ms" } ?? "—")
            },
            baselines: try await service.baselines(of: id, on: req.db).map {
                MonitorPages.Baseline(version: $0.version, at: req.formDateTime($0.createdAt), by: $0.acceptedBy, active: $0.active)
            },
            canManage: user.has(.manageAssets))
        return try await req.renderPage("monitoring/monitor", titleKey: "monitor.title", title: monitor.name, body)
    }

    @Sendable func checkNow(req: Request) async throws -> Response {
        let monitor = try await service.load(req)
        try await runner.check(monitor, on: req.db)
        return req.redirect(to: MonitoringPath.monitor(.value(try monitor.requireID())).link(notice: "monitor_checked"))
    }

    @Sendable func acceptBaseline(req: Request) async throws -> Response {
        let monitor = try await service.load(req)
        let path = MonitoringPath.monitor(.value(try monitor.requireID()))
        do {
            try await runner.acceptBaseline(monitor, by: try req.currentUser, address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            return req.redirect(to: path.link(problem: "error.monitor_baseline_failed"))
        }
        return req.redirect(to: path.link(notice: "monitor_baseline_accepted"))
    }

    /// Every monitor in the caller's scope by organisation, its state and uptime: the page to keep open.
    @Sendable func statusPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        let monitors = try await service.list(in: user.scope, filter: .init(), after: nil, limit: 10_000, on: req.db)
        let uptime = try await service.uptime(of: monitors.compactMap(\.id), now: Date(), on: req.db)
        let groups = Dictionary(grouping: monitors) { $0.organisation.name }.sorted { $0.key < $1.key }.map { name, members in
            MonitorPages.StatusGroup(organisation: name, rows: members.sorted { Self.rank($0) < Self.rank($1) || (Self.rank($0) == Self.rank($1) && $0.name < $1.name) }
                .map { row($0, uptime: uptime[$0.id!], req) })
        }
        return try await req.renderPage("monitoring/status", titleKey: "monitor.status_page",
                                        MonitorPages.StatusPage(groups: groups, noRows: monitors.isEmpty, generated: req.formDateTime(Date())))
    }

    /// Problems first.
    static func rank(_ monitor: MonitorRecord) -> Int {
        if monitor.paused { return 4 }
        switch monitor.monitorStatus {
        case .defaced: return 0
        case .down: return 1
        case .warning: return 2
        case .pending, .up: return 3
        }
    }
}
