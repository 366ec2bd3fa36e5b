import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The compliance pages and the dashboard's panels (issue 21): what each role sees, the links a
/// red figure opens, the calendar, the province table's order, filter and CSV, and refusals.
@Suite("Compliance: the leader's and the coordinator's pages, the dashboard per role")
struct CompliancePageTests {
    static func id(_ organisation: OrganisationRecord) -> String { organisation.id!.uuidString.lowercased() }

    @Test("the leader's page: nine tiles, each linking to its list; units; a never-scanned system in the calendar; another agency is 404")
    func agencyPage() async throws {
        try await withVigilApp { app in
            // Setup: a system in agency A, never scanned; a host without anti-malware.
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            _ = try await ComplianceAgreementTests.system(app, token: focal, name: "Cổng thông tin điện tử", level: 3)
            try await CoverageTests().host(app, fixtures.agencyA, "pc-khong-av", reportedDaysAgo: nil, now: Date())
            let leader = try await app.signIn(fixtures.user("leader"))

            // Action
            let page = try await app.get("/compliance", headers: leader.headers)

            // Check: every indicator as a tile, with its status and the list behind it.
            #expect(page.status == .ok)
            for code in IndicatorCode.allCases { #expect(page.text.contains("data-code=\"\(code.rawValue)\""), "\(code)") }
            #expect(page.text.contains("href=\"/assets/coverage?org=\(Self.id(fixtures.agencyA))\""))
            #expect(page.text.contains("data-code=\"antimalware_coverage\" data-status=\"failing\""))
            // The system to scan is in the calendar, overdue, and first among the work to do is intrusion or coverage.
            #expect(page.text.contains("data-testid=\"obligations\""))
            #expect(page.text.contains("Cổng thông tin điện tử"))
            #expect(page.text.contains(fixtures.unitA1.name))
            #expect(page.text.contains("data-testid=\"open-work\""))
            // A unit of the agency opens; another agency does not; a malformed id is refused by name.
            #expect(try await app.get("/compliance?org=\(Self.id(fixtures.unitA1))", headers: leader.headers).status == .ok)
            #expect(try await app.get("/compliance?org=\(Self.id(fixtures.agencyB))", headers: leader.headers).status == .notFound)
            #expect(try await app.get("/compliance?org=zzz", headers: leader.headers).status == .unprocessableEntity)
            // The reporter and the responder have no compliance page.
            for role in ["reporter", "responder"] {
                #expect(try await app.get("/compliance", headers: try await app.signIn(fixtures.user(role)).headers).status == .forbidden)
            }
            // The leader has no province view.
            #expect(try await app.get("/compliance/agencies", headers: leader.headers).status == .forbidden)
        }
    }

    @Test("the coordinator's table: every agency, worst first, sortable, filterable by status, as CSV; unknown values refused")
    func provincePage() async throws {
        try await withVigilApp { app in
            // Setup: agency A has one protected host, agency B nothing.
            let fixtures = try await Fixtures.make(app)
            try await CoverageTests().host(app, fixtures.agencyA, "a-ok", reportedDaysAgo: 0.1, now: Date())
            let coordinator = try await app.signIn(fixtures.user("root_coordinator"))

            // Action
            let page = try await app.get("/compliance/agencies", headers: coordinator.headers)

            // Check: both agencies, each row linking to its page, each cell to the records behind it.
            #expect(page.status == .ok)
            #expect(page.text.contains(fixtures.agencyA.name) && page.text.contains(fixtures.agencyB.name))
            #expect(page.text.contains("href=\"/compliance?org=\(Self.id(fixtures.agencyB))\""))
            #expect(page.text.contains("href=\"/assets/coverage?org=\(Self.id(fixtures.agencyB))\""))
            #expect(page.text.contains("class=\"heat-map\""))
            // Worst first: B has no host at all, A has a protected one.
            let a = try #require(page.text.range(of: ">\(fixtures.agencyA.name)</a></th>"))
            let b = try #require(page.text.range(of: ">\(fixtures.agencyB.name)</a></th>"))
            #expect(b.lowerBound < a.lowerBound)
            // Sorted by coverage, best first: A before B.
            let best = try await app.get("/compliance/agencies?sort=-antimalware_coverage", headers: coordinator.headers)
            #expect(try #require(best.text.range(of: ">\(fixtures.agencyA.name)</a></th>")).lowerBound
                    < (try #require(best.text.range(of: ">\(fixtures.agencyB.name)</a></th>")).lowerBound))
            // Nobody meets everything yet.
            let ok = try await app.get("/compliance/agencies?status=ok", headers: coordinator.headers)
            #expect(ok.status == .ok && !ok.text.contains(">\(fixtures.agencyA.name)</a></th>"))
            #expect(try await app.get("/compliance/agencies?sort=nonsense", headers: coordinator.headers).status == .unprocessableEntity)
            #expect(try await app.get("/compliance/agencies?status=green", headers: coordinator.headers).status == .unprocessableEntity)
            // The CSV: a header and one row per agency, with the figure and the status.
            let csv = try await app.get("/compliance/agencies.csv", headers: coordinator.headers)
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = csv.text.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.contains { $0.contains(fixtures.agencyA.name) && $0.contains("100%") })
            // An agency's own administrator compares nothing above it: its table is empty, not another's.
            let bAdmin = try await app.get("/compliance/agencies", headers: try await app.signIn(fixtures.user("b_admin")).headers)
            #expect(bAdmin.status == .ok && !bAdmin.text.contains(fixtures.agencyA.name))
        }
    }

    @Test("the dashboard per role: a reporter's reports, a responder's tasks, a leader's agency, a coordinator's province")
    func dashboardPerRole() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            func home(_ key: String) async throws -> String {
                let page = try await app.get("/", headers: try await app.signIn(fixtures.user(key)).headers)
                #expect(page.status == .ok)
                return page.text
            }
            let reporter = try await home("reporter")
            #expect(reporter.contains("data-testid=\"my-reports\"") && !reporter.contains("data-testid=\"agency-panel\""))
            let responder = try await home("responder")
            #expect(responder.contains("data-testid=\"my-tasks\"") && !responder.contains("data-testid=\"province-panel\""))
            let leader = try await home("leader")
            #expect(leader.contains("data-testid=\"agency-panel\"") && leader.contains("data-code=\"focal_point\""))
            let coordinator = try await home("root_coordinator")
            #expect(coordinator.contains("data-testid=\"province-panel\"") && coordinator.contains(fixtures.agencyB.name))
        }
    }

    @Test("every figure's link opens, for the coordinator, a list narrowed to that agency's records")
    func linksOpenNarrowedLists() async throws {
        try await withVigilApp { app in
            // Setup: a system in each agency.
            let fixtures = try await Fixtures.make(app)
            _ = try await ComplianceAgreementTests.system(app, token: try await app.token(for: fixtures.user("focal_point")), name: "Hệ thống của Sở A", level: 3)
            _ = try await ComplianceAgreementTests.system(app, token: try await app.token(for: fixtures.user("b_admin")), name: "Hệ thống của Sở B", level: 3)
            let coordinator = try await app.signIn(fixtures.user("root_coordinator"))
            let user = try CurrentUser(user: fixtures.user("root_coordinator"), organisation: fixtures.root, channel: .apiToken(id: UUID()), requireTOTPForAll: false)
            let report = try await app.vigilServices.compliance.report(for: fixtures.agencyB, user: user, on: app.db)

            // Check: each link answers; those that list systems show B's, not A's.
            for indicator in report.indicators {
                let link = ComplianceLinks.link(indicator.code, organisation: fixtures.agencyB.id!, now: Date(), timeZone: app.vigilConfig.timeZone)
                let page = try await app.get(link, headers: coordinator.headers)
                #expect(page.status == .ok, "\(indicator.code): \(link)")
                if [.scanFreshness, .plansCurrent, .drillsDone].contains(indicator.code) {
                    #expect(page.text.contains("Hệ thống của Sở B") && !page.text.contains("Hệ thống của Sở A"), "\(indicator.code): \(link)")
                }
            }
            // An agency's leader cannot narrow to another agency.
            let leader = try await app.signIn(fixtures.user("leader"))
            #expect(try await app.get("/vulnerabilities?org=\(Self.id(fixtures.agencyB))", headers: leader.headers).status == .notFound)
        }
    }
}
