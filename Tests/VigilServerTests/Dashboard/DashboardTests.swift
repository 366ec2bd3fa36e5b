import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Dashboard: first steps and figures")
struct DashboardTests {
    @Test("a new installation shows the first steps, each ticked from the data, with the roles that can do it")
    func firstSteps() async throws {
        try await withVigilApp { app in
            // The administrator the first start made, alone in the province.
            let admin = try #require(try await UserRecord.query(on: app.db).first())
            #expect(try await UserRecord.query(on: app.db).count() == 1)
            admin.mustChangePassword = false
            try await admin.save(on: app.db)
            let session = try await app.signIn(admin)
            let empty = try await app.get("/", headers: session.headers)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("data-testid=\"first-steps\""))
            #expect(empty.text.contains("Đã xong 0/6 bước"))
            #expect(empty.text.contains("href=\"/organisations/new\""), "the administrator's steps link to where they are done")
            #expect(!empty.text.contains("href=\"/vulnerabilities/import\""), "a step the administrator cannot do is named, not linked")
            #expect(empty.text.contains("Người làm được: Cán bộ xử lý sự cố, Đầu mối ứng cứu sự cố."))
            #expect(!empty.text.contains("Tình trạng xây dựng") && !empty.text.contains("50 MB/s"), "no build status")

            // The administrator's three steps, done through the services as the forms do them.
            let fixtures = try await Fixtures.make(app)
            let after = try await app.get("/", headers: session.headers)
            #expect(after.text.contains("Đã xong 3/6 bước"))
            let focal = try await app.signIn(fixtures.user("focal_point"))
            let focalPage = try await app.get("/", headers: focal.headers)
            #expect(focalPage.text.contains("href=\"/vulnerabilities/import\""))
            #expect(focalPage.text.contains("data-testid=\"figures\""))
            let reporter = try await app.get("/", headers: try await app.signIn(fixtures.user("reporter")).headers)
            #expect(!reporter.text.contains("data-testid=\"first-steps\""), "a reporter can do none of the steps")
        }
    }

    @Test("the figures count what the user sees and link to the lists behind them")
    func figures() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            _ = try await app.reportIncident(as: fixtures.user("reporter"))
            let page = try await app.get("/", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(page.text.contains("sự cố đang xử lý"))
            #expect(page.text.contains("href=\"/incidents?overdue=1\""))
            // The focal point's agency tiles say there are no hosts yet rather than show 100 %.
            #expect(page.text.contains("Chưa có máy nào trong danh mục tài sản."), "no hosts yet is said, not shown as 100 %")
            let other = try await app.get("/", headers: try await app.signIn(fixtures.user("b_responder")).headers)
            #expect(other.text.contains("<span class=\"figure-value\">0</span> <span class=\"figure-label\">sự cố đang xử lý</span>"),
                    "agency B does not count agency A's incident")
        }
    }

    @Test("a refusal names the roles that would allow it and who in the organisation holds one")
    func refusalNamesTheRoles() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let refused = try await app.get("/vulnerabilities/import", headers: try await app.signIn(fixtures.user("admin")).headers)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("Cần một trong các vai trò: Cán bộ xử lý sự cố, Đầu mối ứng cứu sự cố."))
            #expect(refused.text.contains("Ở Sở Xây dựng, người có vai trò đó: focal_point, responder."))
            let nobody = try await app.get("/vulnerabilities/import", headers: try await app.signIn(fixtures.user("unit_reporter")).headers)
            #expect(nobody.status == .forbidden && nobody.text.contains("Ở Văn phòng Sở chưa ai có vai trò đó"))
            let api = try await app.api(.POST, "/api/v1/scans", token: try await app.token(for: fixtures.user("admin")))
            #expect(api.status == .forbidden && api.errorCode == "forbidden" && api.text.contains("focal_point, responder"))
        }
    }

    @Test("a report with no focal point anywhere above says that nobody was told; with one, the timeline names who")
    func truthfulNotice() async throws {
        try await withVigilApp { app in
            let root = try #require(try await OrganisationRecord.query(on: app.db).filter(\.$parent.$id == nil).first())
            let lonely = try await app.vigilServices.users.create(
                .init(email: "bao@tinh.gov.vn", displayName: "Người báo", organisationID: try root.requireID(), roles: [.reporter], password: Fixtures.password),
                scope: nil, actor: .system, on: app.db).user
            let session = try await app.signIn(lonely)
            let sent = try await app.post("/incidents", session: session, form: [
                "title": "Trang web bị thay đổi", "description": "Nội dung lạ", "discovered_at": "2026-11-20T08:30"])
            #expect(sent.headers.first(name: .location)?.contains("notice=incident_reported_nobody_told") == true)
            #expect(try await IncidentEventRecord.query(on: app.db).filter(\.$kind == "focal_point_missing").count() == 1)

            let fixtures = try await Fixtures.make(app)
            _ = try await app.reportIncident(as: fixtures.user("reporter"))
            let told = try #require(try await IncidentEventRecord.query(on: app.db).filter(\.$kind == "focal_point_told").first())
            #expect(told.note == "focal_point")
        }
    }

    @Test("pages name their record in the tab, propose the usual kind of organisation, keep a refused scan's choices")
    func truthfulPages() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let incident = try #require(try await IncidentRecord.find(UUID(uuidString: id), on: app.db))
            let page = try await app.get("/incidents/\(id)", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(page.text.contains("<title>\(incident.reference) · "))
            #expect(page.text.contains("<option value=\"\">— Chọn tình huống —</option>"), "no scenario chosen in advance")

            let rootAdmin = try await app.signIn(fixtures.user("root_admin"))
            #expect(try await app.get("/organisations/new", headers: rootAdmin.headers).text.contains("<option value=\"agency\" selected>"))
            let underAgency = try await app.get("/organisations/new?parent=\(fixtures.agencyA.id!.uuidString.lowercased())", headers: rootAdmin.headers)
            #expect(underAgency.text.contains("<option value=\"unit\" selected>"))

            // A refused report keeps the organisation and system chosen.
            let focal = try await app.token(for: fixtures.user("focal_point"))
            struct Created: Decodable { let id: String }
            let system = try await app.api(.POST, "/api/v1/systems", token: focal, json: #"{"name": "Cổng thông tin", "securityLevel": 2}"#).content.decode(Created.self).id
            let session = try await app.signIn(fixtures.user("focal_point"))
            var form = Multipart()
            form.field("_csrf", session.csrf)
            form.field("org", fixtures.agencyA.id!.uuidString.lowercased())
            form.field("system", system)
            form.file("file", "bao-cao.xml", Data("not a report".utf8))
            let refused = try await app.testing().sendRequest(.POST, "/vulnerabilities/scans", headers: form.headers(session.headers), body: form.body)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("<option value=\"\(system)\" selected>"))
        }
    }

    @Test("a long list of systems pages a hundred at a time and sorts by its columns")
    func longListsPage() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            for index in 1...105 {
                let level = index == 7 ? 4 : 2
                #expect(try await app.api(.POST, "/api/v1/systems", token: focal,
                                          json: #"{"name": "Hệ thống \#(String(format: "%03d", index))", "securityLevel": \#(level)}"#).status == .created)
            }
            let session = try await app.signIn(fixtures.user("focal_point"))
            let first = try await app.get("/assets/systems", headers: session.headers)
            #expect(first.text.components(separatedBy: "<tr><td><a href=\"/assets/systems/").count - 1 == 100)
            #expect(first.text.contains("Trang 1/2") && first.text.contains("href=\"/assets/systems?page=2\""))
            let second = try await app.get("/assets/systems?page=2", headers: session.headers)
            #expect(second.text.contains("Hệ thống 105") && !second.text.contains("Hệ thống 001"))
            let byLevel = try await app.get("/assets/systems?sort=level", headers: session.headers)
            let firstRow = try #require(byLevel.text.range(of: "<tr><td><a href=\"/assets/systems/"))
            #expect(byLevel.text[firstRow.upperBound...].prefix(200).contains("Hệ thống 007"), "the highest security level first")
            #expect(byLevel.text.contains("href=\"/assets/systems?page=2&amp;sort=level\"") || byLevel.text.contains("href=\"/assets/systems?page=2&sort=level\""))
        }
    }
}

