import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The contacts pages: the directory with its focal-point panel, the form's errors next to the
/// field, the coordinator's overview, the notice sent upward as a DOCX, the stale setting.
@Suite("Contacts: pages")
struct ContactPageTests {
    @Test("the directory flags a missing focal point; the form names the bad field; a contact saved shows in the panel")
    func directoryAndForm() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let empty = try await app.get("/contacts", headers: session.headers)
            #expect(empty.status == .ok && empty.text.contains("Chưa có đầu mối ứng cứu sự cố."))

            let bad = try await app.post("/contacts", session: session, form: ["name": "Nguyễn Văn An", "role": "focal_point", "phone": "0912 345 67",
                                                                                "email": "", "availability": "24x7", "languages": "vi"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("id=\"phone-error\"") && bad.text.contains("0912 345 67"))
            let saved = try await app.post("/contacts", session: session, form: ["name": "Nguyễn Văn An", "role": "focal_point", "phone": "0912 345 678",
                                                                                  "email": "an@sxd.example.gov.vn", "availability": "24x7", "languages": "vi"])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            let shown = try await app.get(String(location.prefix { $0 != "?" }), headers: session.headers)
            #expect(shown.status == .ok && shown.text.contains("0912 345 678") && shown.text.contains("an@sxd.example.gov.vn"))
            let directory = try await app.get("/contacts", headers: session.headers)
            #expect(directory.text.contains("Nguyễn Văn An") && directory.text.contains("Chưa có đầu mối thay thế.")
                    && directory.text.contains("Đầu mối chưa xác nhận liên lạc được."))
            // A reader of the agency sees it, without the buttons.
            let reader = try await app.signIn(fixtures.user("reporter"))
            let read = try await app.get("/contacts", headers: reader.headers)
            #expect(read.status == .ok && read.text.contains("Nguyễn Văn An") && !read.text.contains("/contacts/new"))
            // The dashboard's compliance tiles show the focal point failing.
            #expect(try await app.get("/", headers: session.headers).text.contains("data-code=\"focal_point\" data-status=\"failing\""))
        }
    }

    @Test("the coordinator sees every agency's focal-point status in one list; the administrator of the province sets the stale days")
    func overviewAndSetting() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            _ = try await ContactAPITests.create(app, token: token, #"{"name": "Nguyễn Văn An", "role": "focal_point", "phone": "0912345678"}"#)
            let coordinator = try await app.signIn(fixtures.user("root_coordinator"))
            let overview = try await app.get("/contacts/overview", headers: coordinator.headers)
            #expect(overview.status == .ok && overview.text.contains("Sở Xây dựng") && overview.text.contains("Sở Y tế")
                    && overview.text.contains("Nguyễn Văn An") && overview.text.contains("Chưa có đầu mối ứng cứu sự cố."))
            #expect(!overview.text.contains("Văn phòng Sở"), "units are not listed: agencies name focal points")
            // Agency B sees only itself.
            let other = try await app.signIn(fixtures.user("b_admin"))
            #expect(!(try await app.get("/contacts/overview", headers: other.headers).text.contains("Sở Xây dựng")))

            let admin = try await app.signIn(fixtures.user("root_admin"))
            #expect(try await app.post("/contacts/settings", session: admin, form: ["staleDays": "3"]).status == .unprocessableEntity)
            #expect(try await app.post("/contacts/settings", session: admin, form: ["staleDays": "30"]).status == .seeOther)
            #expect(try await app.vigilServices.contacts.repository.policy(on: app.db).staleAfterDays == 30)
            #expect(try await app.post("/contacts/settings", session: other, form: ["staleDays": "30"]).status == .forbidden)
        }
    }

    @Test("the notice of the focal point: refused without one; then a DOCX with the names, recorded with whom and when; the coordinator told")
    func notice() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let organisation = try fixtures.agencyA.requireID().uuidString
            let refused = try await app.post("/contacts/notices", session: session, form: ["organisation": organisation, "recipients": "Sở KH&CN"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Cần chỉ định đầu mối"))
            let token = try await app.token(for: fixtures.user("focal_point"))
            _ = try await ContactAPITests.create(app, token: token, #"{"name": "Nguyễn Văn An", "role": "focal_point", "phone": "0912345678", "availability": "24x7"}"#)
            _ = try await ContactAPITests.create(app, token: token, #"{"name": "Trần Thị Bình", "role": "deputy_focal_point", "email": "binh@sxd.example.gov.vn"}"#)
            #expect(try await app.post("/contacts/notices", session: session, form: ["organisation": organisation, "recipients": ""]).status == .unprocessableEntity)
            let sent = try await app.post("/contacts/notices", session: session,
                                          form: ["organisation": organisation, "recipients": "Sở Khoa học và Công nghệ", "channel": "Văn bản"])
            #expect(sent.status == .seeOther)
            let notice = try #require(try await FocalPointNoticeRecord.query(on: app.db).first())
            #expect(notice.recipients == "Sở Khoa học và Công nghệ" && notice.sentBy == "focal_point" && notice.focalPoint.contains("Nguyễn Văn An"))
            let directory = try await app.get("/contacts", headers: session.headers)
            #expect(directory.text.contains("/contacts/notices/\(try notice.requireID().uuidString.lowercased())"))

            let file = try await app.get("/contacts/notices/\(try notice.requireID().uuidString)", headers: session.headers)
            #expect(file.status == .ok && file.headers.first(name: .contentType) == ReportController.docxType)
            let text = try ReportTests().part("word/document.xml", of: Data(file.body.readableBytesView))
            #expect(text.contains("Nguyễn Văn An") && text.contains("Trần Thị Bình") && text.contains("0912 345 678")
                    && text.contains("Kính gửi: Sở Khoa học và Công nghệ"))
            // The coordinator above is told.
            let coordinator = try fixtures.user("root_coordinator").requireID()
            #expect(try await NotificationRecord.query(on: app.db).filter(\.$user.$id == coordinator)
                .filter(\.$messageKey == "notification.focal_point_notice").count() == 1)
            // Another agency cannot read it.
            let other = try await app.signIn(fixtures.user("b_admin"))
            #expect(try await app.get("/contacts/notices/\(try notice.requireID().uuidString)", headers: other.headers).status == .notFound)
        }
    }
}
