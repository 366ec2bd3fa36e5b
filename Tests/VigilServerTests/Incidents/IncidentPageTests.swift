import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Incident pages")
struct IncidentPageTests {
    @Test("report from the form, then triage, assess, work and close it through the pages")
    func journey() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.signIn(fixtures.user("reporter"))
            let form = try await app.get("/incidents/new", headers: reporter.headers)
            #expect(form.status == .ok)
            #expect(form.text.contains("type=\"datetime-local\""))

            // Bad input: errors next to the fields, nothing stored.
            let bad = try await app.post("/incidents", session: reporter, form: ["title": "", "description": "x", "discovered_at": "2999-01-01T10:00"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"title-error\""))
            #expect(bad.text.contains("id=\"discovered_at-error\""))
            #expect(try await IncidentRecord.query(on: app.db).count() == 0)

            let sent = try await app.post("/incidents", session: reporter, form: [
                "title": "Cổng thông tin bị thay đổi giao diện", "description": "Trang chủ hiện ảnh lạ.\nKhông vào được trang quản trị.",
                "discovered_at": "2026-11-24T08:15", "system_name": "Cổng thông tin điện tử", "reporter_contact": "0912 345 678"])
            #expect(sent.status == .seeOther)
            let location = try #require(sent.headers.first(name: .location))
            #expect(location.hasPrefix("/incidents/"))
            let path = String(location.split(separator: "?")[0])
            let own = try await app.get(path, headers: reporter.headers)
            #expect(own.status == .ok)
            #expect(own.text.contains("SXD-"))
            #expect(!own.text.contains("action=\"\(path)/classify\""), "a reporter cannot classify")
            let incident = try #require(try await IncidentRecord.query(on: app.db).first())
            // 08:15 in Hà Nội is 01:15 UTC.
            #expect(ISO8601DateFormatter().string(from: incident.discoveredAt) == "2026-11-24T01:15:00Z")

            let focal = try await app.signIn(fixtures.user("focal_point"))
            let home = try await app.get("/", headers: focal.headers)
            #expect(home.text.contains("data-testid=\"unread-count\">1<"))
            let classified = try await app.post("\(path)/classify", session: focal, form: [
                "scenario": "defacement", "securityLevel": "3", "availability": "high", "outageHours": "5", "impacts[]": "service_interruption"])
            #expect(classified.status == .seeOther)
            let page = try await app.get(path, headers: focal.headers)
            #expect(page.text.contains("Tấn công thay đổi giao diện"))
            #expect(page.text.contains("Tổng 5 điểm"))
            #expect(page.text.contains("Xác minh, phân tích, phân loại"))

            let wrong = try await app.post("\(path)/transition", session: focal, form: ["to": "closed"])
            #expect(wrong.status == .conflict)
            #expect(wrong.text.contains("id=\"transition-error\""))
            for step in ["initial_response", "containing", "recovering"] {
                #expect(try await app.post("\(path)/transition", session: focal, form: ["to": step]).status == .seeOther)
            }
            #expect(try await app.post("\(path)/indicators", session: focal, form: ["text": "webshell tại hxxp://sxd[.]gov[.]vn/upload/x.php từ 103.97.125[.]1"]).status == .seeOther)
            #expect(try await app.post("\(path)/indicators", session: focal, form: ["text": "không có gì"]).status == .unprocessableEntity)
            #expect(try await app.post("\(path)/comments", session: focal, form: ["comment": "Đã khôi phục từ bản sao lưu ngày 23/11."]).status == .seeOther)
            #expect(try await app.post("\(path)/transition", session: focal, form: ["to": "closed", "lessons_learned": "Vá CMS hằng tháng."]).status == .seeOther)
            let closed = try await app.get(path, headers: focal.headers)
            #expect(closed.text.contains("103.97.125.1"))
            #expect(closed.text.contains("Đã khôi phục từ bản sao lưu"))
            #expect(closed.text.contains("Kết thúc"))

