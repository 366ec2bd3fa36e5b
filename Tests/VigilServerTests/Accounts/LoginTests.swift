import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Sign-in, sessions, CSRF and throttling")
struct LoginTests {
    /// Loads the login page like a browser and returns the anonymous CSRF cookie.
    func anonymousCSRF(_ app: Application) async throws -> String {
        let page = try await app.get("/login")
        return try #require(page.setCookie(CSRFMiddleware.cookieName))
    }

    func login(_ app: Application, email: String, password: String, csrf: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
        headers.contentType = .urlEncodedForm
        return try await app.testing().sendRequest(.POST, "/login", headers: headers,
                                                   body: ByteBuffer(string: formEncode(["_csrf": csrf, "email": email, "password": password, "next": "/users"])))
    }

    @Test("a wrong password is refused; the right one starts a session with safe cookie attributes")
    func passwordLogin() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let csrf = try await anonymousCSRF(app)
            let wrong = try await login(app, email: "admin@example.gov.vn", password: "nope nope nope", csrf: csrf)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Thư điện tử hoặc mật khẩu không đúng."))
            #expect(wrong.setCookie(SessionCookie.name) == nil)

            let right = try await login(app, email: "ADMIN@example.gov.vn", password: Fixtures.password, csrf: csrf)
            #expect(right.status == .seeOther)
            #expect(right.headers.first(name: .location) == "/users")
            let header = try #require(right.headers[.setCookie].first { $0.hasPrefix(SessionCookie.name) })
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Lax"))
            #expect(!header.contains("Secure"))
            let cookie = try #require(right.setCookie(SessionCookie.name))
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(SessionCookie.name)=\(cookie)")
            #expect(try await app.get("/users", headers: headers).status == .ok)
            // Only the digest of the cookie is stored.
            #expect(try await UserSessionRecord.query(on: app.db).filter(\.$tokenHash == cookie).count() == 0)
            #expect(fixtures.user("admin").lastLoginAt == nil)
        }
    }

    @Test("cookies are Secure when Vigil is served over TLS")
    func secureCookies() async throws {
        try await withVigilApp(configure: { $0.secureCookies = true }) { app in
            _ = try await Fixtures.make(app)
            let csrf = try await anonymousCSRF(app)
            let right = try await login(app, email: "admin@example.gov.vn", password: Fixtures.password, csrf: csrf)
            #expect(right.headers[.setCookie].first { $0.hasPrefix(SessionCookie.name) }?.contains("Secure") == true)
            // And browsers are told never to come back over plain HTTP, on pages and on errors alike.
            #expect(right.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            #expect(try await app.get("/nowhere").headers.first(name: "Strict-Transport-Security") != nil)
        }
        try await withVigilApp { app in
            let page = try await app.get("/login")
            #expect(page.headers.first(name: "Strict-Transport-Security") == nil, "not over plain HTTP")
        }
    }

    @Test("the owner of a locked account is told, once, from where; the lock-out is audited")
    func lockOutNotice() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let csrf = try await anonymousCSRF(app)
            for _ in 0..<7 {
                _ = try await login(app, email: "leader@example.gov.vn", password: "wrong password!", csrf: csrf)
            }
            let leader = try fixtures.user("leader").requireID()
            let notices = try await NotificationRecord.query(on: app.db).filter(\.$user.$id == leader).all()
            #expect(notices.map(\.messageKey) == ["notification.account_locked"], "one notice, not one per refused attempt")
            #expect(notices.first?.arguments.first == "5")
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "user.locked_out").count() == 1)
            // Failures for an address that is no account notify nobody.
            for _ in 0..<5 { _ = try await login(app, email: "nobody@example.gov.vn", password: "wrong password!", csrf: csrf) }
            #expect(try await NotificationRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("sign out everywhere ends every session of the account, this one included, and no other account's")
    func signOutEverywhere() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let phone = try await app.signIn(fixtures.user("reporter"))
            let desk = try await app.signIn(fixtures.user("reporter"))
            let other = try await app.signIn(fixtures.user("leader"))
            let page = try await app.get("/account", headers: desk.headers)
            #expect(page.status == .ok && page.text.contains("data-testid=\"sessions\""))
            let done = try await app.post("/account/sessions/end-all", session: desk, form: [:])
            #expect(done.status == .seeOther && done.headers.first(name: .location)?.hasPrefix("/login") == true)
            for session in [phone, desk] {
                #expect(try await app.get("/account", headers: session.headers).status == .seeOther, "signed out")
            }
            #expect(try await app.get("/account", headers: other.headers).status == .ok)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "session.sign_out_everywhere").count() == 1)
        }
    }

    @Test("repeated failures lock the account for a while, even with the right password")
    func throttling() async throws {
        try await withVigilApp { app in
            _ = try await Fixtures.make(app)
            let csrf = try await anonymousCSRF(app)
            for _ in 0..<5 {
                #expect(try await login(app, email: "leader@example.gov.vn", password: "wrong password!", csrf: csrf).status == .unauthorized)
            }
            let locked = try await login(app, email: "leader@example.gov.vn", password: Fixtures.password, csrf: csrf)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("Đăng nhập sai quá nhiều lần"))
            #expect(locked.setCookie(SessionCookie.name) == nil)
            // Another account from the same address is not locked by these five.
            #expect(try await login(app, email: "admin@example.gov.vn", password: Fixtures.password, csrf: csrf).status == .seeOther)
        }
    }

    @Test("a missing or forged CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("admin"))
            let parent = try fixtures.agencyA.requireID().uuidString
            let fields = ["name": "Phòng mới", "code": "PM", "parent": parent, "kind": "unit"]
            var headers = session.headers
            headers.contentType = .urlEncodedForm
            let missing = try await app.testing().sendRequest(.POST, "/organisations", headers: headers, body: ByteBuffer(string: formEncode(fields)))
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("Biểu mẫu đã hết hiệu lực"))
            var forged = fields
            forged["_csrf"] = "forged-token"
            let forgedResponse = try await app.testing().sendRequest(.POST, "/organisations", headers: headers, body: ByteBuffer(string: formEncode(forged)))
            #expect(forgedResponse.status == .forbidden)
            #expect(try await OrganisationRecord.query(on: app.db).filter(\.$name == "Phòng mới").count() == 0)
            // The right token works.
            #expect(try await app.post("/organisations", session: session, form: fields).status == .seeOther)
            #expect(try await OrganisationRecord.query(on: app.db).filter(\.$name == "Phòng mới").count() == 1)
        }
    }

    @Test("an idle session expires and the user is asked to sign in again")
    func sessionExpiry() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("reporter"))
            try await UserSessionRecord.query(on: app.db).set(\.$lastSeenAt, to: Date().addingTimeInterval(-3 * 3600)).update()
            let response = try await app.get("/account", headers: session.headers)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location)?.contains("expired=1") == true)
            #expect(try await UserSessionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a one-time password must be changed before anything else; the change ends other sessions")
    func oneTimePassword() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let services = app.vigilServices
            let created = try await services.users.create(
                .init(email: "new@example.gov.vn", displayName: "New", organisationID: try fixtures.agencyA.requireID(), roles: [.reporter], password: nil),
                scope: nil, actor: .system, on: app.db)
            let oneTime = try #require(created.oneTimePassword)
            let other = try await app.signIn(created.user)
            let session = try await app.signIn(created.user)
            let home = try await app.get("/", headers: session.headers)
            #expect(home.status == .seeOther)
            #expect(home.headers.first(name: .location) == "/account/password")
            let short = try await app.post("/account/password", session: session, form: ["current_password": oneTime, "new_password": "short", "confirmation": "short"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.text.contains("id=\"new_password-error\""))
            let changed = try await app.post("/account/password", session: session,
                                             form: ["current_password": oneTime, "new_password": "a much better passphrase", "confirmation": "a much better passphrase"])
            #expect(changed.status == .seeOther)
            #expect(try await app.get("/", headers: session.headers).status == .ok)
            #expect(try await app.get("/", headers: other.headers).status == .seeOther)
        }
    }

    @Test("the first start makes one administrator with a one-time password, and only once")
    func bootstrap() async throws {
        try await withVigilApp { app in
            let admin = try #require(try await app.vigilServices.userRepository.find(email: Bootstrap.adminEmail, on: app.db))
            #expect(admin.mustChangePassword)
            #expect(admin.roles == [.admin])
            #expect(try await VigilApplication.prepareDatabase(app) == nil)
            #expect(try await UserRecord.query(on: app.db).count() == 1)
        }
    }
}
