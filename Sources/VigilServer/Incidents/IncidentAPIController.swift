import Fluent
import Vapor
import VigilCore

/// The incidents' JSON API under `/api/v1`.
struct IncidentAPIController: RouteCollection, Sendable {
    let repository: IncidentRepository
    let service: IncidentService

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .reportIncidents)).post(IncidentsPath.list, use: report)
        routes.get(IncidentsPath.list, use: list)
        routes.get(IncidentsPath.show(.key), use: show)
        let handle = routes.grouped(RequirePermission(permission: .handleIncidents))
        handle.post(IncidentsPath.classify(.key), use: classify)
        handle.post(IncidentsPath.transition(.key), use: transition)
        handle.post(IncidentsPath.indicators(.key), use: addIndicators)
        routes.get(IncidentsPath.indicators(.key), use: indicators)
        routes.post(IncidentsAPIPath.extractIndicators, use: extract)
    }

    @Sendable func report(req: Request) async throws -> Response {
        let user = try req.currentUser
        let body = try req.decodeJSON(ReportIncidentRequest.self)
        let incident = try await service.report(
            .init(title: body.title, description: body.description, discoveredAt: body.discoveredAt, occurredAt: body.occurredAt,
                  systemName: body.systemName ?? body.systemId, reporterContact: body.reporterContact, organisationID: body.organisationId),
            by: user, address: req.clientAddress, on: req.db)
        return try await IncidentDTO(incident).encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> APIPage<IncidentDTO> {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let filter = try IncidentFilterQuery.parse(req)
        let now = Date()
        if let sort = try ListSort<IncidentRepository.Sort>.parse(req.query[String.self, at: "sort"]) {
            // Another order than newest first pages by offset.
            guard let offset = page.offset else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            let rows = try await repository.list(for: user, filter: filter, sort: sort.order, descending: sort.descending, offset: offset,
                                                 limit: page.limit + 1, on: req.db)
            return APIPage(items: try rows.prefix(page.limit).map { try IncidentDTO($0, now: now) },
                           nextKey: rows.count > page.limit ? "o\(offset + page.limit)" : nil)
        }
        let cursor = try page.after.map { key in
            guard let cursor = IncidentRepository.Cursor(key) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            return cursor
        }
        let rows = try await repository.list(for: user, filter: filter, after: cursor, limit: page.limit + 1, on: req.db)
        var keys: [String: String] = [:]
        for row in rows { keys[row.id!.uuidString.lowercased()] = IncidentRepository.Cursor(row).key }
        return APIPage(rows: try rows.map { try IncidentDTO($0, now: now) }, limit: page.limit) { keys[$0.id] ?? "" }
    }

    @Sendable func show(req: Request) async throws -> IncidentDTO {
        try IncidentDTO(try await repository.load(req))
    }

    @Sendable func classify(req: Request) async throws -> ClassifyIncidentResponse {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let input = try req.decodeJSON(ClassifyIncidentRequest.self).input()
        let outcome = try await service.classify(incident, input, by: user, address: req.clientAddress, on: req.db)
        return ClassifyIncidentResponse(severity: outcome.severity.rawValue, serious: outcome.serious, points: outcome.points,
                                        explanation: outcome.explanation.map { ExplanationText.say($0, req) })
    }

    @Sendable func transition(req: Request) async throws -> IncidentDTO {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let body = try req.decodeJSON(TransitionRequest.self)
        guard let target = IncidentStatus(rawValue: body.to) else { throw VigilError.invalid("to", "validation.unknown_code", [body.to]) }
        try await service.transition(incident, to: target, note: body.note, lessonsLearned: body.lessonsLearned,
                                     by: user, address: req.clientAddress, on: req.db)
        return try IncidentDTO(incident)
    }

    @Sendable func indicators(req: Request) async throws -> IndicatorList {
        let incident = try await repository.load(req)
        let rows = try await repository.indicators(of: try incident.requireID(), on: req.db)
        return IndicatorList(items: rows.map { IndicatorDTO(type: $0.type, value: $0.value) })
    }

    @Sendable func addIndicators(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let body = try req.decodeJSON(AddIndicatorsRequest.self)
        var indicators: [Indicator] = []
        var problems = FieldProblems()
        for (index, item) in (body.items ?? []).enumerated() {
            guard let type = IndicatorType(rawValue: item.type) else {
                problems.add(.invalid("items[\(index)].type", "validation.unknown_code", [item.type])); continue
            }
            guard let value = IndicatorExtractor.normalise(item.value, as: type) else {
                problems.add(.invalid("items[\(index)].value", "validation.indicator", [item.value, type.rawValue])); continue
            }
            indicators.append(Indicator(type: type, value: value))
        }
        try problems.throwIfAny()
        if let text = body.text {
            guard text.count <= 200_000 else { throw VigilError.invalid("text", "validation.too_long", ["200000"]) }
            indicators += IndicatorExtractor.extract(from: text)
        }
        let added = try await service.addIndicators(incident, indicators, by: user, address: req.clientAddress, on: req.db)
        return try await IndicatorList(items: added.map { IndicatorDTO(type: $0.type.rawValue, value: $0.value) })
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func extract(req: Request) async throws -> IndicatorList {
        let body = try req.decodeJSON(ExtractRequest.self)
        guard body.text.count <= 200_000 else { throw VigilError.invalid("text", "validation.too_long", ["200000"]) }
        return IndicatorList(items: IndicatorExtractor.extract(from: body.text).map { IndicatorDTO(type: $0.type.rawValue, value: $0.value) })
    }
}

/// The list filters, shared by the page and the API: `status`, `scenario`, `severity`,
/// `organisation`, `from`, `to` (dates), `assignee` (`me` or an id), `overdue=true`, `q`.
enum IncidentFilterQuery {
    static func parse(_ req: Request) throws -> IncidentRepository.Filter {
        var filter = IncidentRepository.Filter()
        func text(_ name: String) -> String? { req.query[String.self, at: name].flatMap { $0.isEmpty ? nil : $0 } }
        func code<T: RawRepresentable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let raw = text(name) else { return nil }
            guard let value = T(rawValue: raw) else { throw VigilError.invalid(name, "validation.unknown_code", [raw]) }
            return value
        }
        filter.status = try code("status", IncidentStatus.self)
        filter.scenario = try code("scenario", Scenario.self)
        filter.severity = try code("severity", Severity.self)
        filter.organisationID = try InputValidation.uuid(text("organisation"), field: "organisation")
        func day(_ name: String, endOfDay: Bool) throws -> Date? {
            guard let raw = text(name) else { return nil }
            if let date = ISO8601DateFormatter().date(from: raw) { return date }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            formatter.timeZone = req.application.displayFormat.timeZone
            guard let date = formatter.date(from: raw) else { throw VigilError.invalid(name, "validation.date") }
            return endOfDay ? date.addingTimeInterval(86_400) : date
        }
        filter.discoveredFrom = try day("from", endOfDay: false)
        filter.discoveredTo = try day("to", endOfDay: true)
        if let assignee = text("assignee") {
            filter.assigneeID = assignee == "me" ? try req.currentUser.userID : try InputValidation.uuid(assignee, field: "assignee")
        }
        if let overdue = text("overdue"), overdue == "true" || overdue == "1" || overdue == "on" { filter.overdueAt = Date() }
        if let q = text("q") { filter.text = String(q.prefix(200)) }
        return filter
    }
}
