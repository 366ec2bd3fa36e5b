import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Reachability checks: the e-mail with its one-time link goes through the outbox to the test
/// SMTP server; opening the link shows a button, pressing it confirms; a used, expired or wrong
/// link is refused alike; unanswered for 48 h is flagged; the periodic job checks the stale.
@Suite("Contacts: reachability checks")
struct ReachabilityTests {
    static func setUpMail(_ app: Application, _ fixtures: Fixtures, _ server: TestSMTPServer) async throws {
        let admin = try await app.signIn(fixtures.user("root_admin"))
        #expect(try await app.post("/settings/mail", session: admin, form: MailDeliveryTests.settingsForm(server)).status == .seeOther)
    }

    static func namePair(_ app: Application, _ fixtures: Fixtures) async throws -> (focal: String, deputy: String) {
        let token = try await app.token(for: fixtures.user("focal_point"))
        let focal = try await ContactAPITests.create(app, token: token, """
            {"name": "Nguyễn Văn An", "role": "focal_point", "phone": "0912345678", "email": "an@sxd.example.gov.vn", "availability": "24x7"}
            """).content.decode(ContactAPITests.Contact.self).id
        let deputy = try await ContactAPITests.create(app, token: token, """
            {"name": "Trần Thị Bình", "role": "deputy_focal_point", "phone": "0987654321", "email": "binh@sxd.example.gov.vn", "languages": ["en"]}
            """).content.decode(ContactAPITests.Contact.self).id
        return (focal, deputy)
    }

    static func token(in body: String) throws -> String {
        let match = try #require(body.firstMatch(of: #/reachability/([A-Za-z0-9_-]+)/#))
        return String(match.1)
    }

