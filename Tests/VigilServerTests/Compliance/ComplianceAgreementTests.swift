import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Each indicator agrees with the list it summarises (issue 21): the same records, counted by the
/// compliance service and listed by the capability that owns them.
@Suite("Compliance: the figures agree with their lists")
struct ComplianceAgreementTests {
    struct Created: Decodable { let id: String }

    static func indicators(_ app: Application, token: String, organisation: OrganisationRecord) async throws -> [String: ComplianceAPITests.Indicator] {
        let report = try await ComplianceAPITests.report(app, token: token, organisation: ComplianceAPITests.id(organisation))
        return Dictionary(uniqueKeysWithValues: report.indicators.map { ($0.code, $0) })
    }

    static func system(_ app: Application, token: String, name: String, level: Int) async throws -> String {
        let response = try await app.api(.POST, "/api/v1/systems", token: token, json: #"{"name": "\#(name)", "securityLevel": \#(level)}"#)
        #expect(response.status == .created, "\(response.text)")
        return try response.content.decode(Created.self).id
    }

    @Test("anti-malware coverage is GET /api/v1/coverage's; overdue findings are the findings list's overdue filter; scan freshness the cadence's")
    func coverageFindingsAndScans() async throws {
        try await withVigilApp { app in
            // Setup: hosts in agency A, its unit and agency B; a scanned system and one never scanned in A.
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            let hosts = CoverageTests()
            try await hosts.host(app, fixtures.agencyA, "a-ok-1", reportedDaysAgo: 0.1, now: now)
            try await hosts.host(app, fixtures.agencyA, "a-ok-2", reportedDaysAgo: 0.5, now: now)
            try await hosts.host(app, fixtures.agencyA, "a-never", reportedDaysAgo: nil, now: now)
            try await hosts.host(app, fixtures.unitA1, "u-ok", reportedDaysAgo: 0.1, now: now)
            try await hosts.host(app, fixtures.unitA1, "u-old", reportedDaysAgo: 0.1, signatureDaysAgo: 30, now: now)
            try await hosts.host(app, fixtures.agencyB, "b-ok", reportedDaysAgo: 0.1, now: now)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let scanned = try await Self.system(app, token: focal, name: "Cổng dịch vụ công", level: 3)
            _ = try await Self.system(app, token: focal, name: "Thư điện tử", level: 2)
            _ = try await ScanImportService().importFile(
                at: ScanImportTests.samples.appendingPathComponent("openvas/many_vuln.xml").path, fileName: "many_vuln.xml",
                organisationID: fixtures.agencyA.requireID(), systemID: UUID(uuidString: scanned), importedBy: .commandLine, importedByName: "tests",
                on: app.db)
            let findings = try await FindingRecord.query(on: app.db).sort(\.$id).all()
            for finding in findings.prefix(4) where !finding.allowsIntrusion {
                finding.dueAt = now.addingTimeInterval(-86_400)
                try await finding.update(on: app.db)
            }
            let leader = try await app.token(for: fixtures.user("leader"))
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))

            // Action
            let mine = try await Self.indicators(app, token: leader, organisation: fixtures.agencyA)

            // Check: coverage, for A with its unit and for B, as the coverage API counts it.
            struct CoverageAnswer: Decodable { let total: Int; let protected: Int }
            for (organisation, token) in [(fixtures.agencyA, leader), (fixtures.agencyB, coordinator)] {
                let coverage = try await app.api(.GET, "/api/v1/coverage?org=\(ComplianceAPITests.id(organisation))", token: token)
                    .content.decode(CoverageAnswer.self)
                let indicator = try #require(try await Self.indicators(app, token: token, organisation: organisation)["antimalware_coverage"])
                #expect(indicator.numerator == coverage.protected && indicator.denominator == coverage.total, "\(organisation.name)")
            }
            // Three protected of the five reported, and the scanned hosts (never reported by an agent).
            #expect(mine["antimalware_coverage"]?.numerator == 3 && (mine["antimalware_coverage"]?.denominator ?? 0) > 5)

            // Overdue findings: the list filtered as the indicator's link says, page by page.
            struct FindingPage: Decodable { struct Item: Decodable { let allowsIntrusion: Bool }; let items: [Item]; let nextCursor: String? }
            func listed(intrusion: Bool) async throws -> Int {
                var count = 0
                var cursor: String?
                repeat {
                    let path = "/api/v1/findings?overdue=true&intrusion=\(intrusion)&org=\(ComplianceAPITests.id(fixtures.agencyA))&limit=100"
                        + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try await app.api(.GET, path, token: leader).content.decode(FindingPage.self)
                    #expect(page.items.allSatisfy { $0.allowsIntrusion == intrusion })
                    count += page.items.count
                    cursor = page.nextCursor
                } while cursor != nil
                return count
            }
            let expectedOther = findings.prefix(4).filter { !$0.allowsIntrusion }.count
            #expect(expectedOther > 0)
            #expect(mine["findings_overdue"]?.numerator == expectedOther)
            #expect(try await listed(intrusion: false) == expectedOther)
            let immediate = try await listed(intrusion: true)
            #expect(mine["immediate_findings_overdue"]?.numerator == immediate)
            let overdue = try await FindingRepository().overdue(scope: [fixtures.agencyA.id!, fixtures.unitA1.id!], now: Date(), on: app.db)
            #expect(overdue.byOrganisation.values.reduce(0, +) == immediate + expectedOther)
            // The unit has no findings: narrowed to it, the list is empty.
            let unitList = try await app.api(.GET, "/api/v1/findings?overdue=true&org=\(ComplianceAPITests.id(fixtures.unitA1))", token: leader)
                .content.decode(FindingPage.self)
            #expect(unitList.items.isEmpty)
            // Agency B sees nothing of A's through the filter.
            let bResponder = try await app.token(for: fixtures.user("b_responder"))
            let foreign = try await app.api(.GET, "/api/v1/findings?overdue=true&org=\(ComplianceAPITests.id(fixtures.agencyA))", token: bResponder)
                .content.decode(FindingPage.self)
            #expect(foreign.items.isEmpty)

            // Scan freshness: the systems current or due soon in the cadence the vulnerabilities page shows.
            let rows = try await app.vigilServices.scanCadence.rows(organisations: [fixtures.agencyA.id!, fixtures.unitA1.id!], on: app.db)
            #expect(mine["scan_freshness"]?.numerator == rows.filter { $0.state == .current || $0.state == .dueSoon }.count)
            #expect(mine["scan_freshness"]?.denominator == rows.count && rows.count == 2)
            #expect(mine["scan_freshness"]?.numerator == 1)

            // The links open the lists they name.
            let session = try await app.signIn(fixtures.user("leader"))
            for code in ["antimalware_coverage", "findings_overdue", "immediate_findings_overdue", "scan_freshness"] {
                let link = try #require(mine[code]?.link)
                #expect(try await app.get(link, headers: session.headers).status == .ok, "\(link)")
            }
        }
    }

    @Test("overdue warnings are the advisory tasks' overdue list; incidents notified on time follow their notification clocks")
    func advisoriesAndIncidents() async throws {
        try await withVigilApp { app in
            // Setup: a warning whose deadline passed three days ago; four incidents of agency A.
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            func day(_ days: Double) -> String { ISODay.string(now.addingTimeInterval(days * 86_400), in: app.vigilConfig.timeZone) }
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let warning = try await app.api(.POST, "/api/v1/advisories", token: coordinator, json: """
                {"reference": "77/CATTT-NCSC", "issuer": "Cục An toàn thông tin", "issuedOn": "\(day(-10))", "title": "Lỗ hổng Apache HTTP Server",
                 "cves": ["CVE-2006-1015"], "deadline": "\(day(-3))", "action": "Cập nhật lên 2.4.58 trở lên.",
                 "products": [{"vendor": "Apache", "product": "HTTP Server", "versions": ">=2.4.0 <2.4.58"}]}
                """)
            #expect(warning.status == .created, "\(warning.text)")
            struct Tasks: Decodable { struct Item: Decodable { struct Task: Decodable { let id: String }; let task: Task }; let items: [Item] }
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let reporter = try await app.token(for: fixtures.user("reporter"))
            func report(discoveredDaysAgo: Double) async throws -> String {
                let discovered = ISO8601DateFormatter().string(from: now.addingTimeInterval(-discoveredDaysAgo * 86_400))
                let response = try await app.api(.POST, "/api/v1/incidents", token: reporter, json: """
                    {"title": "Trang web bị thay đổi giao diện", "description": "Trang chủ hiện nội dung lạ", "discoveredAt": "\(discovered)"}
                    """)
                #expect(response.status == .created, "\(response.text)")
                return try response.content.decode(Created.self).id
            }
            func notify(_ id: String, hoursAgo: Double) async throws {
                let sent = ISO8601DateFormatter().string(from: now.addingTimeInterval(-hoursAgo * 3600))
                let response = try await app.api(.POST, "/api/v1/incidents/\(id)/notification", token: focal,
                                                 json: #"{"sentAt": "\#(sent)", "recipients": "VNCERT/CC"}"#)
                #expect(response.status == .ok, "\(response.text)")
            }
            _ = try await report(discoveredDaysAgo: 10)                          // late, not notified: overdue
            try await notify(try await report(discoveredDaysAgo: 10), hoursAgo: 1) // notified late
            try await notify(try await report(discoveredDaysAgo: 2), hoursAgo: 1)  // on time
            _ = try await report(discoveredDaysAgo: 1)                           // still running
            _ = try await report(discoveredDaysAgo: 400)                         // before the window

            // Action
            let leader = try await app.token(for: fixtures.user("leader"))
            let mine = try await Self.indicators(app, token: leader, organisation: fixtures.agencyA)

            // Check: the warnings' own overdue list (the task is open past its deadline).
            let overdueTasks = try await app.api(.GET, "/api/v1/advisory-tasks?overdue=true", token: focal).content.decode(Tasks.self)
            #expect(mine["advisories_overdue"]?.numerator == overdueTasks.items.count && overdueTasks.items.count == 1)
            #expect(mine["advisories_overdue"]?.status == "failing")
            // Acknowledging is not fixing: still overdue; "not affected" with a reason closes it.
            let task = try #require(overdueTasks.items.first?.task.id)
            #expect(try await app.api(.POST, "/api/v1/advisory-tasks/\(task)", token: focal, json: #"{"status": "acknowledged"}"#).status == .ok)
            #expect(try await Self.indicators(app, token: leader, organisation: fixtures.agencyA)["advisories_overdue"]?.numerator == 1)
            #expect(try await app.api(.POST, "/api/v1/advisory-tasks/\(task)", token: focal,
                                      json: #"{"status": "not_affected", "note": "Không dùng Exchange"}"#).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/advisory-tasks?overdue=true", token: focal).content.decode(Tasks.self).items.isEmpty)
            #expect(try await Self.indicators(app, token: leader, organisation: fixtures.agencyA)["advisories_overdue"]?.status == "ok")

            // Incidents: the clocks of the incidents discovered in the last 12 months, as the API shows them.
            let listed = try await app.api(.GET, "/api/v1/incidents?limit=100", token: focal).content.decode(APIPage<IncidentDTO>.self).items
            let window = listed.filter { $0.discoveredAt > now.addingTimeInterval(-365 * 86_400) }
            let due = window.filter { $0.notification.state == "met" || $0.notification.state == "overdue" }
            let onTime = window.filter { $0.notification.state == "met" }
            let indicator = try #require(mine["incidents_notified_on_time"])
            #expect(indicator.denominator == due.count && indicator.numerator == onTime.count)
            #expect(indicator.denominator == 3 && indicator.numerator == 1 && indicator.value == 33.3 && indicator.status == "failing")
            // The late ones never notified are the list's overdue filter, as the indicator's link says.
            let overdueList = try await app.api(.GET, "/api/v1/incidents?overdue=true&organisation=\(ComplianceAPITests.id(fixtures.agencyA))",
                                                token: focal).content.decode(APIPage<IncidentDTO>.self).items
            #expect(overdueList.filter { $0.discoveredAt > now.addingTimeInterval(-365 * 86_400) }.count == 1)
            let session = try await app.signIn(fixtures.user("leader"))
            #expect(try await app.get(indicator.link, headers: session.headers).status == .ok)
        }
    }
}
