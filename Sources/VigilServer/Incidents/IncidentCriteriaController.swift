import Vapor
import VigilCore

/// `/incidents/criteria`: the rules Vigil judges incidents by, readable by everyone who works with
/// them: severity points and levels, the serious-incident test, the reporting deadlines, each with
/// its source.
struct IncidentCriteriaController: RouteCollection, Sendable {
    let reportingRules: ReportingRuleStore
    let severityCriteria: SeverityCriteriaStore

    func boot(routes: any RoutesBuilder) throws {
        routes.get(IncidentsPath.criteria, use: page)
        let admin = routes.grouped(RequirePermission(permission: .manageSettings))
        admin.post(IncidentsPath.criteriaReporting, use: saveReporting)
        admin.post(IncidentsPath.criteriaSeverity, use: saveSeverity)
    }

    struct CriteriaVersion: Encodable, Sendable {
        let highFrom: Int
        let criticalFrom: Int
        let source: String
        let effectiveFrom: String
        let saved: String
    }

    struct RuleVersion: Encodable, Sendable {
        let days: Int
        let hours: Int
        let source: String
        let effectiveFrom: String
        let saved: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    struct ReportingForm: Content {
        var notificationDays: String
        var immediateHours: String
        var legalReference: String
        var effectiveFrom: String
    }

    @Sendable func saveReporting(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(ReportingForm.self)
        let rule = ReportingRule(notificationDays: Int(form.notificationDays) ?? 0, immediateWithinHours: Int(form.immediateHours) ?? 0,
                                 source: LegalSource(reference: form.legalReference, effectiveFrom: form.effectiveFrom.trimmingCharacters(in: .whitespaces)))
        do {
            try await reportingRules.save(rule, by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: IncidentsPath.criteria.link(notice: "saved", fragment: "reporting"))
        } catch let error as VigilError where error.field != nil {
            let values = ["notificationDays": form.notificationDays, "immediateHours": form.immediateHours,
                          "legalReference": form.legalReference, "effectiveFrom": form.effectiveFrom]
            return try await render(req, form: .failed(error, values: values, request: req), status: error.status)
        }
    }

    struct SeverityForm: Content {
        var usersMedium: String
        var usersLarge: String
        var systemsMedium: String
        var systemsLarge: String
        var outageHoursMedium: String
        var outageHoursLong: String
        var mediumFrom: String
        var highFrom: String
        var criticalFrom: String
        var sevLegalReference: String
        var sevEffectiveFrom: String
    }

    @Sendable func saveSeverity(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(SeverityForm.self)
        var criteria = SeverityCriteria()
        criteria.usersMedium = Int(form.usersMedium) ?? 0
        criteria.usersLarge = Int(form.usersLarge) ?? 0
        criteria.systemsMedium = Int(form.systemsMedium) ?? 0
        criteria.systemsLarge = Int(form.systemsLarge) ?? 0
        criteria.outageHoursMedium = Double(form.outageHoursMedium) ?? 0
        criteria.outageHoursLong = Double(form.outageHoursLong) ?? 0
        criteria.mediumFrom = Int(form.mediumFrom) ?? 0
        criteria.highFrom = Int(form.highFrom) ?? 0
        criteria.criticalFrom = Int(form.criticalFrom) ?? 0
        criteria.source = LegalSource(reference: form.sevLegalReference, effectiveFrom: form.sevEffectiveFrom.trimmingCharacters(in: .whitespaces))
        do {
            try await severityCriteria.save(criteria, by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: IncidentsPath.criteria.link(notice: "saved"))
        } catch var error as VigilError where error.field != nil {
            // The two forms share the store's field names; this one's are prefixed on the page.
            error.fieldErrors = error.allFieldErrors.map { problem in
                var problem = problem
                if problem.field == "legalReference" { problem.field = "sevLegalReference" }
                if problem.field == "effectiveFrom" { problem.field = "sevEffectiveFrom" }
                return problem
            }
            let values = ["usersMedium": form.usersMedium, "usersLarge": form.usersLarge, "systemsMedium": form.systemsMedium,
                          "systemsLarge": form.systemsLarge, "outageHoursMedium": form.outageHoursMedium,
                          "outageHoursLong": form.outageHoursLong, "mediumFrom": form.mediumFrom, "highFrom": form.highFrom,
                          "criticalFrom": form.criticalFrom, "sevLegalReference": form.sevLegalReference, "sevEffectiveFrom": form.sevEffectiveFrom]
            return try await render(req, form: .failed(error, values: values, request: req), status: error.status)
        }
    }

    private func render(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let criteria = try await severityCriteria.criteria(at: Date(), on: req.db)
        let criteriaVersions = try await severityCriteria.history(on: req.db).compactMap { record -> CriteriaVersion? in
            guard let saved = record.criteria else { return nil }
            return CriteriaVersion(highFrom: saved.highFrom, criticalFrom: saved.criticalFrom, source: record.legalReference,
                                   effectiveFrom: record.effectiveFrom, saved: "\(req.formDateTime(record.createdAt)) — \(record.createdBy)")
        }
        func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
        let criteriaValues = [
            "usersMedium": String(criteria.usersMedium), "usersLarge": String(criteria.usersLarge),
            "systemsMedium": String(criteria.systemsMedium), "systemsLarge": String(criteria.systemsLarge),
            "outageHoursMedium": number(criteria.outageHoursMedium), "outageHoursLong": number(criteria.outageHoursLong),
            "mediumFrom": String(criteria.mediumFrom), "highFrom": String(criteria.highFrom), "criticalFrom": String(criteria.criticalFrom),
        ].merging(form.values) { _, posted in posted }
        let serious = SeriousIncidentRule.decision05of2017
        let reporting = try await reportingRules.rule(at: Date(), on: req.db)
        let versions = try await reportingRules.history(on: req.db).map {
            RuleVersion(days: $0.notificationDays, hours: $0.immediateHours, source: $0.legalReference, effectiveFrom: $0.effectiveFrom,
                        saved: "\(req.formDateTime($0.createdAt)) — \($0.createdBy)")
        }
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
            reportingSource: "\(reporting.source.reference) (\(reporting.source.effectiveFrom))",
            reportingVersions: versions, criteria: criteriaValues, criteriaVersions: criteriaVersions,
            hasCriteriaVersions: !criteriaVersions.isEmpty, hasReportingVersions: !versions.isEmpty,
            canEditReporting: user.isRootAdmin, form: form,
            today: reportingRules.day(Date()))
        return try await req.renderPage("incidents/incident-criteria", titleKey: "criteria.title", body, status: status)
    }
}
