import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// E-mail end to end against `TestSMTPServer` on 127.0.0.1: the settings form, the outbox written
/// with the notification, the sender with AUTH, a refusing server retried then given up, a hanging
/// server timed out with nothing lost, the outbound policy.
@Suite("Mail: settings, outbox, delivery")
struct MailDeliveryTests {
    /// The loopback address allowed, and short deadlines.
    static func allowLoopback(_ config: inout AppConfig) {
        config.outboundPolicy = try! OutboundPolicy(allowList: "127.0.0.1/32")
        config.smtpTimeout = 1
    }

    static func settingsForm(_ server: TestSMTPServer, user: String = "", password: String = "") -> [String: String] {
        ["host": "127.0.0.1", "port": String(server.port), "security": "none", "username": user, "password": password,
         "from_address": "vigil@stttt.example.gov.vn", "from_name": "Vigil Sở Thông tin", "site_address": "https://vigil.example.gov.vn"]
    }

    static func sender(_ app: Application) -> MailSender {
        let services = app.vigilServices
        return MailSender(outbox: services.mailOutbox, settings: services.mailSettings, client: services.smtp)
    }

    static func outbox(_ app: Application) async throws -> [MailOutboxRecord] {
        try await MailOutboxRecord.query(on: app.db).sort(\.$createdAt).all()
    }

    static func queue(_ app: Application, to recipient: String, subject: String = "Thử", now: Date = Date()) async throws {
        try await app.vigilServices.mailOutbox.enqueue([OutgoingMail(recipient: try MailAddress(recipient), language: "vi", subject: subject,
                                                                     body: "Nội dung")], on: app.db, now: now)
    }

