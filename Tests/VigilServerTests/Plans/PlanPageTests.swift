import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Response plans: pages, the DOCX and the print page, the cycle setting")
struct PlanPageTests {
    @Test("the list per organisation, the plan page with a form per section, approval by a leader, the print page")
    func pages() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            let (systemID, _) = try await PlanAPITests.system(app, fixtures)
            let focal = try await app.signIn(fixtures.user("focal_point"))
            let leader = try await app.signIn(fixtures.user("leader"))
            let list = try await app.get("/plans", headers: focal.headers)
            #expect(list.status == .ok && list.text.contains("Cổng thông tin điện tử") && list.text.contains("/plans/systems/\(systemID)"))

            // Generate from the page
            let generated = try await app.post("/plans/systems/\(systemID)", session: focal, form: [:])
            #expect(generated.status == .seeOther)
            let plan = try #require(try await ResponsePlanRecord.query(on: app.db).first())
            let planPath = "/plans/\(try plan.requireID().uuidString.lowercased())"
            #expect(generated.headers.first(name: .location)?.hasPrefix(planPath) == true)
            let page = try await app.get(planPath, headers: focal.headers)
            #expect(page.status == .ok && page.text.contains("\(planPath)/sections/recovery") && !page.text.contains("\(planPath)/approve"))
            #expect(page.text.contains("Tiêu chí xác định mức độ nghiêm trọng") && page.text.contains("\(planPath)/document.docx"))

            // Edit a section
            let refused = try await app.post("\(planPath)/sections/causes", session: focal, form: ["vi": "", "en": "Methods"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("field-error"))
            let saved = try await app.post("\(planPath)/sections/causes", session: focal, form: ["vi": "## Tấn công mạng\n- Xem nhật ký tường lửa", "en": "Methods"])
            #expect(saved.status == .seeOther && saved.headers.first(name: .location)?.hasSuffix("#section-causes") == true)
            #expect(try await app.get(planPath, headers: focal.headers).text.contains("Xem nhật ký tường lửa"))

            // Approve from the page: a leader sees the button, the focal point is refused.
            #expect(try await app.post("\(planPath)/approve", session: focal, form: [:]).status == .forbidden)
            #expect(try await app.get(planPath, headers: leader.headers).text.contains("\(planPath)/approve"))
            #expect(try await app.post("\(planPath)/approve", session: leader, form: [:]).status == .seeOther)
            let approved = try await app.get(planPath, headers: leader.headers)
            #expect(approved.text.contains("Đã phê duyệt") && approved.text.contains("SHA-256") && !approved.text.contains("\(planPath)/approve"))

            // Print page and another organisation
            let print = try await app.get("\(planPath)/print", headers: focal.headers)
            #expect(print.status == .ok && print.text.contains("PHƯƠNG ÁN ỨNG CỨU SỰ CỐ AN TOÀN THÔNG TIN MẠNG") && print.text.contains("data-print"))
            #expect(try await app.get(planPath, headers: try await app.signIn(fixtures.user("b_responder")).headers).status == .notFound)
            #expect(try await app.get("/assets/systems/\(systemID)", headers: focal.headers).text.contains(planPath))
        }
    }

    @Test("the DOCX is a zip whose word/document.xml names the system, in Vietnamese, or in English for an English reader")
    func docx() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let (systemID, _) = try await PlanAPITests.system(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let plan = try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: focal).content.decode(PlanAPITests.Created.self)
            let docx = try await app.api(.GET, "/api/v1/plans/\(plan.id)/document.docx", token: focal)
            #expect(docx.status == .ok && docx.headers.first(name: .contentType) == DocxWriter.contentType)
            let data = Data(docx.body.readableBytesView)
            #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let xml = try ReportTests().part("word/document.xml", of: data)
            #expect(xml.contains("Cổng thông tin điện tử") && xml.contains("PHƯƠNG ÁN ỨNG CỨU SỰ CỐ") && xml.contains("Tiêu chí xác định mức độ nghiêm trọng"))
            #expect(try ReportTests().part("word/styles.xml", of: data).contains("vi-VN"))
            let english = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(plan.id)/document.docx",
                                                              headers: ["Authorization": "Bearer \(focal)", "Accept-Language": "en"])
            let englishXML = try ReportTests().part("word/document.xml", of: Data(english.body.readableBytesView))
            #expect(englishXML.contains("INCIDENT RESPONSE PLAN") && englishXML.contains("Cổng thông tin điện tử"))
            let page = try await app.get("/plans/\(plan.id)/document.docx", headers: try await app.signIn(fixtures.user("leader")).headers)
            #expect(page.status == .ok)
        }
    }

    @Test("LibreOffice opens the plan's DOCX: converted to PDF, the system and the sections are there", .enabled(if: ReportTests.hasLibreOffice))
    func opensInLibreOffice() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let (systemID, _) = try await PlanAPITests.system(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let plan = try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: focal).content.decode(PlanAPITests.Created.self)
            _ = try await app.api(.POST, "/api/v1/plans/\(plan.id)/approve", token: try await app.token(for: fixtures.user("leader")))
            let docx = try await app.api(.GET, "/api/v1/plans/\(plan.id)/document.docx", token: focal)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-lo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data(docx.body.readableBytesView).write(to: folder.appendingPathComponent("plan.docx"))
            let tests = ReportTests()
            _ = try tests.run("/usr/bin/soffice", ["-env:UserInstallation=file://\(folder.path)/profile", "--headless",
                                                   "--convert-to", "pdf", "--outdir", folder.path, folder.appendingPathComponent("plan.docx").path])
            let text = try tests.pdfText(folder.appendingPathComponent("plan.pdf"))
            #expect(text.contains("Cổng thông tin điện tử"))
            #expect(text.contains("PHƯƠNG ÁN ỨNG CỨU SỰ CỐ AN TOÀN THÔNG TIN MẠNG"))
            #expect(text.contains("Phương pháp xác định nguyên nhân, nguồn gốc sự cố"))
            #expect(text.contains("SHA-256"))
        }
    }

    @Test("the cycle's month is a setting with its source: an administrator of the province changes it, checked")
    func cycleSetting() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let page = try await app.get("/plans/settings", headers: admin.headers)
            #expect(page.status == .ok && page.text.contains("Chỉ thị 18/CT-TTg") && page.text.contains("value=\"11\""))
            let bad = try await app.post("/plans/settings", session: admin, form: ["month": "13", "legalReference": "", "effectiveFrom": "hôm nay"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Tháng phải từ 1 đến 12"))
            #expect(try await app.vigilServices.plans.settings.cycle(on: app.db).month == 11)
            let saved = try await app.post("/plans/settings", session: admin,
                                           form: ["month": "12", "legalReference": "Quyết định của UBND tỉnh", "effectiveFrom": "2026-01-01"])
            #expect(saved.status == .seeOther)
            let cycle = try await app.vigilServices.plans.settings.cycle(on: app.db)
            #expect(cycle.month == 12 && cycle.source.reference == "Quyết định của UBND tỉnh" && cycle.source.effectiveFrom == "2026-01-01")
            #expect(try await app.post("/plans/settings", session: try await app.signIn(fixtures.user("b_admin")),
                                       form: ["month": "1", "legalReference": "x", "effectiveFrom": "2026-01-01"]).status == .forbidden)
        }
    }
}
