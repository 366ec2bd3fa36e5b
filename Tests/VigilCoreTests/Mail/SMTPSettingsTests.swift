import Foundation
import Testing
@testable import VigilCore

@Suite("Mail: SMTP settings, VIGIL_SMTP_URL, replies, retries")
struct SMTPSettingsTests {
    @Test("VIGIL_SMTP_URL: the scheme names the security, the port defaults by it, user and password are percent-decoded")
    func parsesURLs() throws {
        let settings = try SMTPSettings.parse(url: "smtp+starttls://vigil%40so:p%40ss%3Aw0rd@Mail.Example.gov.vn?from=vigil@example.gov.vn&name=Vigil%20S%E1%BB%9F&site=https://vigil.example.gov.vn/").get()
        #expect(settings.host == "mail.example.gov.vn")
        #expect(settings.port == 587)
        #expect(settings.security == .starttls)
        #expect(settings.username == "vigil@so")
        #expect(settings.password == "p@ss:w0rd")
        #expect(settings.from.address.description == "vigil@example.gov.vn")
        #expect(settings.from.name == "Vigil Sở")
        #expect(settings.siteAddress == "https://vigil.example.gov.vn")
        #expect(settings.link("/incidents/1") == "https://vigil.example.gov.vn/incidents/1")
        #expect(settings.link("//evil.example/x") == nil)
        #expect(try SMTPSettings.parse(url: "smtps://mail.example.gov.vn?from=a@example.gov.vn").get().port == 465)
        #expect(try SMTPSettings.parse(url: "smtp+tls://mail.example.gov.vn:2465?from=a@example.gov.vn").get().port == 2465)
        let relay = try SMTPSettings.parse(url: "smtp://10.0.0.25?from=a@example.gov.vn").get()
        #expect(relay.security == SMTPSecurity.none && relay.port == 25 && relay.username.isEmpty)
    }

    @Test("a bad VIGIL_SMTP_URL names what is wrong", arguments: [
        ("http://mail.example.gov.vn?from=a@example.gov.vn", "security"),
        ("smtp+starttls://mail.example.gov.vn", "from_address"),
        ("smtp+starttls://mail.example.gov.vn?from=not-an-address", "from_address"),
        ("smtp+starttls://?from=a@example.gov.vn", "host"),
        ("smtp+starttls://mail.example.gov.vn?from=a@example.gov.vn&site=javascript:alert(1)", "site_address"),
        ("smtp+starttls://mail.example.gov.vn?from=a@example.gov.vn&tls=off", "tls"),
    ])
    func refusesBadURLs(url: String, field: String) {
        guard case .failure(let problems) = SMTPSettings.parse(url: url) else {
            Issue.record("\(url) was accepted")
            return
        }
        #expect(problems.all.map(\.field).contains(field), "\(problems)")
    }

    @Test("the form's fields: every problem named at once")
    func validatesFields() {
        guard case .failure(let problems) = SMTPSettings.validated(
            host: "", port: "70000", security: "ssl", username: "a\u{7}", password: "", fromAddress: "x", fromName: "", siteAddress: "ftp://x")
        else {
            Issue.record("accepted")
            return
        }
        #expect(Set(problems.all.map(\.field)) == ["host", "port", "security", "username", "from_address", "site_address"])
    }

    @Test("SMTP replies: one line, several lines, the extensions of EHLO; garbage refused")
    func replies() throws {
        var reader = SMTPReply.Reader()
        #expect(try reader.take("250-mail.example.gov.vn Hello") == nil)
        #expect(try reader.take("250-STARTTLS") == nil)
        #expect(try reader.take("250-AUTH PLAIN LOGIN") == nil)
        let reply = try #require(try reader.take("250 8BITMIME"))
        #expect(reply.code == 250 && reply.extensions == ["STARTTLS", "AUTH PLAIN LOGIN", "8BITMIME"])
        #expect(try reader.take("354") == SMTPReply(code: 354, lines: [""]))
        #expect(throws: SMTPReply.Reader.Problem.self) { try reader.take("HTTP/1.1 200 OK") }
        var mixed = SMTPReply.Reader()
        _ = try mixed.take("250-one")
        #expect(throws: SMTPReply.Reader.Problem.self) { try mixed.take("550 two") }
    }

    @Test("retries after 1, 5, 15, 60 minutes, then every 2 hours; given up a day after queuing")
    func retryPolicy() {
        let policy = MailRetryPolicy.standard
        let queued = Date(timeIntervalSince1970: 1_000_000)
        var now = queued
        var delays: [TimeInterval] = []
        for attempt in 1...20 {
            guard case .retry(let next) = policy.afterFailure(attempts: attempt, queuedAt: queued, now: now) else {
                #expect(now.timeIntervalSince(queued) <= 86_400)
                #expect(attempt > 8)
                break
            }
            delays.append(next.timeIntervalSince(now))
            now = next
        }
        #expect(Array(delays.prefix(6)) == [60, 300, 900, 3600, 7200, 7200])
        #expect(policy.afterFailure(attempts: 30, queuedAt: queued, now: queued.addingTimeInterval(86_000)) == .giveUp)
    }
}
