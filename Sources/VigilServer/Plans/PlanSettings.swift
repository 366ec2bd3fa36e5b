import Fluent
import Foundation
import Vapor
import VigilCore

/// The plans' yearly cycle (`PlanReviewCycle`): its month and the text it comes from, kept in the
/// administrator's settings; Vigil's default is November, from the seed.
struct PlanSettings: Sendable {
    static let monthKey = "plans.cycle_month"
    static let referenceKey = "plans.cycle_reference"
    static let effectiveFromKey = "plans.cycle_effective_from"

    let settings: SettingsStore

    func cycle(on db: any Database) async throws -> PlanReviewCycle {
        let standard = PlanReviewCycle.standard
        guard let month = Int(try await settings.value(Self.monthKey, on: db) ?? ""), PlanReviewCycle.months.contains(month) else { return standard }
        return PlanReviewCycle(month: month, source: LegalSource(
            reference: try await settings.value(Self.referenceKey, on: db) ?? standard.source.reference,
            effectiveFrom: try await settings.value(Self.effectiveFromKey, on: db) ?? standard.source.effectiveFrom))
    }

    /// Saves the month and its source: each checked, all problems named, nothing saved if one fails.
    func save(month rawMonth: String, reference rawReference: String, effectiveFrom: String, by user: CurrentUser, address: String?,
              on db: any Database) async throws {
        var problems = FieldProblems()
        let month = Int(rawMonth.trimmingCharacters(in: .whitespaces))
        if month.map(PlanReviewCycle.months.contains) != true { problems.add(.invalid("month", "plan.error.month")) }
        let reference = try problems.check { try InputValidation.name(rawReference, field: "legalReference", maxLength: 300) }
        let day = effectiveFrom.trimmingCharacters(in: .whitespaces)
        if ISODay.parse(day) == nil { problems.add(.invalid("effectiveFrom", "validation.date")) }
        try problems.throwIfAny()
        let old = try await cycle(on: db)
        let new = PlanReviewCycle(month: month ?? old.month, source: LegalSource(reference: reference ?? rawReference, effectiveFrom: day))
        let settings = self.settings
        try await db.change(by: .user(user, address: address)) { db, audit in
            try await settings.set(Self.monthKey, to: String(new.month), on: db)
            try await settings.set(Self.referenceKey, to: new.source.reference, on: db)
            try await settings.set(Self.effectiveFromKey, to: new.source.effectiveFrom, on: db)
            var changes = AuditChanges()
            changes.set(Self.monthKey, from: String(old.month), to: String(new.month))
            changes.set(Self.referenceKey, from: old.source.reference, to: new.source.reference)
            changes.set(Self.effectiveFromKey, from: old.source.effectiveFrom, to: new.source.effectiveFrom)
            audit.record(organisationID: nil, action: "settings.update", objectType: "settings", objectID: "plans", changes: changes)
        }
    }
}

/// `/plans/settings`: the plans' yearly cycle, seen by administrators, changed by an administrator
/// of the province.
struct PlanSettingsController: RouteCollection, Sendable {
    let store: PlanSettings

    struct Form: Content {
        var month: String?
        var legalReference: String?
        var effectiveFrom: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageSettings))
        admin.get(PlansPath.settings, use: page)
        admin.post(PlansPath.settings, use: save)
    }

    private func render(_ req: Request, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let cycle = try await store.cycle(on: req.db)
        let page = PlanPageController.SettingsPage(
            month: form.values["month"] ?? String(cycle.month), legalReference: form.values["legalReference"] ?? cycle.source.reference,
            effectiveFrom: form.values["effectiveFrom"] ?? cycle.source.effectiveFrom, editable: try req.currentUser.isRootAdmin, form: form)
        return try await req.renderPage("plans/settings", titleKey: "plan.settings", page, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(Form.self)
        do {
            try await store.save(month: form.month ?? "", reference: form.legalReference ?? "", effectiveFrom: form.effectiveFrom ?? "", by: user,
                                 address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            let values = ["month": form.month ?? "", "legalReference": form.legalReference ?? "", "effectiveFrom": form.effectiveFrom ?? ""]
            return try await render(req, form: .failed(error, values: values, request: req), status: .unprocessableEntity)
        }
        return req.redirect(to: PlansPath.settings.link(notice: "saved"))
    }
}
