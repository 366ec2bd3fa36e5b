import Vapor
import VigilCore

/// `/api/v1/compliance`: an organisation's indicators, the agencies under the caller side by side,
/// and the thresholds between warning and failing.
struct ComplianceAPIController: Sendable {
    let service: ComplianceService

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewCompliance))
        view.get(ComplianceAPIPath.compliance, use: report)
        view.get(ComplianceAPIPath.thresholds, use: thresholds)
        routes.grouped(RequirePermission(permission: .compareCompliance)).get(ComplianceAPIPath.organisations, use: organisations)
        routes.grouped(RequirePermission(permission: .manageSettings)).put(ComplianceAPIPath.thresholds.components, use: saveThresholds)
    }

    /// `?organisationId=ID` (default: the caller's organisation); 404 outside the caller's scope.
    @Sendable func report(req: Request) async throws -> ComplianceDTO.Report {
        let user = try req.currentUser
        let id = try InputValidation.uuid(req.query[String.self, at: "organisationId"], field: "organisationId")
        let organisation = try await service.organisation(id, for: user, on: req.db)
        let report = try await service.report(for: organisation, user: user, on: req.db)
        return ComplianceDTO.Report(organisationId: organisation.id!.uuidString.lowercased(), computedAt: report.computedAt,
                                    indicators: ComplianceDTO.indicators(report, timeZone: service.timeZone))
    }

    /// The organisations directly under the caller's, by path, paged (`limit`, `cursor`), each over its subtree.
    @Sendable func organisations(req: Request) async throws -> APIPage<ComplianceDTO.Organisation> {
        let user = try req.currentUser
        let page = try req.pageRequest()
        var agencies = try await service.agencies(for: user, on: req.db)
        if let after = page.after { agencies = agencies.filter { $0.path > after } }
        let shown = Array(agencies.prefix(page.limit))
        let reports = try await service.reports(for: shown, user: user, on: req.db)
        let items = reports.map { report in
            ComplianceDTO.Organisation(organisationId: report.organisation.id!.uuidString.lowercased(), name: report.organisation.name,
                                       indicators: ComplianceDTO.indicators(report, timeZone: service.timeZone))
        }
        return APIPage(items: items, nextKey: agencies.count > page.limit ? shown.last?.path : nil)
    }

    @Sendable func thresholds(req: Request) async throws -> ComplianceDTO.Thresholds {
        ComplianceDTO.thresholds(try await service.settings.thresholds(on: req.db))
    }

    struct ThresholdsBody: Content {
        var limits: [String: Double]?
        var legalReference: String?
        var effectiveFrom: String?
    }

    /// Changes the thresholds: settings apply to every organisation, so only a root's administrator.
    @Sendable func saveThresholds(req: Request) async throws -> ComplianceDTO.Thresholds {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let body = try req.decodeJSON(ThresholdsBody.self)
        let saved = try await service.settings.save(limits: body.limits ?? [:], reference: body.legalReference, effectiveFrom: body.effectiveFrom,
                                                    by: user, address: req.clientAddress, on: req.db)
        return ComplianceDTO.thresholds(saved)
    }
}
