import Vapor
import VigilCore

/// The staff notice's pages: my notices, the page after sign-in, a notice with (for its focal
/// point) who has and has not acknowledged it, the new notice's form, and the reminder.
struct AwarenessPageController: RouteCollection, Sendable {
    let service: AwarenessService
    let repository: AwarenessRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.get(AwarenessPath.notices, use: index)
        routes.get(AwarenessPath.pending, use: pending)
        routes.get(AwarenessPath.notice(.key), use: show)
        routes.post(AwarenessPath.acknowledge(.key), use: acknowledge)
        let manage = routes.grouped(RequirePermission(permission: .manageAwareness))
        manage.get(AwarenessPath.newNotice, use: newPage)
        manage.post(AwarenessPath.notices, use: issue)
        manage.post(AwarenessPath.remind(.key), use: remind)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let user = try req.currentUser
        let mine = try await repository.current(forOrganisationPath: user.scope.organisationPath, withOrganisations: true, on: req.db)
        let acknowledged = try await repository.acknowledgements(ofUser: user.userID, notices: mine.compactMap(\.id), on: req.db)
        let issued = user.has(.manageAwareness) ? try await repository.issued(in: user.scope, limit: 100, on: req.db) : []
        let page = AwarenessPages.Index(
            mine: mine.reversed().map {
                .init(id: $0.id!.uuidString.lowercased(), organisation: $0.organisation.name, version: $0.version,
                      issuedAt: req.formDateTime($0.issuedAt), acknowledgedAt: acknowledged[$0.id!].map { req.formDateTime($0) })
            },
            issued: issued.map {
                .init(id: $0.id!.uuidString.lowercased(), organisation: $0.organisation.name, version: $0.version,
                      issuedAt: req.formDateTime($0.issuedAt), issuedBy: $0.issuedByName, audience: req.t("awareness.audience.\($0.audience)"))
            },
            canIssue: user.has(.manageAwareness))
        return try await req.renderPage("awareness/notices", titleKey: "awareness.title", page)
    }

    @Sendable func pending(req: Request) async throws -> Response {
        let user = try req.currentUser
        let next = Request.safeLocalPath(req.query[String.self, at: "next"])
        let pending = try await repository.pending(userID: user.userID, organisationPath: user.scope.organisationPath, withOrganisations: true,
                                                   on: req.db)
        guard let first = pending.first else { return req.redirect(to: next) }
        return try await req.renderPage("awareness/acknowledge", titleKey: "awareness.pending.title",
                                        AwarenessPages.Pending(notice: notice(first, req), next: next, count: pending.count))
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (user, notice, visibility) = try await load(req)
        let acknowledged = visibility.addressed
            ? try await repository.acknowledgements(ofUser: user.userID, notices: [notice.id!], on: req.db)[notice.id!] : nil
        var status: AwarenessPages.Status?
        if visibility.manages {
            let (tally, reminded) = try await service.tally(of: notice, on: req.db)
            status = self.status(tally, reminded: reminded, req)
        }
        let page = AwarenessPages.Show(notice: self.notice(notice, req), addressed: visibility.addressed,
                                       acknowledgedAt: acknowledged.map { req.formDateTime($0) }, status: status)
        return try await req.renderPage("awareness/notice", titleKey: "awareness.notice.title",
                                        title: req.t("awareness.notice.heading", [notice.organisation.name, String(notice.version)]), page)
    }

    struct AcknowledgeForm: Content {
        var next: String?
    }

    @Sendable func acknowledge(req: Request) async throws -> Response {
        let (user, notice, _) = try await load(req)
        let form = try req.content.decode(AcknowledgeForm.self)
        do {
            try await service.acknowledge(notice, by: user, channel: .page, address: req.clientAddress, now: Date(), on: req.db)
        } catch let error as VigilError where error.code == "not_addressed" {
            return req.redirect(to: AwarenessPath.notice(.value(notice.id!)).link(problem: error.messageKey))
        }
        if let next = form.next?.nilIfEmpty { return req.redirect(to: Request.safeLocalPath(next)) }
        return req.redirect(to: AwarenessPath.notice(.value(notice.id!)).link(notice: "awareness_acknowledged"))
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        let draft = try await service.defaultDraft(for: user, on: req.db)
        let values = ["textVi": draft.textVi, "textEn": draft.textEn, "focalPointName": draft.focalPointName,
                      "focalPointPhone": draft.focalPointPhone, "audience": NoticeAudience.Kind.organisation.rawValue]
        return try await form(req, state: FormState(values: values), chosen: [], focalPointKnown: !draft.focalPointName.isEmpty, status: .ok)
    }

    struct NoticeForm: Content {
        var audience: String?
        var unitIds: [String]?
        var textVi: String?
        var textEn: String?
        var focalPointName: String?
        var focalPointPhone: String?
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(NoticeForm.self)
        do {
            // The form starts filled in: an empty field was emptied, and is refused rather than defaulted.
            let notice = try await service.issue(
                .init(audience: form.audience, unitIDs: form.audience == NoticeAudience.Kind.units.rawValue ? form.unitIds ?? [] : [],
                      textVi: form.textVi ?? "", textEn: form.textEn ?? "", focalPointName: form.focalPointName ?? "",
                      focalPointPhone: form.focalPointPhone ?? ""),
                by: user, address: req.clientAddress, now: Date(), on: req.db)
            return req.redirect(to: AwarenessPath.notice(.value(notice.id!)).link(notice: "awareness_issued"))
        } catch let error as VigilError where error.field != nil {
            let values = ["textVi": form.textVi ?? "", "textEn": form.textEn ?? "", "focalPointName": form.focalPointName ?? "",
                          "focalPointPhone": form.focalPointPhone ?? "", "audience": form.audience ?? ""]
            return try await self.form(req, state: .failed(error, values: values, request: req), chosen: Set(form.unitIds ?? []),
                                       focalPointKnown: true, status: error.status)
        }
    }

    private func form(_ req: Request, state: FormState, chosen: Set<String>, focalPointKnown: Bool, status: HTTPResponseStatus) async throws -> Response {
        let user = try req.currentUser
        let units = OrganisationLabels(try await service.units(for: user, on: req.db)).options.map {
            SelectOption(value: $0.id, label: $0.label, selected: chosen.contains($0.id))
        }
        return try await req.renderPage("awareness/notice-new", titleKey: "awareness.new.title",
                                        AwarenessPages.Form(form: state, units: units, organisation: user.organisationName, focalPointKnown: focalPointKnown),
                                        status: status)
    }

    @Sendable func remind(req: Request) async throws -> Response {
        let (user, notice, visibility) = try await load(req)
        guard visibility.manages else { throw VigilError.notFound }
        let count = try await service.remind(notice, by: user, address: req.clientAddress, now: Date(), on: req.db)
        return req.redirect(to: AwarenessPath.notice(.value(notice.id!)).link(notice: count == 0 ? "awareness_nobody_to_remind" : "awareness_reminded"))
    }

    private func load(_ req: Request) async throws -> (CurrentUser, AwarenessNoticeRecord, AwarenessService.Visibility) {
        let user = try req.currentUser
        guard let id = req.parameters.get("noticeID", as: UUID.self), let notice = try await repository.notice(id, on: req.db),
              let visibility = service.visibility(of: notice, for: user)
        else { throw VigilError.notFound }
        return (user, notice, visibility)
    }

    func notice(_ notice: AwarenessNoticeRecord, _ req: Request) -> AwarenessPages.Notice {
        service.text.page(notice, language: req.language, issuedAt: req.formDateTime(notice.issuedAt),
                          audience: req.t("awareness.audience.\(notice.audience)"))
    }

    private func status(_ tally: AcknowledgementTally, reminded: [UUID: Date], _ req: Request) -> AwarenessPages.Status {
        let chart = SVGChart.percentBars(tally.units.map { SVGChart.Point(label: $0.name, value: Double($0.percent)) },
                                         title: req.t("awareness.status.chart"))
        return AwarenessPages.Status(
            total: tally.total, acknowledged: tally.acknowledgedCount, pending: tally.pendingCount, percent: tally.percent, chart: chart,
            units: tally.units.map { unit in
                AwarenessPages.Status.Unit(
                    name: unit.name, total: unit.total, acknowledged: unit.acknowledged.count, percent: unit.percent,
                    acknowledgedBy: unit.acknowledged.map { .init(name: $0.name, detail: $0.acknowledgedAt.map { req.formDateTime($0) } ?? "") },
                    pending: unit.pending.map { person in
                        .init(name: person.name, detail: UUID(uuidString: person.id).flatMap { reminded[$0] }
                            .map { req.t("awareness.status.reminded_at", [req.formDateTime($0)]) } ?? "")
                    })
            })
    }
}
