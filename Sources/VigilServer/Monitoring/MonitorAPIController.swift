import Fluent
import Vapor
import VigilCore

/// `/api/v1/monitors`: the contract other tools call.
struct MonitorAPIController: Sendable {
    let service: MonitorService
    let runner: MonitorRunner

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewAssets))
        let manage = routes.grouped(RequirePermission(permission: .manageAssets))
        view.get(MonitoringAPIPath.monitors, use: list)
        manage.post(MonitoringAPIPath.monitors, use: create)
        view.get(MonitoringAPIPath.monitor(.key), use: show)
        manage.patch(MonitoringAPIPath.monitor(.key), use: update)
        manage.delete(MonitoringAPIPath.monitor(.key), use: delete)
        manage.post(MonitoringAPIPath.check(.key), use: check)
        view.get(MonitoringAPIPath.checks(.key), use: checks)
        manage.post(MonitoringAPIPath.baseline(.key), use: acceptBaseline)
    }

    struct Body: Content {
        var name: String?
        var kind: String?
        var target: String?
        var intervalSeconds: Int?
        var timeoutSeconds: Int?
        var confirmAfter: Int?
        var systemId: String?
        var organisationId: String?
        var defacement: Bool?
        var keyword: String?
        var keywordAbsent: Bool?
        var expectedStatus: Int?
        var expectedAddresses: [String]?
        var paused: Bool?
        var certificateWarnDays: Int?
        var certificateAlertDays: Int?
        var rules: DefacementRules?

        var draft: MonitorService.Draft {
            .init(name: name, kind: kind, target: target, intervalSeconds: intervalSeconds, timeoutSeconds: timeoutSeconds, confirmAfter: confirmAfter,
                  systemID: systemId, organisationID: organisationId, defacement: defacement, keyword: keyword, keywordAbsent: keywordAbsent,
                  expectedStatus: expectedStatus, expectedAddresses: expectedAddresses, paused: paused, certWarnDays: certificateWarnDays,
                  certAlertDays: certificateAlertDays, rules: rules)
        }
    }

    struct MonitorDTO: Content {
        struct Reason: Content { let code: String; let detail: String }
        let id: String
        let name: String
        let kind: String
        let target: String
        let status: String
        let lastCheckedAt: Date?
        let incidentId: String?
        let organisation: OrganisationRef
        let systemId: String?
        let intervalSeconds: Int
        let timeoutSeconds: Int
        let confirmAfter: Int
        let paused: Bool
        let defacement: Bool
        let keyword: String?
        let keywordAbsent: Bool
        let expectedStatus: Int?
        let expectedAddresses: [String]
        let lastResponseMillis: Int?
        let lastReason: Reason?
        let certificateExpiresAt: Date?
        let rules: DefacementRules
        let createdAt: Date?

        init(_ monitor: MonitorRecord) {
            id = monitor.id!.uuidString.lowercased()
            name = monitor.name
            kind = monitor.kind
            target = monitor.target
            status = monitor.status
            lastCheckedAt = monitor.lastCheckedAt
            incidentId = monitor.incidentID?.uuidString.lowercased()
            organisation = OrganisationRef(id: monitor.$organisation.id.uuidString.lowercased(), name: monitor.$organisation.value?.name ?? "")
            systemId = monitor.systemID?.uuidString.lowercased()
            intervalSeconds = monitor.intervalSeconds
            timeoutSeconds = monitor.timeoutSeconds
            confirmAfter = monitor.confirmAfter
            paused = monitor.paused
            defacement = monitor.defacement
            keyword = monitor.keyword
            keywordAbsent = monitor.keywordAbsent
            expectedStatus = monitor.expectedStatus
            expectedAddresses = monitor.expectedAddresses.split(separator: " ").map(String.init)
            lastResponseMillis = monitor.lastMillis
            lastReason = monitor.lastCode.map { Reason(code: $0, detail: monitor.lastDetail) }
            certificateExpiresAt = monitor.certExpiresAt
            rules = monitor.defacementRules
            createdAt = monitor.createdAt
        }
    }

    struct CheckDTO: Content {
        /// Absent from the answer of "check now" (a check that repeated the last outcome is only counted).
        var id: String?
        let at: Date
        let status: String
        let result: String
        let code: String?
        let detail: String
        let responseMillis: Int?
        let httpStatus: Int?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let body = try req.decodeJSON(Body.self)
        let monitor = try await service.create(body.draft, by: try req.currentUser, address: req.clientAddress, on: req.db)
        let loaded = try await service.find(try monitor.requireID(), in: try req.currentUser.scope, on: req.db) ?? monitor
        return try await MonitorDTO(loaded).encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> APIPage<MonitorDTO> {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let rows = try await service.list(in: user.scope, filter: try MonitorService.Filter(req), after: page.after, limit: page.limit + 1, on: req.db)
        return APIPage(rows: rows.map(MonitorDTO.init), limit: page.limit) { $0.id }
    }

    @Sendable func show(req: Request) async throws -> MonitorDTO {
        MonitorDTO(try await service.load(req))
    }

    @Sendable func update(req: Request) async throws -> MonitorDTO {
        let monitor = try await service.load(req)
        try await service.update(monitor, try req.decodeJSON(Body.self).draft, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return MonitorDTO(monitor)
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        try await service.delete(try await service.load(req), by: try req.currentUser, address: req.clientAddress, on: req.db)
        return .noContent
    }

    @Sendable func check(req: Request) async throws -> CheckDTO {
        let monitor = try await service.load(req)
        let now = Date()
        let outcome = try await runner.check(monitor, on: req.db, now: now)
        return CheckDTO(id: nil, at: now, status: monitor.status, result: outcome.verdict.rawValue, code: outcome.code, detail: outcome.detail,
                        responseMillis: outcome.responseMillis, httpStatus: outcome.httpStatus)
    }

    @Sendable func checks(req: Request) async throws -> APIPage<CheckDTO> {
        let monitor = try await service.load(req)
        let page = try req.pageRequest()
        let rows = try await service.history(of: try monitor.requireID(), before: page.after, limit: page.limit + 1, on: req.db)
        return APIPage(rows: rows.map { CheckDTO(id: $0.id?.uuidString.lowercased(), at: $0.at, status: $0.status, result: $0.verdict, code: $0.code,
                                                  detail: $0.detail, responseMillis: $0.millis, httpStatus: $0.httpStatus) }, limit: page.limit) { $0.id ?? "" }
    }

    /// Accepts the page as it is now as the new baseline (a version; the old ones are kept).
    @Sendable func acceptBaseline(req: Request) async throws -> MonitorDTO {
        let monitor = try await service.load(req)
        try await runner.acceptBaseline(monitor, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return MonitorDTO(monitor)
    }
}
