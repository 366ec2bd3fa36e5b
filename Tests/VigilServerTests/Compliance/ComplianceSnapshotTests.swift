import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Plans, drills and the focal point against the capabilities' own rules; the daily snapshots.
@Suite("Compliance: plans, drills, the focal point and the daily snapshots")
struct ComplianceSnapshotTests {
    typealias Created = ComplianceAgreementTests.Created

    @Test("current plans are PlanService.reviewReasons' empty approved plans; drills are DrillObligation's; the focal point ContactRepository.status's")
    func plansDrillsAndFocalPoint() async throws {
        try await withVigilApp { app in
            // Setup: a plan approved and current, one approved then out of date, a system with none;
            // a level-3 system drilled, and one in the inventory for two years without a drill.
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let leader = try await app.token(for: fixtures.user("leader"))
            let current = try await ComplianceAgreementTests.system(app, token: focal, name: "Cổng thông tin", level: 3)
            let changed = try await ComplianceAgreementTests.system(app, token: focal, name: "Một cửa điện tử", level: 2)
            let old = try await ComplianceAgreementTests.system(app, token: focal, name: "Quản lý văn bản", level: 3)
            for system in [current, changed] {
                let plan = try await app.api(.POST, "/api/v1/systems/\(system)/plans", token: focal).content.decode(Created.self).id
                #expect(try await app.api(.POST, "/api/v1/plans/\(plan)/approve", token: leader).status == .ok)
            }
            #expect(try await app.api(.PATCH, "/api/v1/systems/\(changed)", token: focal, json: #"{"securityLevel": 3}"#).status == .ok)
            let oldRecord = try #require(try await InformationSystemRecord.find(UUID(uuidString: old), on: app.db))
            oldRecord.createdAt = Date().addingTimeInterval(-730 * 86_400)
            try await oldRecord.update(on: app.db)
            // Fluent sets `created_at` only on create; check the row kept the older date.
            #expect(try await InformationSystemRecord.find(UUID(uuidString: old), on: app.db)?.createdAt ?? Date() < Date().addingTimeInterval(-700 * 86_400))
            let drill = try await app.api(.POST, "/api/v1/drills", token: focal, json: """
                {"title": "Diễn tập tấn công thay đổi giao diện", "scenario": "defacement", "systemIds": ["\(current)"], "plannedAt": "\(ISODay.string(Date()))"}
                """)
            #expect(drill.status == .created, "\(drill.text)")
            let drillID = try drill.content.decode(Created.self).id
            #expect(try await app.api(.POST, "/api/v1/drills/\(drillID)/events", token: focal, json: #"{"kind": "inject", "text": "Trang chủ bị thay"}"#).status == .created)
            #expect(try await app.api(.POST, "/api/v1/drills/\(drillID)/status", token: focal, json: #"{"status": "completed"}"#).status == .ok)

            // Action
            let mine = try await ComplianceAgreementTests.indicators(app, token: leader, organisation: fixtures.agencyA)

            // Check: plans, against the plans' own rule, plan by plan.
            let services = app.vigilServices
            let systems = try await services.assets.systemsWithOrganisation(ofOrganisations: [fixtures.agencyA.id!, fixtures.unitA1.id!], on: app.db)
            var currentBySystem = 0
            for system in systems {
                let versions = try await services.plans.repository.versions(ofSystem: system.id!, on: app.db)
                guard let approved = versions.first(where: { $0.planStatus == .approved }) else { continue }
                if try await services.plans.reviewReasons(approved, system: system, on: app.db).isEmpty { currentBySystem += 1 }
            }
            #expect(mine["plans_current"]?.numerator == currentBySystem && mine["plans_current"]?.denominator == systems.count)
            #expect(currentBySystem == 1 && systems.count == 3)
            #expect(try await services.plans.systemsWithCurrentPlans(systems, on: app.db) == [UUID(uuidString: current)!])

            // Drills: the obligations list, level 3 and above, overdue or not.
            struct Obligation: Decodable { let systemId: String; let overdue: Bool }
            let obligations = try await app.api(.GET, "/api/v1/drills/obligations", token: leader).content.decode([Obligation].self)
            #expect(mine["drills_done"]?.denominator == obligations.count && obligations.count == 3)
            #expect(mine["drills_done"]?.numerator == obligations.filter { !$0.overdue }.count)
            #expect(obligations.first { $0.systemId == old }?.overdue == true)

            // The focal point: the directory's status of the agency.
            struct FocalPoint: Decodable { let problems: [String] }
            let status = try await app.api(.GET, "/api/v1/organisations/\(ComplianceAPITests.id(fixtures.agencyA))/focal-point", token: leader)
                .content.decode(FocalPoint.self)
            #expect(mine["focal_point"]?.status == "failing" && mine["focal_point"]?.reason == status.problems.first)
        }
    }

    @Test("the snapshot job writes every organisation's indicators once a day; run twice, one row per code; a year of history reads back")
    func snapshots() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            try await CoverageTests().host(app, fixtures.unitA1, "u-ok", reportedDaysAgo: 0.1, now: Date())
            let job = ComplianceSnapshotJob(service: app.vigilServices.compliance, repository: ComplianceSnapshotRepository())
            let sql = app.db as! any SQLDatabase
            struct Count: Decodable { let n: Int }
            func rows() async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM compliance_snapshots").first(decoding: Count.self)?.n ?? 0
            }
            let organisations = try await OrganisationRecord.query(on: app.db).count()
            let now = Date()

            // Action: twice the same day, then once the next day.
            try await job.run(on: app.db, now: now)
            let first = try await rows()
            try await job.run(on: app.db, now: now.addingTimeInterval(60))
            #expect(try await rows() == first)
            #expect(first == organisations * IndicatorCode.allCases.count)
            try await job.run(on: app.db, now: now.addingTimeInterval(86_400))

            // Check: the agency's history, by code, oldest first, with its subtree's figures.
            let repository = ComplianceSnapshotRepository()
            let history = try await repository.yearOfHistory(organisation: fixtures.agencyA.id!, today: now.addingTimeInterval(86_400),
                                                             timeZone: app.vigilConfig.timeZone, on: app.db)
            #expect(Set(history.keys) == Set(IndicatorCode.allCases))
            let coverage = try #require(history[.antimalwareCoverage])
            #expect(coverage.count == 2 && coverage[0].day < coverage[1].day)
            #expect(coverage.allSatisfy { $0.numerator == 1 && $0.denominator == 1 && $0.status == .ok && $0.value == 100 })
            #expect(history[.findingsOverdue]?.first?.denominator == nil && history[.focalPoint]?.first?.status == .failing)
            let unit = try await repository.history(organisations: [fixtures.unitA1.id!], since: "2000-01-01", on: app.db)
            #expect(unit[fixtures.unitA1.id!]?[.antimalwareCoverage]?.count == 2)
            #expect(try await repository.history(organisations: [fixtures.agencyB.id!], since: "2999-01-01", on: app.db).isEmpty)
        }
    }
}
