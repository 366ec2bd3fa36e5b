import Vapor
import VigilCore

/// The home page's panel for each role: a staff member's own reports, a responder's tasks, a
/// focal point's and a leader's agency (the compliance tiles), a coordinator's province (the
/// agencies worst first). A user with several roles gets each panel their permissions allow.
struct DashboardPanels: Sendable {
    let incidents: IncidentRepository
    let compliance: ComplianceService

    /// Rows on the home page; the lists behind them hold the rest.
    static let rows = 8

    func reports(_ req: Request, user: CurrentUser) async throws -> [DashboardController.Page.Item] {
        // Someone who sees others' incidents has the incidents list; the panel is for reporters.
        guard user.has(.reportIncidents), !user.has(.viewIncidents) else { return [] }
        return try await incidents.list(for: user, filter: .init(), after: nil, limit: Self.rows, on: req.db).map { incident in
            DashboardController.Page.Item(
                title: "\(incident.reference) · \(incident.title)", detail: req.t("status.\(incident.status.rawValue)"),
                when: req.formDateTime(Date(timeIntervalSince1970: Double(incident.reportedMillis) / 1000)), link: IncidentsPath.show(.value(incident.id!)).path, alert: false)
        }
    }

    func tasks(_ req: Request, user: CurrentUser, now: Date) async throws -> [DashboardController.Page.Item] {
        guard user.has(.handleIncidents) else { return [] }
        return try await incidents.openTasks(of: user.userID, limit: Self.rows, on: req.db).map { task in
            DashboardController.Page.Item(
                title: req.language == .vi ? task.titleVi : task.titleEn, detail: "\(task.reference) · \(task.incidentTitle)",
                when: req.formDateTime(task.dueAt), link: IncidentsPath.show(.value(task.incidentID)).link(fragment: "tasks"), alert: task.dueAt < now)
        }
    }

    /// Whether the user's home page compares the agencies under them: a coordinator's or an
    /// administrator's at a province. Anyone else who sees compliance sees their own organisation.
    static func comparesAgencies(_ user: CurrentUser, own: OrganisationRecord) -> Bool {
        user.has(.compareCompliance) && own.kind == .province
    }

    /// The caller's organisation's indicators, for those who answer for one agency (or unit).
    func agency(_ req: Request, user: CurrentUser, now: Date) async throws -> [CompliancePages.Tile] {
        guard user.has(.viewCompliance) else { return [] }
        let own = try await compliance.organisation(nil, for: user, on: req.db)
        guard !Self.comparesAgencies(user, own: own) else { return [] }
        let report = try await compliance.report(for: own, user: user, on: req.db, now: now)
        let presenter = CompliancePresenter(req: req, timeZone: compliance.timeZone)
        return report.indicators.map { presenter.tile($0, organisation: own.id!, now: now) }
    }

    struct Province: Encodable, Sendable {
        let summary: String
        let rows: [CompliancePages.Row]
        let columns: [String]
    }

    /// The agencies under a coordinator, the worst few first.
    func province(_ req: Request, user: CurrentUser, now: Date) async throws -> Province? {
        guard user.has(.compareCompliance),
              Self.comparesAgencies(user, own: try await compliance.organisation(nil, for: user, on: req.db)) else { return nil }
        let agencies = try await compliance.agencies(for: user, on: req.db)
        guard !agencies.isEmpty else { return nil }
        let reports = try await compliance.reports(for: agencies, user: user, on: req.db, now: now)
            .sorted(by: ComplianceService.Report.worstFirst)
        let presenter = CompliancePresenter(req: req, timeZone: compliance.timeZone)
        let worst = reports.map(\.worst)
        let rows = reports.prefix(Self.rows).map { presenter.row($0, now: now) }
        return Province(
            summary: req.t("compliance.province_summary", String(reports.count), String(worst.filter { $0 == .failing }.count),
                           String(worst.filter { $0 == .warning }.count), String(worst.filter { $0 == .ok }.count)),
            rows: Array(rows), columns: IndicatorCode.allCases.map { req.t("compliance.short.\($0.rawValue)") })
    }
}
