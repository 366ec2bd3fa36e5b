import Vapor
import VigilCore

/// The compliance pages: `/compliance`, an organisation as its leader sees it (the indicators as
/// tiles, a year of trends, the obligations calendar, the open work that changes the picture
/// most, its units), and `/compliance/agencies`, the agencies under a coordinator side by side
/// (a sortable table of coloured cells, a heat map, a status filter, worst first, CSV).
struct CompliancePageController: Sendable {
    let service: ComplianceService
    let calendar: ComplianceCalendar
    let snapshots: ComplianceSnapshotRepository

    /// Obligations shown on the page; the rest are counted.
    static let calendarLimit = 40

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewCompliance)).get(ComplianceWebPath.agency, use: agency)
        let compare = routes.grouped(RequirePermission(permission: .compareCompliance))
        compare.get(ComplianceWebPath.agencies, use: agencies)
        compare.get(ComplianceWebPath.agenciesExport, use: export)
    }

    @Sendable func agency(req: Request) async throws -> Response {
        let user = try req.currentUser
        let organisation = try await service.organisation(try InputValidation.uuid(req.query[String.self, at: "org"], field: "org"), for: user, on: req.db)
        let now = Date()
        let visible = user.scope.includesSubtree ? try await service.organisations.all(in: user.scope, on: req.db) : [organisation]
        let subtree = visible.filter { $0.path.hasPrefix(organisation.path) }
        let units = subtree.filter { $0.$parent.id == organisation.id }.sorted { $0.name < $1.name }
        let reports = try await service.reports(for: [organisation] + units, within: subtree, on: req.db, now: now, freshness: .recent)
        let presenter = CompliancePresenter(req: req, timeZone: service.timeZone)
        let id = organisation.id!
        let report = reports[0]
        let history = try await snapshots.yearOfHistory(organisation: id, today: now, timeZone: service.timeZone, on: req.db)
        let upcoming = ObligationCalendar.upcoming(try await calendar.obligations(of: subtree, on: req.db, now: now),
                                                   now: now, limit: Self.calendarLimit)
        let names = Dictionary(uniqueKeysWithValues: subtree.map { ($0.id!, $0.name) })
        let trends = presenter.trends(history)
        let months = presenter.calendar(upcoming.items, names: names, now: now)
        let work = presenter.work(report.indicators, organisation: id, now: now)
        let page = CompliancePages.Agency(
            organisation: organisation.name, computedAt: req.formDateTime(reports[0].computedAt),
            tiles: report.indicators.map { presenter.tile($0, organisation: id, now: now) },
            failing: report.indicators.filter { $0.status == .failing }.count, warning: report.indicators.filter { $0.status == .warning }.count,
            units: reports.dropFirst().map { unit($0, presenter: presenter) }, hasUnits: reports.count > 1,
            trends: trends, hasHistory: !trends.isEmpty, calendar: months, hasCalendar: !months.isEmpty, moreCalendar: upcoming.more,
            work: work, hasWork: !work.isEmpty, provinceLink: user.has(.compareCompliance) ? ComplianceWebPath.agencies.path : nil)
        return try await req.renderPage("compliance/agency", titleKey: "compliance.title", title: "\(req.t("compliance.title")): \(organisation.name)", page)
    }

    private func unit(_ report: ComplianceService.Report, presenter: CompliancePresenter) -> CompliancePages.Unit {
        let worst = report.worst
        return CompliancePages.Unit(
            name: report.organisation.name, link: ComplianceWebPath.agency.link(query: ["org": report.organisation.id!.uuidString.lowercased()]),
            depth: 1, status: worst.rawValue, statusLabel: presenter.req.t("compliance.status.\(worst.rawValue)"),
            failing: report.indicators.filter { $0.status == .failing }.count, warning: report.indicators.filter { $0.status == .warning }.count,
            selected: false)
    }

    /// The table's order and filter from the query: `sort` is `name`, `-name`, an indicator's code
    /// (worst first in that column) or `-code` (best first); `status` keeps the agencies whose worst
    /// indicator has that status. Unknown values are a 422 naming the parameter.
    struct TableQuery {
        var sort: String?
        var status: IndicatorStatus?

        init(_ req: Request) throws {
            if let raw = req.query[String.self, at: "sort"], !raw.isEmpty {
                let bare = raw.hasPrefix("-") ? String(raw.dropFirst()) : raw
                guard bare == "name" || IndicatorCode(rawValue: bare) != nil else { throw VigilError.invalid("sort", "validation.unknown_code", [raw]) }
                sort = raw
            }
            if let raw = req.query[String.self, at: "status"], !raw.isEmpty {
                guard let parsed = IndicatorStatus(rawValue: raw) else { throw VigilError.invalid("status", "validation.unknown_code", [raw]) }
                status = parsed
            }
        }

        func apply(_ reports: [ComplianceService.Report]) -> [ComplianceService.Report] {
            let kept = status.map { wanted in reports.filter { $0.worst == wanted } } ?? reports
            guard let sort else {
                return kept.sorted(by: ComplianceService.Report.worstFirst)
            }
            let descending = sort.hasPrefix("-")
            let key = descending ? String(sort.dropFirst()) : sort
            guard let code = IndicatorCode(rawValue: key) else {
                return kept.sorted { descending ? $0.organisation.name > $1.organisation.name : $0.organisation.name < $1.organisation.name }
            }
            func badness(_ report: ComplianceService.Report) -> (Int, Double) {
                guard let indicator = report.indicators.first(where: { $0.code == code }) else { return (0, 0) }
                let rank = IndicatorStatus.allCases.firstIndex(of: indicator.status) ?? 0
                // A lower share is worse for a ratio or yes/no, a higher count is worse for a count.
                return (rank, code.kind == .count ? indicator.value : -indicator.value)
            }
            return kept.sorted { left, right in
                let (l, r) = (badness(left), badness(right))
                if l != r { return descending ? l < r : l > r }
                return left.organisation.name < right.organisation.name
            }
        }
    }

    @Sendable func agencies(req: Request) async throws -> Response {
        let user = try req.currentUser
        let query = try TableQuery(req)
        let now = Date()
        let own = try await service.organisation(nil, for: user, on: req.db)
        let all = try await service.reports(for: try await service.agencies(for: user, on: req.db), user: user, on: req.db, now: now)
        let reports = query.apply(all)
        let presenter = CompliancePresenter(req: req, timeZone: service.timeZone)
        func link(sort: String?, status: IndicatorStatus?) -> String {
            var pairs: [(String, String)] = []
            if let sort { pairs.append(("sort", sort)) }
            if let status { pairs.append(("status", status.rawValue)) }
            return ComplianceWebPath.agencies.path + (pairs.isEmpty ? "" : "?" + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&"))
        }
        let columns = IndicatorCode.allCases.map { code in
            let raw = code.rawValue
            return CompliancePages.Column(
                code: raw, label: req.t("compliance.short.\(raw)"), sortLink: link(sort: query.sort == raw ? "-\(raw)" : raw, status: query.status),
                sorted: query.sort == raw ? "worst" : query.sort == "-\(raw)" ? "best" : nil)
        }
        let rows = reports.map { presenter.row($0, now: now) }
        let worst = all.map(\.worst)
        let heatMap = SVGChart.heatMap(
            columns: columns.map(\.label),
            rows: rows.map { row in
                SVGChart.HeatRow(label: row.name, link: row.link, cells: row.cells.map {
                    SVGChart.HeatCell(style: "status-\($0.status)", link: $0.link, title: "\(row.name) · \($0.label): \($0.value) (\($0.statusLabel))")
                })
            },
            title: req.t("compliance.heat_map"))
        let page = CompliancePages.Province(
            organisation: own.name, computedAt: req.formDateTime(all.map(\.computedAt).min() ?? now), columns: columns, rows: rows, hasRows: !rows.isEmpty,
            agencies: all.count, shown: rows.count, failingAgencies: worst.filter { $0 == .failing }.count,
            warningAgencies: worst.filter { $0 == .warning }.count, okAgencies: worst.filter { $0 == .ok }.count,
            statuses: [CompliancePages.StatusChoice(value: "", label: req.t("compliance.filter.all"), selected: query.status == nil)]
                + IndicatorStatus.allCases.reversed().map {
                    CompliancePages.StatusChoice(value: $0.rawValue, label: req.t("compliance.filter.\($0.rawValue)"), selected: query.status == $0)
                },
            heatMap: heatMap, csvLink: ComplianceWebPath.agenciesExport.path + (query.status.map { "?status=\($0.rawValue)" } ?? ""),
            nameSortLink: link(sort: query.sort == "name" ? "-name" : "name", status: query.status))
        return try await req.renderPage("compliance/agencies", titleKey: "compliance.province_title", page)
    }

    /// The province table as CSV: each agency with each indicator's value and status, worst first.
    @Sendable func export(req: Request) async throws -> Response {
        let user = try req.currentUser
        let query = try TableQuery(req)
        let now = Date()
        let reports = query.apply(try await service.reports(for: try await service.agencies(for: user, on: req.db), user: user, on: req.db, now: now))
        let presenter = CompliancePresenter(req: req, timeZone: service.timeZone)
        let header = [req.t("field.organisation")] + IndicatorCode.allCases.flatMap {
            [req.t("compliance.indicator.\($0.rawValue)"), req.t("compliance.csv.status", req.t("compliance.short.\($0.rawValue)"))]
        }
        let rows = reports.map { report in
            [report.organisation.name] + report.indicators.flatMap { [presenter.value($0), req.t("compliance.status.\($0.status.rawValue)")] }
        }
        return try CSVExport.response(filename: "compliance-\(ISODay.string(now, in: service.timeZone)).csv", header: header, rows: rows)
    }
}
