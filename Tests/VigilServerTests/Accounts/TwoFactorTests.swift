import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Two-factor sign-in (TOTP)")
struct TwoFactorTests {
    static func code(secret: String, at date: Date) -> String {
        let padded = secret + String(repeating: "=", count: (8 - secret.count % 8) % 8)
        let key = [UInt8](decodingBase32: padded)!
        return TOTP(key: SymmetricKey(data: key), digest: .sha1, digits: .six, interval: 30).generate(time: date)
    }

    @Test("RFC 6238 test vector (SHA-1, 8 digits at 59 s) through Vapor's TOTP")
    func rfcVector() {
        let key = SymmetricKey(data: Array("12345678901234567890".utf8))
        #expect(TOTP(key: key, digest: .sha1, digits: .eight, interval: 30).generate(time: Date(timeIntervalSince1970: 59)) == "94287082")
    }

    @Test("enrol, then sign in with a code; a replayed code and a wrong code are refused; a recovery code works once")
    func journey() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let user = fixtures.user("leader")
            let session = try await app.signIn(user)
            let page = try await app.get("/account/two-factor", headers: session.headers)
            #expect(page.status == .ok)
            let reloaded = try #require(try await UserRecord.find(user.id, on: app.db))
            let secret = try #require(reloaded.totpSecret)
            #expect(page.text.contains("data-secret=\"\(secret)\""))
            let wrong = try await app.post("/account/two-factor/enable", session: session, form: ["code": "000000"])
            #expect(wrong.status == .unprocessableEntity)
            let now = Date()
            let enabled = try await app.post("/account/two-factor/enable", session: session, form: ["code": Self.code(secret: secret, at: now)])
            #expect(enabled.status == .ok)
            #expect(enabled.text.contains("data-testid=\"recovery-codes\""))
            let recovery = try #require(enabled.text.firstMatch(of: /<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/)?.1).description

            // Sign in: the password alone leads to the second step only.
            let csrf = try #require(try await app.get("/login").setCookie(CSRFMiddleware.cookieName))
            func passwordStep() async throws -> BrowserSession {
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
                headers.contentType = .urlEncodedForm
                let response = try await app.testing().sendRequest(.POST, "/login", headers: headers, body: ByteBuffer(string: formEncode(
                    ["_csrf": csrf, "email": user.email, "password": Fixtures.password])))
                #expect(response.headers.first(name: .location)?.hasPrefix("/login/two-factor") == true)
                let cookie = try #require(response.setCookie(SessionCookie.name))
                let pending = try #require(try await UserSessionRecord.query(on: app.db).filter(\.$tokenHash == Secrets.sha256Hex(cookie)).first())
                #expect(pending.stage == .awaitingSecondFactor)
                return BrowserSession(cookie: cookie, csrf: pending.csrfToken)
            }
            let pending = try await passwordStep()
            #expect(try await app.get("/", headers: pending.headers).headers.first(name: .location) == "/login/two-factor")
            // The code used for enrolment cannot be replayed.
            let replay = try await app.post("/login/two-factor", session: pending, form: ["code": Self.code(secret: secret, at: now)])
            #expect(replay.status == .unauthorized)
            let viaRecovery = try await app.post("/login/two-factor", session: pending, form: ["code": recovery.uppercased()])
            #expect(viaRecovery.status == .seeOther)
            let active = try #require(viaRecovery.setCookie(SessionCookie.name))
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(SessionCookie.name)=\(active)")
            #expect(try await app.get("/", headers: headers).status == .ok)
            // The recovery code is spent.
            let again = try await passwordStep()
            #expect(try await app.post("/login/two-factor", session: again, form: ["code": recovery]).status == .unauthorized)
            // A fresh code from the next time step works.
            let next = Self.code(secret: secret, at: now.addingTimeInterval(30))
            #expect(try await app.post("/login/two-factor", session: again, form: ["code": next]).status == .seeOther)
        }
    }

    @Test("an administrator can require two-factor: the user is sent to enrol first")
    func required() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            // An agency administrator cannot change a setting that applies to everybody.
            let agencyAdmin = try await app.signIn(fixtures.user("admin"))
            #expect(try await app.post("/settings", session: agencyAdmin, form: ["require_two_factor": "on"]).status == .forbidden)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            #expect(try await app.post("/settings", session: admin, form: ["require_two_factor": "on"]).status == .seeOther)
            let reporter = try await app.signIn(fixtures.user("reporter"))
            let home = try await app.get("/", headers: reporter.headers)
            #expect(home.headers.first(name: .location) == "/account/two-factor")
            #expect(try await app.get("/account/two-factor", headers: reporter.headers).text.contains("yêu cầu bạn bật xác thực hai lớp"))
        }
    }
}