    /// An anonymous browser's CSRF cookie and form field (the double-submit before sign-in).
    static func anonymousPost(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=reachability-test-token")
        headers.contentType = .urlEncodedForm
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: "_csrf=reachability-test-token"))
    }

    @Test("the check is queued with a link and delivered; opening the link confirms; a reused link is refused")
    func confirmFromTheLink() async throws {
        let server = try await TestSMTPServer()
        try await withVigilApp(configure: MailDeliveryTests.allowLoopback) { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            try await Self.setUpMail(app, fixtures, server)
            let (focal, _) = try await Self.namePair(app, fixtures)
            let token = try await app.token(for: fixtures.user("focal_point"))
            // Action: the button (API) queues the message; the sender delivers it.
            let sent = try await app.api(.POST, "/api/v1/contacts/\(focal)/check", token: token)
            #expect(sent.status == .accepted)
            let queued = try #require(try await MailDeliveryTests.outbox(app).first { $0.recipient == "an@sxd.example.gov.vn" })
            #expect(queued.body.contains("https://vigil.example.gov.vn/reachability/"))
            let outcome = await MailDeliveryTests.sender(app).sendDue(on: app.db, logger: app.logger, now: Date())
            #expect(outcome.sent >= 1)
            let message = try #require(server.received.first { $0.to == ["an@sxd.example.gov.vn"] })
            let link = try Self.token(in: QuotedPrintable.decode(message.body))
            #expect(link == (try Self.token(in: queued.body)))
            // Only the digest is stored.
            let check = try #require(try await ContactCheckRecord.query(on: app.db).first())
            #expect(check.tokenSHA256 == Secrets.sha256Hex(link) && !check.tokenSHA256.contains(link))

            // Opening the link shows the button and confirms nothing; pressing it confirms.
            let opened = try await app.get("/reachability/\(link)")
            #expect(opened.status == .ok && opened.text.contains("Nguyễn Văn An") && opened.text.contains("action=\"/reachability/\(link)\""))
            #expect(opened.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(try await ContactRecord.find(UUID(uuidString: focal), on: app.db)?.confirmedAt == nil)
            let confirmed = try await Self.anonymousPost(app, "/reachability/\(link)")
            #expect(confirmed.status == .ok && confirmed.text.contains("Cảm ơn"))
            // Check
            let answer = try await app.api(.GET, "/api/v1/organisations/\(try fixtures.agencyA.requireID().uuidString)/focal-point", token: token)
                .content.decode(ContactAPITests.FocalPoint.self)
            #expect(answer.confirmedAt != nil && answer.problems == ["deputy_unconfirmed"])
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "contact.confirm").count() == 1)
            // Used once: the same link again, or any wrong one, is refused alike.
            #expect(try await Self.anonymousPost(app, "/reachability/\(link)").status == .gone)
            #expect(try await app.get("/reachability/\(link)").status == .gone)
            #expect(try await app.get("/reachability/\(String(repeating: "A", count: 43))").status == .gone)
        }
        await server.shutdown()
    }

    @Test("an expired link is refused; a check unanswered for 48 h is flagged unreachable; no mail set up is a clear error")
    func expiryAndUnreachable() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let (_, deputy) = try await Self.namePair(app, fixtures)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let refused = try await app.api(.POST, "/api/v1/contacts/\(deputy)/check", token: token)
            #expect(refused.status == .conflict && refused.errorCode == "mail_not_set_up")

            try await app.vigilServices.settings.set(MailSettingsStore.key, to: """
                {"host":"mail.example.gov.vn","port":587,"security":"starttls","username":"","sealedPassword":"","fromAddress":"vigil@example.gov.vn","fromName":"Vigil","siteAddress":"https://vigil.example.gov.vn"}
                """, on: app.db)
            let services = app.vigilServices.contacts
            let contact = try #require(try await services.repository.find(UUID(uuidString: deputy)!, in: try CurrentUserFixture.scope(app, fixtures), on: app.db))
            let start = Date()
            let link = try await services.reachability.send(to: contact, by: nil, address: nil, on: app.db, now: start)
            let queued = try #require(try await MailDeliveryTests.outbox(app).first { $0.recipient == "binh@sxd.example.gov.vn" })
            #expect(queued.language == "en" && queued.subject.contains("reachable"))
            let organisation = fixtures.agencyA
            #expect(try await services.repository.status(of: [organisation], on: app.db, now: start.addingTimeInterval(47 * 3600))[0].problems
                .contains(.deputyUnconfirmed))
            #expect(try await services.repository.status(of: [organisation], on: app.db, now: start.addingTimeInterval(49 * 3600))[0].problems
                .contains(.deputyUnreachable))
            await #expect(throws: VigilError.self) {
                _ = try await services.reachability.confirm(link, address: "127.0.0.1", on: app.db, now: start.addingTimeInterval(8 * 86_400))
            }
            // Within its life the same link still works, and clears the flag.
            _ = try await services.reachability.confirm(link, address: "127.0.0.1", on: app.db, now: start.addingTimeInterval(50 * 3600))
            #expect(try await services.repository.status(of: [organisation], on: app.db, now: start.addingTimeInterval(51 * 3600))[0].problems
                .filter { $0.rawValue.hasPrefix("deputy") }.isEmpty)
        }
    }

    @Test("the periodic job checks the unconfirmed and the stale, once a week at most; wrong links from one address are throttled")
    func jobAndThrottle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            _ = try await Self.namePair(app, fixtures)
            let services = app.vigilServices.contacts
            #expect(try await services.reachability.sendDue(on: app.db) == 0, "nothing without mail")
            try await app.vigilServices.settings.set(MailSettingsStore.key, to: """
                {"host":"mail.example.gov.vn","port":587,"security":"starttls","username":"","sealedPassword":"","fromAddress":"vigil@example.gov.vn","fromName":"Vigil","siteAddress":"https://vigil.example.gov.vn"}
                """, on: app.db)
            let now = Date()
            #expect(try await services.reachability.sendDue(on: app.db, now: now) == 2)
            #expect(try await services.reachability.sendDue(on: app.db, now: now.addingTimeInterval(86_400)) == 0)
            #expect(try await services.reachability.sendDue(on: app.db, now: now.addingTimeInterval(8 * 86_400)) == 2)

            for _ in 0..<ReachabilityService.maxFailures {
                #expect(try await app.get("/reachability/\(Secrets.randomToken())").status == .gone)
            }
            #expect(try await app.get("/reachability/\(Secrets.randomToken())").status == .tooManyRequests)
        }
    }
}

/// The scope of agency A's focal point, for calls to the services.
enum CurrentUserFixture {
    static func scope(_ app: Application, _ fixtures: Fixtures) throws -> AccessScope {
        AccessScope(organisationID: try fixtures.agencyA.requireID().uuidString.lowercased(), organisationPath: fixtures.agencyA.path, roles: [.focalPoint])
    }
}
