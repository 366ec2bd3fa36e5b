import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The staff notice as people meet it: the page after signing in (until acknowledged, never in
/// the API's or an administrator's way), a new user, the e-mail in each person's language with its
/// one-time link, the reminder to those who have not acknowledged, the focal point's pages.
@Suite("Staff awareness: sign-in, e-mail, reminders, pages")
struct AwarenessFlowTests {
    /// Mail set up through `VIGIL_SMTP_URL`'s setting, with Vigil's address for links; nothing is sent.
    static func withMail(_ config: inout AppConfig) {
        config.smtp = try! SMTPSettings.parse(url: "smtp://127.0.0.1:2525?from=vigil@example.gov.vn&site=https://vigil.example.gov.vn").get()
    }

    static func login(_ app: Application, _ email: String) async throws -> BrowserSession {
        let csrf = try #require(try await app.get("/login").setCookie(CSRFMiddleware.cookieName))
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
        headers.contentType = .urlEncodedForm
        let response = try await app.testing().sendRequest(.POST, "/login", headers: headers,
                                                           body: ByteBuffer(string: formEncode(["_csrf": csrf, "email": email, "password": Fixtures.password, "next": "/incidents"])))
        #expect(response.status == .seeOther && response.headers.first(name: .location) == "/incidents")
        let cookie = try #require(response.setCookie(SessionCookie.name))
        let session = try #require(try await UserSessionRecord.query(on: app.db).filter(\.$tokenHash == Secrets.sha256Hex(cookie)).first())
        return BrowserSession(cookie: cookie, csrf: session.csrfToken)
    }

    @Test("after signing in, the notice comes before any page until acknowledged; the API and administrators are never stopped")
    func signInInterstitial() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let notice = try await AwarenessAPITests.issue(app, fixtures)

            // Action: the reporter signs in and is sent to their page.
            let session = try await Self.login(app, "reporter@example.gov.vn")
            let stopped = try await app.get("/incidents", headers: session.headers)
            #expect(stopped.status == .seeOther)
            #expect(stopped.headers.first(name: .location) == "/awareness/acknowledge?next=/incidents")
            let page = try await app.get("/awareness/acknowledge?next=/incidents", headers: session.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("Ứng cứu sự cố an toàn thông tin mạng là hoạt động quan trọng"))
            #expect(page.text.contains("Đầu mối ứng cứu sự cố: focal_point, điện thoại 0904 144 677."))
            // Meanwhile the API answers as ever.
            let token = try await app.token(for: fixtures.user("reporter"))
            #expect(try await app.api(.GET, "/api/v1/incidents", token: token).status == .ok)

            // Action: the reporter acknowledges and is taken where they were going, which now opens.
            let done = try await app.post("/awareness/\(notice.id)/acknowledge", session: session, form: ["next": "/incidents"])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/incidents")
            #expect(try await app.get("/incidents", headers: session.headers).status == .ok)
            let ack = try #require(try await AwarenessAcknowledgementRecord.query(on: app.db).filter(\.$user.$id == fixtures.user("reporter").requireID()).first())
            #expect(ack.channel == "page")
            // Nothing pending: the page after sign-in lets the user go on.
            let none = try await app.get("/awareness/acknowledge?next=/incidents", headers: session.headers)
            #expect(none.status == .seeOther && none.headers.first(name: .location) == "/incidents")

            // An administrator of the agency, who has not acknowledged, reaches the users' page at once.
            let admin = try await Self.login(app, "admin@example.gov.vn")
            #expect(try await app.get("/users", headers: admin.headers).status == .ok)
            // A version 2 asks everyone again.
            _ = try await AwarenessAPITests.issue(app, fixtures)
            #expect(try await app.get("/incidents", headers: session.headers).status == .seeOther)
        }
    }

    @Test("a new user gets the current notice on their first sign-in, after choosing a password")
    func newUser() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            _ = try await AwarenessAPITests.issue(app, fixtures)
            _ = try await AwarenessAPITests.issue(app, fixtures, json: #"{"audience":"organisation","textVi":"Phiên bản hai","focalPointPhone":"0904 144 677"}"#)
            let admin = try await app.token(for: fixtures.user("admin"))
            let created = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                {"email":"moi@example.gov.vn","displayName":"Người mới","organisationId":"\#(try fixtures.unitA1.requireID())","roles":["reporter"]}
                """#)
            #expect(created.status == .created)
            let user = try #require(try await UserRecord.query(on: app.db).filter(\.$email == "moi@example.gov.vn").first())
            user.mustChangePassword = false
            try await user.save(on: app.db)
            let session = try await app.signIn(user)
            let home = try await app.get("/", headers: session.headers)
            #expect(home.status == .seeOther && home.headers.first(name: .location)?.hasPrefix("/awareness/acknowledge") == true)
            let page = try await app.get("/awareness/acknowledge?next=/", headers: session.headers)
            // The current notice, version 2, not the one it replaced.
            #expect(page.text.contains("Phiên bản hai") && page.text.contains("phiên bản 2"))
        }
    }

    @Test("the e-mail goes to each recipient in their language; its one-time link acknowledges, once, until it expires")
    func emailLink() async throws {
        try await withVigilApp(configure: Self.withMail) { app in
            let fixtures = try await Fixtures.make(app)
            let english = fixtures.user("unit_reporter")
            english.locale = "en"
            try await english.save(on: app.db)
            let notice = try await AwarenessAPITests.issue(app, fixtures)

            // Check: one message per recipient but the issuer, queued with the notice, in their language.
            let mails = try await MailOutboxRecord.query(on: app.db).all()
            #expect(mails.count == 6)
            #expect(!mails.contains { $0.recipient == "focal-point@example.gov.vn" })
            let mail = try #require(mails.first { $0.recipient == "unit-reporter@example.gov.vn" })
            #expect(mail.language == "en" && mail.subject.contains("Staff notice on Directive 18/CT-TTg"))
            #expect(mail.body.contains("an important activity to detect") && mail.body.contains("phone 0904 144 677"))
            let vietnamese = try #require(mails.first { $0.recipient == "reporter@example.gov.vn" })
            #expect(vietnamese.language == "vi" && vietnamese.body.contains("hoạt động quan trọng"))
            let prefix = "https://vigil.example.gov.vn/awareness/confirm/"
            let link = try #require(mail.body.split(separator: "\n").first { $0.hasPrefix(prefix) }).dropFirst("https://vigil.example.gov.vn".count)
            // Only the token's digest is stored.
            let token = String(link.dropFirst("/awareness/confirm/".count))
            #expect(try await AwarenessDeliveryRecord.query(on: app.db).filter(\.$tokenDigest == token).count() == 0)

            // Action: opening the link shows the notice and changes nothing; the button acknowledges.
            let opened = try await app.get(String(link))
            #expect(opened.status == .ok && opened.text.contains("an important activity"))
            #expect(try await AwarenessAcknowledgementRecord.query(on: app.db).count() == 1)
            let csrf = try #require(opened.setCookie(CSRFMiddleware.cookieName))
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
            headers.contentType = .urlEncodedForm
            let confirmed = try await app.testing().sendRequest(.POST, String(link), headers: headers, body: ByteBuffer(string: "_csrf=\(csrf)"))
            #expect(confirmed.status == .ok && confirmed.text.contains("data-testid=\"acknowledged\""))
            let ack = try #require(try await AwarenessAcknowledgementRecord.query(on: app.db).filter(\.$user.$id == english.requireID()).first())
            #expect(ack.channel == "email")
            let entry = try #require(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "awareness.acknowledge").first())
            #expect(entry.actorLabel == "unit-reporter@example.gov.vn")

            // Check: used once; the user is not stopped after signing in; a stale link is refused alike.
            #expect(try await app.testing().sendRequest(.POST, String(link), headers: headers, body: ByteBuffer(string: "_csrf=\(csrf)")).status == .gone)
            #expect(try await app.get(String(link)).status == .gone)
            #expect(try await app.get("/awareness/confirm/not-a-token").status == .gone)
            let session = try await app.signIn(english)
            #expect(try await app.get("/", headers: session.headers).status == .ok)
            let reporterMail = try #require(vietnamese.body.split(separator: "\n").first { $0.hasPrefix(prefix) })
            let reporterLink = String(reporterMail.dropFirst("https://vigil.example.gov.vn".count))
            let digest = Secrets.sha256Hex(String(reporterLink.dropFirst("/awareness/confirm/".count)))
            let delivery = try #require(try await AwarenessDeliveryRecord.query(on: app.db).filter(\.$tokenDigest == digest).first())
            delivery.expiresAt = Date().addingTimeInterval(-1)
            try await delivery.save(on: app.db)
            #expect(try await app.get(reporterLink).status == .gone)
            #expect(try await AwarenessAcknowledgementRecord.query(on: app.db).filter(\.$notice.$id == UUID(uuidString: notice.id)!).count() == 2)
        }
    }

    @Test("a reminder goes only to those who have not acknowledged: in-app and by e-mail with a fresh link")
    func reminder() async throws {
        try await withVigilApp(configure: Self.withMail) { app in
            let fixtures = try await Fixtures.make(app)
            let unit = try fixtures.unitA1.requireID().uuidString
            let notice = try await AwarenessAPITests.issue(app, fixtures)
            for key in ["reporter", "responder", "leader"] {
                let token = try await app.token(for: fixtures.user(key))
                #expect(try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/acknowledge", token: token, json: "{}").status == .ok)
            }
            try await MailOutboxRecord.query(on: app.db).delete()

            // Action: the focal point reminds from the notice's page.
            let focal = try await app.signIn(fixtures.user("focal_point"))
            let reminded = try await app.post("/awareness/\(notice.id)/remind", session: focal, form: [:])
            #expect(reminded.status == .seeOther)

            // Check: the coordinator, the administrator and the unit's reporter, nobody else.
            let pending = Set(["coordinator@example.gov.vn", "admin@example.gov.vn", "unit-reporter@example.gov.vn"])
            let mails = try await MailOutboxRecord.query(on: app.db).all()
            #expect(Set(mails.map(\.recipient)) == pending && mails.count == 3)
            #expect(mails.allSatisfy { $0.subject.contains("Nhắc") && $0.body.contains("/awareness/confirm/") })
            let notified = try await NotificationRecord.query(on: app.db).filter(\.$messageKey == "notification.awareness_reminder").with(\.$user).all()
            #expect(Set(notified.map(\.user.email)) == pending)
            // The page shows when each was reminded, and the API too.
            let page = try await app.get("/awareness/\(notice.id)", headers: focal.headers)
            #expect(page.text.contains("đã nhắc lúc"))
            let token = try await app.token(for: fixtures.user("focal_point"))
            let answer = try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/remind", token: token, json: "{}")
            #expect(answer.text.contains(#""reminded":3"#))
            // Once everyone has acknowledged, there is nobody to remind.
            let onlyUnit = try await AwarenessAPITests.issue(app, fixtures, json: #"{"audience":"units","unitIds":["\#(unit)"],"focalPointPhone":"0904 144 677"}"#)
            let unitToken = try await app.token(for: fixtures.user("unit_reporter"))
            _ = try await app.api(.POST, "/api/v1/awareness/notices/\(onlyUnit.id)/acknowledge", token: unitToken, json: "{}")
            let nobody = try await app.api(.POST, "/api/v1/awareness/notices/\(onlyUnit.id)/remind", token: token, json: "{}")
            #expect(nobody.text.contains(#""reminded":0"#))
        }
    }

    @Test("the focal point issues from the form to a chosen unit and sees who acknowledged per unit, with the chart")
    func pages() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.signIn(fixtures.user("focal_point"))
            // The form starts with the default text and the focal point's name.
            let form = try await app.get("/awareness/new", headers: focal.headers)
            #expect(form.status == .ok && form.text.contains("quán triệt đến toàn thể cán bộ") && form.text.contains("value=\"focal_point\""))
            // Once the directory names the focal point, the form names them, with their phone.
            #expect(try await ContactAPITests.create(app, token: try await app.token(for: fixtures.user("focal_point")), """
                {"name": "Hoàng Châu Thành", "role": "focal_point", "phone": "0904144677"}
                """).status == .created)
            let named = try await app.get("/awareness/new", headers: focal.headers)
            #expect(named.text.contains("value=\"Hoàng Châu Thành\"") && named.text.contains("value=\"0904 144 677\""))
            // A form with problems keeps what was typed and names each field.
            let bad = try await app.post("/awareness", session: focal, form: ["audience": "units", "textVi": "Nội dung", "textEn": "",
                                                                             "focalPointName": "Hoàng Châu Thành", "focalPointPhone": "12"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"textEn-error\"") && bad.text.contains("id=\"focalPointPhone-error\"") && bad.text.contains("id=\"unitIds-error\""))
            #expect(bad.text.contains("Hoàng Châu Thành"))

            let unit = try fixtures.unitA1.requireID().uuidString.lowercased()
            let issued = try await app.post("/awareness", session: focal, form: [
                "audience": "units", "unitIds[]": unit, "textVi": "Báo cáo sự cố cho Văn phòng.", "textEn": "Report incidents to the Office.",
                "focalPointName": "Hoàng Châu Thành", "focalPointPhone": "0904 144 677"])
            #expect(issued.status == .seeOther)
            let location = try #require(issued.headers.first(name: .location))
            let notice = try #require(try await AwarenessNoticeRecord.query(on: app.db).first())
            #expect(notice.audience == "units" && notice.focalPointName == "Hoàng Châu Thành")

            let before = try await app.get(location, headers: focal.headers)
            #expect(before.text.contains("0/1") && before.text.contains("<svg") && before.text.contains("unit_reporter"))
            let unitSession = try await app.signIn(fixtures.user("unit_reporter"))
            #expect(try await app.get("/", headers: unitSession.headers).status == .seeOther)
            _ = try await app.post("/awareness/\(try notice.requireID())/acknowledge", session: unitSession, form: [:])
            let after = try await app.get(location, headers: focal.headers)
            #expect(after.text.contains("data-testid=\"status-percent\">100%"))
            // The reporter of the agency sees the notice, not the counts, and is not asked to acknowledge it.
            let reporter = try await app.signIn(fixtures.user("reporter"))
            let shown = try await app.get(location, headers: reporter.headers)
            #expect(shown.status == .ok && !shown.text.contains("data-testid=\"status\"") && !shown.text.contains("data-testid=\"acknowledge\""))
            #expect(try await app.get("/", headers: reporter.headers).status == .ok)
            let list = try await app.get("/awareness", headers: focal.headers)
            #expect(list.text.contains("Thông báo của Sở Xây dựng (phiên bản 1)"))
        }
    }
}