    @Test("a new incident queues a mail to the focal point in the same change; the sender delivers it with AUTH, Vietnamese subject and link")
    func deliversNotification() async throws {
        let server = try await TestSMTPServer(credentials: ("vigil", "mật-khẩu s3cret"))
        defer { Task { await server.shutdown() } }
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            // Setup: the administrator saves the settings; the password is stored sealed.
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let saved = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(server, user: "vigil", password: "mật-khẩu s3cret"))
            #expect(saved.status == .seeOther)
            let stored = try #require(try await app.vigilServices.settings.value(MailSettingsStore.key, on: app.db))
            #expect(!stored.contains("s3cret"))
            let keyFile = app.vigilConfig.dataDirectory.appendingPathComponent("mail.key")
            let permissions = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)

            // Action: a reporter reports an incident; the focal point is told in-app and by mail.
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let discovered = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600))
            let created = try await app.api(.POST, "/api/v1/incidents", token: reporter,
                                            json: #"{"title":"Trang chủ bị thay đổi","description":"Giao diện lạ","discoveredAt":"\#(discovered)"}"#)
            #expect(created.status == .created)
            let queued = try await Self.outbox(app)
            #expect(queued.map(\.recipient) == ["focal-point@example.gov.vn"])
            #expect(queued.first?.language == "vi" && queued.first?.status == .queued)
            let outcome = await Self.sender(app).sendDue(on: app.db, logger: app.logger, now: Date())

            // Check: received once, authenticated, with the headers and body Vigil wrote.
            #expect(outcome.sent == 1)
            let message = try #require(server.received.first)
            #expect(server.received.count == 1)
            #expect(message.user == "vigil")
            #expect(message.from == "vigil@stttt.example.gov.vn" && message.to == ["focal-point@example.gov.vn"])
            let subject = try #require(message.header("Subject"))
            #expect(subject.hasPrefix("=?UTF-8?B?"))
            #expect(MailMessageTestsSupport.decodeWords(subject).hasPrefix("[Vigil] Sự cố mới"))
            #expect(MailMessageTestsSupport.decodeWords(subject).contains("Trang chủ bị thay đổi"))
            #expect(message.header("From")?.hasSuffix("<vigil@stttt.example.gov.vn>") == true)
            #expect(message.header("Content-Transfer-Encoding") == "quoted-printable")
            let body = QuotedPrintable.decode(message.body)
            #expect(body.contains("https://vigil.example.gov.vn/incidents/"))
            #expect(body.contains("Thư này do Vigil gửi tự động"))
            let after = try #require(try await Self.outbox(app).first)
            #expect(after.status == .sent && after.sentAt != nil && after.attempts == 1)
            // Nothing more is sent on the next round.
            #expect(await Self.sender(app).sendDue(on: app.db, logger: app.logger, now: Date()).claimed == 0)
        }
        await server.shutdown()
    }

    @Test("an English reader gets the English text")
    func recipientsLanguage() async throws {
        let server = try await TestSMTPServer()
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let focal = fixtures.user("focal_point")
            focal.locale = "en"
            try await focal.save(on: app.db)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            _ = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(server))
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let discovered = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600))
            _ = try await app.api(.POST, "/api/v1/incidents", token: reporter,
                                  json: #"{"title":"Defaced","description":"x","discoveredAt":"\#(discovered)"}"#)
            let queued = try #require(try await Self.outbox(app).first)
            #expect(queued.language == "en")
            #expect(queued.subject.hasPrefix("[Vigil] New incident"))
        }
        await server.shutdown()
    }

    @Test("no mail is queued while mail is not set up")
    func nothingQueuedWithoutSettings() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let discovered = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600))
            _ = try await app.api(.POST, "/api/v1/incidents", token: reporter,
                                  json: #"{"title":"Sự cố","description":"x","discoveredAt":"\#(discovered)"}"#)
            #expect(try await Self.outbox(app).isEmpty)
            #expect(try await NotificationRecord.query(on: app.db).count() > 0)
        }
    }

    @Test("wrong password: auth_failed recorded, the message waits for its next attempt")
    func authFailure() async throws {
        let server = try await TestSMTPServer(credentials: ("vigil", "right"))
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            _ = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(server, user: "vigil", password: "wrong"))
            let now = Date()
            try await Self.queue(app, to: "a@example.gov.vn", now: now)
            let outcome = await Self.sender(app).sendDue(on: app.db, logger: app.logger, now: now)
            #expect(outcome.failed == 1 && server.received.isEmpty)
            let record = try #require(try await Self.outbox(app).first)
            #expect(record.status == .queued && record.attempts == 1 && record.lastErrorCode == "auth_failed")
            #expect(abs(record.nextAttemptAt.timeIntervalSince(now) - 60) < 1)
            // The test button names the same failure.
            let test = try await app.post("/settings/mail/test", session: admin, form: ["recipient": "a@example.gov.vn"])
            #expect(test.status == .unprocessableEntity)
            #expect(test.text.contains("Máy chủ thư từ chối tên đăng nhập và mật khẩu"))
        }
        await server.shutdown()
    }

    @Test("a server that refuses (5xx) is tried again with backoff, and the message given up a day later, its error kept")
    func refusedThenGivenUp() async throws {
        let server = try await TestSMTPServer(behaviour: .refuse(554))
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            _ = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(server))
            let queuedAt = Date()
            try await Self.queue(app, to: "a@example.gov.vn", now: queuedAt)
            var now = queuedAt
            var delays: [TimeInterval] = []
            for _ in 0..<30 {
                await Self.sender(app).sendDue(on: app.db, logger: app.logger, now: now)
                let record = try #require(try await Self.outbox(app).first)
                #expect(record.lastErrorCode == "rejected")
                #expect(record.lastError?.contains("554") == true)
                if record.status == .failed { break }
                delays.append(record.nextAttemptAt.timeIntervalSince(now))
                // Not due before its time: an early round leaves it alone.
                #expect(await Self.sender(app).sendDue(on: app.db, logger: app.logger, now: now.addingTimeInterval(1)).claimed == 0)
                // A millisecond past it: the time read back from the database may differ from the
                // one written in its last binary digits.
                now = record.nextAttemptAt.addingTimeInterval(0.001)
            }
            let record = try #require(try await Self.outbox(app).first)
            #expect(record.status == .failed)
            #expect(delays.prefix(5).map { $0.rounded() } == [60, 300, 900, 3600, 7200])
            #expect(record.attempts == delays.count + 1)
            #expect(now.timeIntervalSince(queuedAt) <= 86_400)
            #expect(server.received.isEmpty)

            // The outbox page shows it; "try again now" queues it afresh.
            let page = try await app.get("/settings/mail/outbox", headers: admin.headers)
            #expect(page.status == .ok && page.text.contains("a@example.gov.vn") && page.text.contains("Gửi không thành công"))
            let retry = try await app.post("/settings/mail/outbox/retry", session: admin, form: ["id": try record.requireID().uuidString])
            #expect(retry.status == .seeOther)
            let again = try #require(try await Self.outbox(app).first)
            #expect(again.status == .queued)
            #expect(try await app.post("/settings/mail/outbox/retry", session: admin, form: ["id": UUID().uuidString]).status == .notFound)
        }
        await server.shutdown()
    }

    @Test("a server that hangs: the step times out, the message waits, nothing is lost, the rest are not counted")
    func hangingServer() async throws {
        let server = try await TestSMTPServer(behaviour: .hang)
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            _ = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(server))
            let now = Date()
            try await Self.queue(app, to: "a@example.gov.vn", now: now)
            try await Self.queue(app, to: "b@example.gov.vn", now: now)
            let started = ContinuousClock.now
            let outcome = await Self.sender(app).sendDue(on: app.db, logger: app.logger, now: now)
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(outcome.claimed == 2 && outcome.sent == 0)
            let records = try await Self.outbox(app)
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0.status == .queued && $0.lastErrorCode == "timed_out" && $0.lastError == "EHLO" })
            #expect(records.allSatisfy { $0.nextAttemptAt > now && $0.lockedUntil == nil })
        }
        await server.shutdown()
    }

    @Test("the test message: delivered and reported; a refusal reported with the server's words")
    func testMessage() async throws {
        let server = try await TestSMTPServer()
        let refusing = try await TestSMTPServer(behaviour: .refuse(550))
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let unset = try await app.post("/settings/mail/test", session: admin, form: ["recipient": "a@example.gov.vn"])
            #expect(unset.status == .unprocessableEntity && unset.text.contains("Chưa thiết lập thư điện tử"))
            _ = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(server))
            let sent = try await app.post("/settings/mail/test", session: admin, form: ["recipient": "a@example.gov.vn"])
            #expect(sent.status == .ok && sent.text.contains("Máy chủ thư đã nhận thư thử"))
            #expect(server.received.first?.to == ["a@example.gov.vn"])
            #expect(try await Self.outbox(app).isEmpty, "the test message is sent at once, not queued")
            _ = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(refusing))
            let refused = try await app.post("/settings/mail/test", session: admin, form: ["recipient": "a@example.gov.vn"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Relaying denied"))
            let bad = try await app.post("/settings/mail/test", session: admin, form: ["recipient": "not an address"])
            #expect(bad.status == .unprocessableEntity)
        }
        await server.shutdown()
        await refusing.shutdown()
    }

    @Test("the daily prune deletes messages sent a month ago and given up three months ago; the rest stay")
    func prune() async throws {
        try await withVigilApp { app in
            let now = Date()
            let outbox = app.vigilServices.mailOutbox
            for (subject, days) in [("old-sent", 40.0), ("new-sent", 5), ("old-failed", 100), ("new-failed", 60), ("queued", 100)] {
                try await Self.queue(app, to: "a@example.gov.vn", subject: subject, now: now.addingTimeInterval(-days * 86_400))
            }
            for record in try await Self.outbox(app) {
                let queuedAt = record.queuedAt
                switch record.subject {
                case "old-sent", "new-sent": try await outbox.markSent(try record.requireID(), on: app.db, now: queuedAt)
                case "old-failed", "new-failed": try await outbox.markFailed(record, failure: .rejected(step: "RCPT", code: 550, text: "no such user"),
                                                                               policy: .standard, on: app.db, now: queuedAt.addingTimeInterval(2 * 86_400))
                default: break
                }
            }
            #expect(try await outbox.prune(on: app.db, now: now) == 2)
            #expect(Set(try await Self.outbox(app).map(\.subject)) == ["new-sent", "new-failed", "queued"])
        }
    }

    @Test("without VIGIL_OUTBOUND_ALLOW a private address is refused before connecting")
    func outboundPolicy() async throws {
        let server = try await TestSMTPServer()
        try await withVigilApp(configure: { $0.smtpTimeout = 1 }) { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            _ = try await app.post("/settings/mail", session: admin, form: Self.settingsForm(server))
            let refused = try await app.post("/settings/mail/test", session: admin, form: ["recipient": "a@example.gov.vn"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("VIGIL_OUTBOUND_ALLOW"))
            try await Self.queue(app, to: "a@example.gov.vn")
            await Self.sender(app).sendDue(on: app.db, logger: app.logger, now: Date())
            #expect(try await Self.outbox(app).first?.lastErrorCode == "address_refused")
            #expect(server.connections == 0)
        }
        await server.shutdown()
    }
}

/// Encoded words decoded (the core's tests have the same helper; the server's tests cannot see it).
enum MailMessageTestsSupport {
    static func decodeWords(_ header: String) -> String {
        header.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) }
            return String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) ?? Data(), as: UTF8.self)
        }.joined()
    }
}