@Suite("Findings page order")
struct FindingOrderTests {
    @Test("findings list the nearest deadline first, sort by severity or host, and page in that order")
    func sorted() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            var results: [(host: String, oid: String, port: String)] = []
            for index in 0..<60 { results.append(("10.0.\(index / 20).\(index % 20 + 1)", "1.3.6.1.4.1.25623.1.0.\(2001 + index % 3)", "\(1000 + index)/tcp")) }
            _ = try await ScanImportTests().importFile(app, try ScanImportTests.report(results), organisation: fixtures.agencyA)
            let session = try await app.signIn(fixtures.user("focal_point"))
            func rows(_ path: String) async throws -> (hosts: [String], next: String?) {
                let page = try await app.get(path, headers: session.headers).text
                let hosts = page.components(separatedBy: "<tr><td>").dropFirst().map { String($0.prefix { $0 != "<" }) }
                let next = page.range(of: "href=\"/vulnerabilities/findings?cursor=").map { range in
                    String(page[range.upperBound...].prefix { $0 != "\"" })
                }
                return (hosts, next)
            }
            let byHost = try await rows("/vulnerabilities/findings?sort=host")
            #expect(byHost.hosts.count == 50 && byHost.hosts == byHost.hosts.sorted())
            let next = try #require(byHost.next)
            let second = try await rows("/vulnerabilities/findings?cursor=" + next.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.hosts.count == 10 && second.hosts.first! >= byHost.hosts.last!)
            let plain = try await app.get("/vulnerabilities/findings", headers: session.headers)
            #expect(plain.status == .ok && plain.text.contains("aria-sort=\"ascending\"><a href=\"/vulnerabilities/findings?sort=deadline"))
            #expect(try await app.get("/vulnerabilities/findings?sort=drop%20table", headers: session.headers).status == .unprocessableEntity)
        }
    }
}
