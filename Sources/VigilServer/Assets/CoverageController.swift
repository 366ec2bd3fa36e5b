import Fluent
import Vapor
import VigilCore

/// Anti-malware coverage against the 100 % target: `GET /api/v1/coverage?org=ID` and the page
/// `/assets/coverage`, both within the caller's scope.
struct CoverageController: RouteCollection, Sendable {
    let service: CoverageService
    let repository: CoverageRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewAssets)).get(AssetsPath.coverage, use: page)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewAssets)).get(AssetsAPIPath.coverage, use: json)
    }

    private func organisationID(_ req: Request) throws -> UUID? {
        guard let raw = req.query[String.self, at: "org"], !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else { throw VigilError.invalid("org", "validation.uuid") }
        return id
    }

    struct CoverageDTO: Content {
        struct Organisation: Content {
            let id: String
            let name: String
            let kind: String
            let parentId: String?
            let total: Int
            let protected: Int
            let percent: Double
            let byReason: [String: Int]
        }
        struct Policy: Content {
            let maxSignatureAgeDays: Int
            let maxSilenceDays: Int
        }
        let organisation: Organisation
        let total: Int
        let protected: Int
        let percent: Double
        let byReason: [String: Int]
        let byOrganisation: [Organisation]
        let policy: Policy
        let at: Date
    }

    static func dto(_ node: CoverageService.Node) -> CoverageDTO.Organisation {
        CoverageDTO.Organisation(
            id: node.organisation.id!.uuidString.lowercased(), name: node.organisation.name, kind: node.organisation.kind.rawValue,
            parentId: node.organisation.$parent.id?.uuidString.lowercased(), total: node.coverage.total, protected: node.coverage.protected,
            percent: node.coverage.percent, byReason: node.coverage.byReason)
    }

    @Sendable func json(req: Request) async throws -> CoverageDTO {
        let user = try req.currentUser
        let organisation = try await service.organisation(try organisationID(req), for: user, on: req.db)
        let report = try await service.report(for: organisation, user: user, on: req.db)
        let root = CoverageService.Node(organisation: organisation, coverage: report.coverage)
        return CoverageDTO(
            organisation: Self.dto(root), total: report.coverage.total, protected: report.coverage.protected,
            percent: report.coverage.percent, byReason: report.coverage.byReason, byOrganisation: report.nodes.map(Self.dto),
            policy: .init(maxSignatureAgeDays: report.policy.maxSignatureAgeDays, maxSilenceDays: report.policy.maxSilenceDays),
            at: report.at)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let user = try req.currentUser
        let organisation = try await service.organisation(try organisationID(req), for: user, on: req.db)
        let now = Date()
        let report = try await service.report(for: organisation, user: user, on: req.db, now: now)
        let baseDepth = organisation.path.split(separator: "/").count
        func percent(_ coverage: Coverage) -> String { String(format: "%.1f%%", coverage.percent) }
        let rows = report.nodes.map { node in
            Page.Row(id: node.organisation.id!.uuidString.lowercased(), name: node.organisation.name,
                     depth: node.organisation.path.split(separator: "/").count - baseDepth, total: node.coverage.total,
                     protected: node.coverage.protected, percent: node.coverage.total == 0 ? "—" : percent(node.coverage),
                     bar: Int(node.coverage.total == 0 ? 0 : node.coverage.percent.rounded()), complete: node.coverage.meetsTarget,
                     selected: node.organisation.id == organisation.id)
        }
        let reasons = report.coverage.byReason.sorted { $0.value > $1.value }.map {
            Page.Reason(label: req.t("protection.reason.\($0.key)"), hosts: $0.value)
        }
        let limit = 200
        let names = Dictionary(uniqueKeysWithValues: report.nodes.map { ($0.organisation.id!, $0.organisation.name) })
        let uncovered = try await repository.uncovered(organisations: Array(names.keys), policy: report.policy, now: now,
                                                      limit: limit + 1, on: req.db)
        let order = Dictionary(uniqueKeysWithValues: report.nodes.enumerated().map { ($0.element.organisation.id!, $0.offset) })
        let sorted = uncovered.prefix(limit).sorted { (order[$0.organisation_id] ?? 0, $0.hostname) < (order[$1.organisation_id] ?? 0, $1.hostname) }
        let hosts = sorted.map { host in
            let days = host.av_report_at.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) }
            let signatureDays = host.av_signature_at.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) }
            let arguments = host.reason == "not_reported" ? [String(days ?? 0)] : host.reason == "signatures_old" ? [String(signatureDays ?? 0)] : []
            return Page.Host(hostname: host.hostname, organisation: names[host.organisation_id] ?? "",
                             status: Self.status(of: host.reason), reason: req.t("protection.\(host.reason)", arguments),
                             lastReport: host.av_report_at.map(req.formDateTime) ?? "—")
        }
        let trend = try await service.trend(of: organisation, user: user, days: 90, on: req.db, now: now)
        let chart = SVGChart.percentLine(trend.map { SVGChart.Point(label: $0.day, value: $0.coverage.percent) },
                                         title: req.t("coverage.trend", organisation.name))
        let body = Page(
            organisation: organisation.name, total: report.coverage.total, protected: report.coverage.protected,
            percent: percent(report.coverage), complete: report.coverage.meetsTarget, empty: report.coverage.total == 0,
            rows: rows, reasons: reasons, hasReasons: !reasons.isEmpty, hosts: Array(hosts), hasHosts: !hosts.isEmpty,
            moreHosts: uncovered.count > limit, chart: chart,
            policy: req.t("coverage.policy", String(report.policy.maxSignatureAgeDays), String(report.policy.maxSilenceDays)))
        return try await req.renderPage("assets/coverage", titleKey: "coverage.title", body)
    }

    static func status(of reason: String) -> String {
        switch reason {
        case "never_reported": ProtectionVerdict.Status.unknown.rawValue
        case "not_reported": ProtectionVerdict.Status.stale.rawValue
        default: ProtectionVerdict.Status.unprotected.rawValue
        }
    }
}
