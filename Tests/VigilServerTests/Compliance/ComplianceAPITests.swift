import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The compliance API's contract (issue 21): every code, the counts behind each figure and its
/// link; every role; another organisation (404) and the agencies' table (403 below the coordinator).
@Suite("Compliance: the API contract")
struct ComplianceAPITests {
    struct Indicator: Decodable {
        let code: String
        let status: String
        let value: Double
        let target: Double
        let numerator: Int
        let denominator: Int?
        let reason: String?
        let link: String
    }

    struct Report: Decodable {
        let organisationId: String
        let computedAt: Date
        let indicators: [Indicator]
    }

    struct Item: Decodable {
        let organisationId: String
        let name: String
        let indicators: [Indicator]
    }

    struct Page: Decodable {
        let items: [Item]
        let nextCursor: String?
    }

    struct Thresholds: Decodable {
        let limits: [String: Double]
        let legalReference: String
        let effectiveFrom: String
    }

    static func id(_ organisation: OrganisationRecord) -> String { organisation.id!.uuidString.lowercased() }

    static func report(_ app: Application, token: String, organisation: String? = nil) async throws -> Report {
        let path = "/api/v1/compliance" + (organisation.map { "?organisationId=\($0)" } ?? "")
        let response = try await app.api(.GET, path, token: token)
        #expect(response.status == .ok, "\(path): \(response.text)")
        return try JSONDecoder.vigil.decode(Report.self, from: Data(response.body.readableBytesView))
    }

    @Test("an agency with no records: every code, in order, the missing data failing with its reason, each with a link")
    func contract() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            let leader = try await app.token(for: fixtures.user("leader"))

            // Action
            let response = try await app.api(.GET, "/api/v1/compliance", token: leader)
            let report = try JSONDecoder.vigil.decode(Report.self, from: Data(response.body.readableBytesView))

