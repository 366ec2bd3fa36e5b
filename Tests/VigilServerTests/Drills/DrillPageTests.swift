import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Drills: the pages")
struct DrillPageTests {
    @Test("the list with the obligations panel, the form (errors next to the fields), the drill's timeline, findings and tasks, the print page, in both languages")
    func pages() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let portal = try await DrillAPITests.system(app, token: token, name: "Cổng thông tin điện tử", level: 3)
            let focal = try await app.signIn(fixtures.user("focal_point"))

            let list = try await app.get("/drills", headers: focal.headers)
            #expect(list.status == .ok && list.text.contains("Nghĩa vụ diễn tập hằng năm") && list.text.contains("Cổng thông tin điện tử"))
            #expect(list.text.contains("Chưa diễn tập") && list.text.contains("/drills/new"))
            let form = try await app.get("/drills/new", headers: focal.headers)
            #expect(form.status == .ok && form.text.contains("value=\"defacement\""))

            let refused = try await app.post("/drills", session: focal, form: ["title": "", "scenario": "defacement", "plannedAt": "2026-11-20T08:00"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Hãy chọn ít nhất một hệ thống thông tin"))
            #expect(refused.text.contains("field-error"))
            #expect(try await DrillRecord.query(on: app.db).count() == 0)

            let created = try await app.post("/drills", session: focal, form: [
                "title": "Diễn tập thay đổi giao diện", "scenario": "defacement", "plannedAt": "2026-11-20T08:00", "organisedBy": "self",
                "organiserName": "Sở Khoa học và Công nghệ", "systems[]": portal, "objectives": "Kiểm tra khả năng khôi phục"])
            #expect(created.status == .seeOther)
            let drill = try #require(try await DrillRecord.query(on: app.db).first())
            #expect(drill.organisedBy == "Sở Khoa học và Công nghệ")
            let path = "/drills/\(drill.id!.uuidString.lowercased())"
            #expect(created.headers.first(name: .location)?.hasPrefix(path) == true)

            #expect(try await app.post("\(path)/events", session: focal, form: ["kind": "inject", "at": "2026-11-20T08:05", "text": "Trang chủ hiện biểu ngữ lạ"])
                .status == .seeOther)
            let badEvent = try await app.post("\(path)/events", session: focal, form: ["kind": "action", "text": " "])
            #expect(badEvent.status == .unprocessableEntity && badEvent.text.contains("field-error"))
            let owner = try fixtures.user("responder").requireID().uuidString.lowercased()
            #expect(try await app.post("\(path)/events", session: focal, form: [
                "kind": "finding", "text": "Chưa có bản sao trang tĩnh", "owner": owner, "dueAt": "2026-12-31", "planReview": "on"]).status == .seeOther)
            let task = try #require(try await DrillTaskRecord.query(on: app.db).first())
            #expect(task.planReview && task.ownerID?.uuidString.lowercased() == owner)

            let page = try await app.get(path, headers: focal.headers)
            #expect(page.status == .ok && page.text.contains("Trang chủ hiện biểu ngữ lạ") && page.text.contains("Chưa có bản sao trang tĩnh"))
            #expect(page.text.contains("Đang diễn tập") && page.text.contains("đã đề nghị rà soát phương án"))
            #expect(try await app.post("\(path)/tasks/\(task.id!.uuidString.lowercased())/done", session: focal, form: [:]).status == .seeOther)
            #expect(try await DrillTaskRecord.find(task.id, on: app.db)?.doneAt != nil)
            #expect(try await app.post("\(path)/tasks/\(UUID().uuidString)/done", session: focal, form: [:]).status == .notFound)
            #expect(try await app.post("\(path)/status", session: focal, form: ["status": "completed"]).status == .seeOther)

            let leader = try await app.signIn(fixtures.user("leader"))
            let leaderPage = try await app.get(path, headers: leader.headers)
            #expect(leaderPage.status == .ok && !leaderPage.text.contains("name=\"kind\""))
            let print = try await app.get("\(path)/print", headers: leader.headers)
            #expect(print.status == .ok && print.text.contains("Báo cáo kết quả diễn tập: Diễn tập thay đổi giao diện"))
            #expect(try await app.get("\(path)/report.docx", headers: leader.headers).status == .ok)
            let listAfter = try await app.get("/drills", headers: leader.headers)
            #expect(listAfter.text.contains("Diễn tập thay đổi giao diện") && !listAfter.text.contains("Chưa diễn tập"))

            let outsider = try await app.signIn(fixtures.user("b_responder"))
            #expect(try await app.get(path, headers: outsider.headers).status == .notFound)
            #expect(try await app.get("/drills", headers: try await app.signIn(fixtures.user("reporter")).headers).status == .forbidden)
        }
    }
}
