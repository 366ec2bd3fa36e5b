import Vapor
import VigilCore

/// `/incidents/criteria`: the rules Vigil judges incidents by, readable by everyone who works with
/// them: severity points and levels, the serious-incident test, the reporting deadlines, each with
/// its source.
struct IncidentCriteriaController: RouteCollection, Sendable {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("incidents", "criteria", use: page)
    }

    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let criterion: String
            let points: String
        }
        let rows: [Row]
        let levels: String
        let severitySource: String
        let seriousLevels: String
        let seriousImpacts: [String]
        let seriousSource: String
        let notificationDays: Int
        let immediateHours: Int
        let reportingSource: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        let criteria = SeverityCriteria()
        let serious = SeriousIncidentRule.decision05of2017
        let reporting = ReportingRule.circular20of2017
        let rows: [Page.Row] = [
            .init(criterion: req.t("criteria.impact"), points: req.t("criteria.impact.points")),
            .init(criterion: req.t("criteria.level"), points: req.t("criteria.level.points")),
            .init(criterion: req.t("criteria.scope", String(criteria.usersMedium), String(criteria.systemsMedium),
                                   String(criteria.usersLarge), String(criteria.systemsLarge)), points: req.t("criteria.scope.points")),
            .init(criterion: req.t("criteria.data"), points: req.t("criteria.data.points")),
            .init(criterion: req.t("criteria.outage", String(Int(criteria.outageHoursMedium)), String(Int(criteria.outageHoursLong))),
                  points: req.t("criteria.outage.points")),
            .init(criterion: req.t("criteria.spreading"), points: "+2"),
        ]
        let body = Page(
            rows: rows,
            levels: req.t("criteria.levels", String(criteria.mediumFrom), String(criteria.highFrom), String(criteria.criticalFrom)),
            severitySource: "\(criteria.source.reference) (\(criteria.source.effectiveFrom))",
            seriousLevels: serious.levels.sorted().map(String.init).joined(separator: ", "),
            seriousImpacts: SeriousImpact.allCases.map { req.t("serious_impact.\($0.rawValue)") },
            seriousSource: "\(serious.source.reference) (\(serious.source.effectiveFrom))",
            notificationDays: reporting.notificationDays, immediateHours: reporting.immediateWithinHours,
            reportingSource: "\(reporting.source.reference) (\(reporting.source.effectiveFrom))")
        return try await req.renderPage("incident-criteria", titleKey: "criteria.title", body)
    }
}
