import Vapor
import VigilCore

/// `/api/v1/periodic-reports`: generate a report (a draft), list and read them, generate a draft
/// again, issue it, its DOCX, and the deadlines of a year.
struct PeriodicReportAPIController: Sendable {
    let service: PeriodicReportService

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewPeriodicReports))
        let manage = routes.grouped(RequirePermission(permission: .managePeriodicReports))
        manage.post(PeriodicReportsAPIPath.reports, use: generate)
        view.get(PeriodicReportsAPIPath.reports, use: list)
        view.get(PeriodicReportsAPIPath.deadlines, use: deadlines)
        view.get(PeriodicReportsAPIPath.report(.key), use: show)
        view.get(PeriodicReportsAPIPath.document(.key), use: document)
        manage.post(PeriodicReportsAPIPath.regenerate(.key), use: regenerate)
        manage.post(PeriodicReportsAPIPath.issue(.key), use: issue)
    }

    /// `year` is a number in JSON; anything else is named as the field's problem.
    struct GenerateBody: Content {
        var organisationId: String?
        var kind: String?
        var year: Int?
    }

    static func reportID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("periodicReportID", as: UUID.self) else { throw VigilError.notFound }
        return id
    }

    func answer(_ record: PeriodicReportRecord, _ organisation: OrganisationRecord, req: Request, status: HTTPResponseStatus = .ok) async throws -> Response {
        let statuses = try await service.statuses([record], on: req.db)
        let dto = PeriodicReportDTO.report(record, organisation: organisation, status: statuses[record.id!] ?? .draft,
                                           content: try service.content(of: record), timeZone: service.wording.format.timeZone)
        return try await dto.encodeResponse(status: status, for: req)
    }

    /// 201 with a new draft; 200 with the organisation's draft of that kind and year generated again.
    @Sendable func generate(req: Request) async throws -> Response {
        let user = try req.currentUser
        let body = try req.decodeJSON(GenerateBody.self)
        let (record, created) = try await service.generate(.init(organisationID: body.organisationId, kind: body.kind, year: body.year.map(String.init)),
                                                           by: user, address: req.clientAddress, on: req.db)
        let (_, organisation) = try await service.find(record.id!, for: user, on: req.db)
        return try await answer(record, organisation, req: req, status: created ? .created : .ok)
    }

    /// `?organisationId=&kind=&year=`, paged (`limit`, `cursor`), newest year first.
    @Sendable func list(req: Request) async throws -> APIPage<PeriodicReportDTO.Summary> {
        let user = try req.currentUser
        let page = try req.pageRequest()
        guard let offset = page.offset else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
        let filter = try Self.filter(req)
        let rows = try await service.list(for: user, filter: filter, offset: offset, limit: page.limit + 1, on: req.db)
        let shown = Array(rows.prefix(page.limit))
        let statuses = try await service.statuses(shown, on: req.db)
        let names = try await service.organisations.names(Set(shown.map(\.organisationID)), on: req.db)
        let items = shown.map { PeriodicReportDTO.summary($0, organisationName: names[$0.organisationID] ?? "", status: statuses[$0.id!] ?? .draft) }
        return APIPage(items: items, nextKey: rows.count > page.limit ? "o\(offset + page.limit)" : nil)
    }

    /// The list's filters, each checked (422 naming the field).
    static func filter(_ req: Request) throws -> PeriodicReportRepository.Filter {
        var filter = PeriodicReportRepository.Filter()
        filter.organisationID = try InputValidation.uuid(req.query[String.self, at: "organisationId"], field: "organisationId")
        if let kind = req.query[String.self, at: "kind"]?.nilIfEmpty {
            guard let value = PeriodicReportKind(rawValue: kind) else { throw VigilError.invalid("kind", "periodic.error.kind") }
            filter.kind = value
        }
        if let year = req.query[String.self, at: "year"]?.nilIfEmpty {
            guard let value = Int(year), (PeriodicReportSchedule.earliestYear...9999).contains(value) else {
                throw VigilError.invalid("year", "periodic.error.year_filter")
            }
            filter.year = value
        }
        return filter
    }

    /// `?year=` (default: this year): the reports due that year, earliest first.
    @Sendable func deadlines(req: Request) async throws -> [PeriodicReportDTO.Deadline] {
        let thisYear = CalendarDay(Date(), calendar: service.calendar).year
        var year = thisYear
        if let raw = req.query[String.self, at: "year"]?.nilIfEmpty {
            guard let value = Int(raw), PeriodicReportSchedule.validYears(today: CalendarDay(year: thisYear, month: 1, day: 1)).contains(value) else {
                throw VigilError.invalid("year", "periodic.error.year_filter")
            }
            year = value
        }
        return PeriodicReportSchedule.deadlines(year: year).map(PeriodicReportDTO.deadline)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (record, organisation) = try await service.find(try Self.reportID(req), for: try req.currentUser, on: req.db)
        return try await answer(record, organisation, req: req)
    }

    @Sendable func document(req: Request) async throws -> Response {
        let (record, organisation) = try await service.find(try Self.reportID(req), for: try req.currentUser, on: req.db)
        return try await Self.attachment(record, organisation, service: service, on: req)
    }

    static func attachment(_ record: PeriodicReportRecord, _ organisation: OrganisationRecord, service: PeriodicReportService, on req: Request) async throws -> Response {
        let (data, digest) = try await service.docx(record, on: req.db)
        return EvidenceController.attachment(data, filename: "\(organisation.code)-\(record.kind)-\(record.year).docx", digest: digest,
                                             contentType: DocxWriter.contentType)
    }

    @Sendable func regenerate(req: Request) async throws -> Response {
        let user = try req.currentUser
        let (record, organisation) = try await service.find(try Self.reportID(req), for: user, on: req.db)
        let updated = try await service.regenerate(record, by: user, address: req.clientAddress, on: req.db)
        return try await answer(updated, organisation, req: req)
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let user = try req.currentUser
        let (record, organisation) = try await service.find(try Self.reportID(req), for: user, on: req.db)
        let issued = try await service.issue(record, by: user, address: req.clientAddress, on: req.db)
        return try await answer(issued, organisation, req: req)
    }
}
