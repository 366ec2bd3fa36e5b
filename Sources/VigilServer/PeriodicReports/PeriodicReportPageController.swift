import Vapor
import VigilCore

/// The periodic reports' pages: the list with the year's deadlines and the form to generate one,
/// a report's print page (download, generate again, issue) and its DOCX.
struct PeriodicReportPageController: RouteCollection, Sendable {
    let service: PeriodicReportService

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewPeriodicReports))
        let manage = routes.grouped(RequirePermission(permission: .managePeriodicReports))
        view.get(PeriodicReportsPath.reports, use: list)
        manage.post(PeriodicReportsPath.reports, use: generate)
        view.get(PeriodicReportsPath.report(.key), use: show)
        view.get(PeriodicReportsPath.document(.key), use: document)
        manage.post(PeriodicReportsPath.regenerate(.key), use: regenerate)
        manage.post(PeriodicReportsPath.issue(.key), use: issue)
    }

    @Sendable func list(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    private func render(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let filter = (try? PeriodicReportAPIController.filter(req)) ?? PeriodicReportRepository.Filter()
        let paging = ListPaging(count: try await service.count(for: user, filter: filter, on: req.db), request: req,
                                path: PeriodicReportsPath.reports.path, keep: ["organisationId", "kind", "year"])
        let rows = try await service.list(for: user, filter: filter, offset: (paging.page - 1) * ListPaging.size, limit: ListPaging.size, on: req.db)
        let statuses = try await service.statuses(rows, on: req.db)
        let visible = try await service.organisations.all(in: user.scope, on: req.db).sorted { $0.path < $1.path }
        let names = Dictionary(uniqueKeysWithValues: visible.map { ($0.id!, $0.name) })
        let thisYear = CalendarDay(Date(), calendar: service.calendar).year
        let chosenOrganisation = form.values["organisationId"] ?? filter.organisationID.map(PeriodicReportService.id) ?? PeriodicReportService.id(user.organisationID)
        let chosenKind = form.values["kind"] ?? PeriodicReportKind.sixMonth.rawValue
        func day(_ text: String) -> String { CalendarDay(iso: text).map { req.formDate($0.start(in: service.calendar)) } ?? text }
        let page = ListPage(
            rows: rows.map { record in
                let state = statuses[record.id!] ?? .draft
                return ListPage.Row(id: PeriodicReportService.id(record.id!), organisation: names[record.organisationID] ?? "",
                                    kind: req.t("periodic.kind.\(record.kind)"), year: record.year,
                                    period: "\(day(record.periodStart)) – \(day(record.periodEnd))", dueOn: day(record.dueOn),
                                    status: req.t("periodic.status.\(state.rawValue)"), statusCode: state.rawValue,
                                    when: req.formDateTime(record.issuedAt ?? record.generatedAt))
            },
            noRows: rows.isEmpty,
            deadlines: PeriodicReportSchedule.deadlines(year: thisYear).map {
                ListPage.Deadline(kind: req.t($0.kind.labelKey), year: $0.year, period: "\(day($0.periodStart.description)) – \(day($0.periodEnd.description))",
                                  dueOn: day($0.dueOn.description), source: $0.source.reference)
            },
            organisations: visible.map { SelectOption(value: PeriodicReportService.id($0.id!), label: $0.name, selected: PeriodicReportService.id($0.id!) == chosenOrganisation) },
            kinds: PeriodicReportKind.allCases.map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == chosenKind) },
            year: form.values["year"] ?? String(filter.year ?? thisYear),
            canManage: user.has(.managePeriodicReports), form: form, paging: paging)
        return try await req.renderPage("periodic-reports/periodic-reports", titleKey: "periodic.title", page, status: status)
    }

    struct GenerateForm: Content {
        var organisationId: String?
        var kind: String?
        var year: String?
    }

    @Sendable func generate(req: Request) async throws -> Response {
        let form = try req.content.decode(GenerateForm.self)
        do {
            let (record, _) = try await service.generate(.init(organisationID: form.organisationId, kind: form.kind, year: form.year),
                                                         by: try req.currentUser, address: req.clientAddress, on: req.db)
            return req.redirect(to: PeriodicReportsPath.report(.value(record.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            let values = ["organisationId": form.organisationId ?? "", "kind": form.kind ?? "", "year": form.year ?? ""]
            return try await render(req, form: .failed(error, values: values, request: req), status: error.status)
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.currentUser
        let (record, organisation) = try await service.find(try PeriodicReportAPIController.reportID(req), for: user, on: req.db)
        let state = try await service.statuses([record], on: req.db)[record.id!] ?? .draft
        let document = try await service.document(record, on: req.db)
        let draft = state == .draft
        let page = ReportPage(
            id: PeriodicReportService.id(record.id!), title: document.title, organisation: organisation.name,
            kind: req.t("periodic.kind.\(record.kind)"), year: record.year, status: req.t("periodic.status.\(state.rawValue)"), statusCode: state.rawValue,
            generatedAt: req.formDateTime(record.generatedAt), generatedBy: record.generatedBy,
            issuedAt: req.formDateTime(record.issuedAt), issuedBy: record.issuedBy ?? "", sha256: record.sha256 ?? "",
            templateVersion: document.templateVersion, legalSource: document.legalSource,
            isDraft: draft, canManage: draft && user.has(.managePeriodicReports), blocks: document.blocks.map(PaperBlock.init))
        return try await req.renderPage("periodic-reports/periodic-report", titleKey: "periodic.title", title: document.title, page)
    }

    @Sendable func document(req: Request) async throws -> Response {
        let (record, organisation) = try await service.find(try PeriodicReportAPIController.reportID(req), for: try req.currentUser, on: req.db)
        return try await PeriodicReportAPIController.attachment(record, organisation, service: service, on: req)
    }

    @Sendable func regenerate(req: Request) async throws -> Response {
        try await act(req) { record, user in _ = try await service.regenerate(record, by: user, address: req.clientAddress, on: req.db) }
    }

    @Sendable func issue(req: Request) async throws -> Response {
        try await act(req, notice: "report_issued") { record, user in _ = try await service.issue(record, by: user, address: req.clientAddress, on: req.db) }
    }

    /// A button on the report's page; a refusal (an issued report) comes back as the page's problem.
    private func act(_ req: Request, notice: String = "saved",
                     _ work: @Sendable (PeriodicReportRecord, CurrentUser) async throws -> Void) async throws -> Response {
        let user = try req.currentUser
        let (record, _) = try await service.find(try PeriodicReportAPIController.reportID(req), for: user, on: req.db)
        let page = PeriodicReportsPath.report(.value(record.id!))
        do {
            try await work(record, user)
        } catch let error as VigilError where error.status == .conflict {
            return req.redirect(to: page.link(problem: error.messageKey))
        }
        return req.redirect(to: page.link(notice: notice))
    }
}