            // Check: the caller's organisation by default; every code; nothing hidden.
            #expect(report.organisationId == Self.id(fixtures.agencyA))
            #expect(report.indicators.map(\.code) == IndicatorCode.allCases.map(\.rawValue))
            let byCode = Dictionary(uniqueKeysWithValues: report.indicators.map { ($0.code, $0) })
            #expect(byCode["antimalware_coverage"]?.status == "failing" && byCode["antimalware_coverage"]?.reason == "no_hosts")
            #expect(byCode["plans_current"]?.status == "failing" && byCode["plans_current"]?.reason == "no_systems")
            #expect(byCode["focal_point"]?.status == "failing" && byCode["focal_point"]?.reason == "missing_focal_point")
            #expect(byCode["advisories_overdue"]?.status == "ok" && byCode["advisories_overdue"]?.target == 0)
            #expect(byCode["incidents_notified_on_time"]?.reason == "nothing_due" && byCode["incidents_notified_on_time"]?.target == 100)
            // Counts have no denominator (null, present); a reason is left out when there is none.
            let raw = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            let items = try #require(raw["indicators"] as? [[String: Any]])
            let advisories = try #require(items.first { $0["code"] as? String == "advisories_overdue" })
            #expect(advisories["denominator"] is NSNull && advisories["reason"] == nil && advisories["numerator"] as? Int == 0)
            #expect(Set(advisories.keys) == ["code", "status", "value", "target", "numerator", "denominator", "link"])
            #expect(Set(raw.keys) == ["organisationId", "computedAt", "indicators"])
            let agency = Self.id(fixtures.agencyA)
            #expect(byCode["antimalware_coverage"]?.link == "/assets/coverage?org=\(agency)")
            #expect(byCode["immediate_findings_overdue"]?.link == "/vulnerabilities/findings?overdue=true&intrusion=true&org=\(agency)")
            #expect(byCode["findings_overdue"]?.link == "/vulnerabilities/findings?overdue=true&intrusion=false&org=\(agency)")
            #expect(byCode["incidents_notified_on_time"]?.link.hasPrefix("/incidents?overdue=true&organisation=\(agency)&from=") == true)
            for indicator in report.indicators { #expect(indicator.link.hasPrefix("/"), "\(indicator.code)") }
            #expect(abs(report.computedAt.timeIntervalSinceNow) < 60)
        }
    }

    @Test("every role: reporters and responders are refused; the others see their scope; another organisation is not found")
    func everyRole() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let (agencyA, unit, agencyB) = (Self.id(fixtures.agencyA), Self.id(fixtures.unitA1), Self.id(fixtures.agencyB))
            for (user, status) in [("reporter", HTTPStatus.forbidden), ("responder", .forbidden), ("focal_point", .ok), ("leader", .ok),
                                   ("coordinator", .ok), ("admin", .ok), ("root_coordinator", .ok), ("root_admin", .ok), ("b_admin", .ok),
                                   ("b_reporter", .forbidden), ("b_responder", .forbidden)] {
                let token = try await app.token(for: fixtures.user(user))
                #expect(try await app.api(.GET, "/api/v1/compliance", token: token).status == status, "\(user)")
            }
            #expect(try await app.api(.GET, "/api/v1/compliance", token: nil).status == .unauthorized)
            let leader = try await app.token(for: fixtures.user("leader"))
            #expect(try await Self.report(app, token: leader, organisation: unit).organisationId == unit)
            let foreign = try await app.api(.GET, "/api/v1/compliance?organisationId=\(agencyB)", token: leader)
            #expect(foreign.status == .notFound && !foreign.text.contains("Sở Y tế"))
            let bAdmin = try await app.token(for: fixtures.user("b_admin"))
            #expect(try await app.api(.GET, "/api/v1/compliance?organisationId=\(agencyA)", token: bAdmin).status == .notFound)
            let bad = try await app.api(.GET, "/api/v1/compliance?organisationId=not-an-id", token: leader)
            #expect(bad.status == .unprocessableEntity && bad.text.contains(#""field":"organisationId""#))
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            #expect(try await Self.report(app, token: coordinator, organisation: agencyB).organisationId == agencyB)
        }
    }

    @Test("the agencies under the caller, paged; refused below the coordinator")
    func organisations() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let all = try await app.api(.GET, "/api/v1/compliance/organisations", token: coordinator).content.decode(Page.self)
            #expect(Set(all.items.map(\.name)) == ["Sở Xây dựng", "Sở Y tế"] && all.nextCursor == nil)
            for item in all.items { #expect(item.indicators.map(\.code) == IndicatorCode.allCases.map(\.rawValue)) }
            // Each agency's figures are those of its own report.
            let leader = try await app.token(for: fixtures.user("leader"))
            let own = try await Self.report(app, token: leader)
            let row = try #require(all.items.first { $0.organisationId == Self.id(fixtures.agencyA) })
            #expect(row.indicators.map(\.status) == own.indicators.map(\.status) && row.indicators.map(\.value) == own.indicators.map(\.value))

            let first = try await app.api(.GET, "/api/v1/compliance/organisations?limit=1", token: coordinator).content.decode(Page.self)
            let cursor = try #require(first.nextCursor)
            let second = try await app.api(.GET, "/api/v1/compliance/organisations?limit=1&cursor=\(cursor)", token: coordinator).content.decode(Page.self)
            #expect(first.items.count == 1 && second.items.count == 1 && second.nextCursor == nil)
            #expect(Set((first.items + second.items).map(\.organisationId)) == Set(all.items.map(\.organisationId)))
            #expect(try await app.api(.GET, "/api/v1/compliance/organisations?limit=0", token: coordinator).status == .badRequest)

            // An agency's administrator compares its units; the others below the coordinator are refused.
            let admin = try await app.token(for: fixtures.user("admin"))
            let units = try await app.api(.GET, "/api/v1/compliance/organisations", token: admin).content.decode(Page.self)
            #expect(units.items.map(\.name) == ["Văn phòng Sở"])
            for user in ["reporter", "responder", "focal_point", "leader", "b_reporter"] {
                let token = try await app.token(for: fixtures.user(user))
                #expect(try await app.api(.GET, "/api/v1/compliance/organisations", token: token).status == .forbidden, "\(user)")
            }
        }
    }

    @Test("thresholds: read by those who see the indicators, changed by a root administrator only, checked by field, audited")
    func thresholds() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let leader = try await app.token(for: fixtures.user("leader"))
            let standard = try await app.api(.GET, "/api/v1/compliance/thresholds", token: leader).content.decode(Thresholds.self)
            #expect(standard.limits["findings_overdue"] == 10 && standard.limits["focal_point"] == nil && !standard.legalReference.isEmpty)

            let admin = try await app.token(for: fixtures.user("root_admin"))
            let refused = try await app.api(.PUT, "/api/v1/compliance/thresholds", token: admin, json: """
                {"limits": {"antimalware_coverage": 150, "focal_point": 1, "findings_overdue": 2.5}, "effectiveFrom": "2026-13-01"}
                """)
            #expect(refused.status == .unprocessableEntity)
            for field in ["limits.antimalware_coverage", "limits.focal_point", "limits.findings_overdue", "effectiveFrom"] {
                #expect(refused.text.contains(#""field":"\#(field)""#), "\(field): \(refused.text)")
            }
            #expect(try await app.api(.GET, "/api/v1/compliance/thresholds", token: leader).content.decode(Thresholds.self).limits == standard.limits)

            for user in ["b_admin", "admin", "leader", "root_coordinator"] {
                let token = try await app.token(for: fixtures.user(user))
                #expect(try await app.api(.PUT, "/api/v1/compliance/thresholds", token: token, json: #"{"limits": {"findings_overdue": 0}}"#).status
                        == .forbidden, "\(user)")
            }
            let saved = try await app.api(.PUT, "/api/v1/compliance/thresholds", token: admin, json: """
                {"limits": {"findings_overdue": 0, "plans_current": 75}, "legalReference": "Quyết định 12/QĐ-SKHCN", "effectiveFrom": "2026-12-01"}
                """)
            #expect(saved.status == .ok, "\(saved.text)")
            let now = try await app.api(.GET, "/api/v1/compliance/thresholds", token: leader).content.decode(Thresholds.self)
            #expect(now.limits["findings_overdue"] == 0 && now.limits["plans_current"] == 75 && now.limits["antimalware_coverage"] == 95)
            #expect(now.legalReference == "Quyết định 12/QĐ-SKHCN" && now.effectiveFrom == "2026-12-01")
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "settings.update").filter(\.$objectID == "compliance").count() == 1)
        }
    }
}