            // The leader reads and comments but does not work the incident.
            let leader = try await app.signIn(fixtures.user("leader"))
            #expect(try await app.post("\(path)/transition", session: leader, form: ["to": "verifying", "note": "x"]).status == .forbidden)
            #expect(try await app.post("\(path)/comments", session: leader, form: ["comment": "Đề nghị báo cáo Ban Giám đốc."]).status == .seeOther)
            // Lists and filters
            let list = try await app.get("/incidents?status=closed", headers: leader.headers)
            #expect(list.text.contains("Cổng thông tin bị thay đổi giao diện"))
            #expect(try await app.get("/incidents?status=received", headers: leader.headers).text.contains("Không có sự cố nào."))
            #expect(try await app.get("/incidents?severity=extreme", headers: leader.headers).status == .unprocessableEntity)
            // Agency B sees nothing of it.
            let outsider = try await app.signIn(fixtures.user("b_admin"))
            #expect(try await app.get(path, headers: outsider.headers).status == .notFound)
            #expect(!(try await app.get("/incidents", headers: outsider.headers).text.contains("SXD-")))
        }
    }
}

@Suite("Incident CSV export")
struct IncidentCSVTests {
    @Test("the list downloads as CSV with the same filters and visibility, formulas defused")
    func export() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("reporter"))
            for title in ["=SUM(A1:A9)", "Mất điện phòng máy"] {
                _ = try await app.api(.POST, "/api/v1/incidents", token: token,
                                      json: #"{"title":"\#(title)","description":"d","discoveredAt":"2026-11-24T02:00:00Z"}"#)
            }
            let focal = try await app.signIn(fixtures.user("focal_point"))
            let csv = try await app.get("/incidents/export.csv?status=received", headers: focal.headers)
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let text = csv.text
            #expect(text.hasPrefix("\u{FEFF}reference,title"))
            #expect(text.contains("Mất điện phòng máy"))
            #expect(text.contains("'=SUM(A1:A9)"))
            #expect(text.split(separator: "\n").count == 3)
            let outsider = try await app.signIn(fixtures.user("b_admin"))
            #expect(try await app.get("/incidents/export.csv", headers: outsider.headers).text.split(separator: "\n").count == 1)
        }
    }
}

@Suite("Incident criteria page")
struct IncidentCriteriaPageTests {
    @Test("anyone signed in reads the criteria with their sources, in both languages")
    func criteria() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("reporter"))
            let page = try await app.get("/incidents/criteria", headers: session.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("Quyết định 05/2017/QĐ-TTg"))
            #expect(page.text.contains("Thông tư 20/2017/TT-BTTTT"))
            #expect(page.text.contains("nghiêm trọng từ 7"))
            _ = try await app.post("/language", session: session, form: ["lang": "en"])
            #expect(try await app.get("/incidents/criteria", headers: session.headers).text.contains("critical from 7"))
        }
    }
}

@Suite("Incident list filters")
struct IncidentListFilterTests {
    @Test("the page filters by organisation, discovery dates and assignee, and keeps the choices; a bad date is named")
    func filters() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            _ = try await app.reportIncident(as: fixtures.user("reporter"))
            _ = try await app.reportIncident(as: fixtures.user("unit_reporter"))
            let focal = try await app.signIn(fixtures.user("focal_point"))
            let unit = try fixtures.unitA1.requireID().uuidString.lowercased()
            let page = try await app.get("/incidents?organisation=\(unit)&from=2026-11-01&to=2026-11-30", headers: focal.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("<option value=\"\(unit)\" selected>"))
            #expect(page.text.contains("value=\"2026-11-01\""))
            #expect(page.text.components(separatedBy: "<tr>").count - 2 == 1, "one incident, the unit's")
            let mine = try await app.get("/incidents?assignee=me", headers: focal.headers)
            #expect(mine.status == .ok && mine.text.contains("class=\"empty\""))
            let bad = try await app.get("/incidents?from=yesterday", headers: focal.headers)
            #expect(bad.status == .unprocessableEntity)
        }
    }
}
