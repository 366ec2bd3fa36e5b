import Foundation
import Testing
import VigilCore

@Suite("Webhooks: which audit entries are events, the body, the signature, the retry delays")
struct WebhookEventTests {
    @Test("each event comes from its audit action; a transition is an event only when it closes", arguments: [
        ("incident.report", "{}", WebhookEvent.incidentReported),
        ("incident.classify", "{}", .incidentClassified),
        ("incident.escalate", "{}", .incidentEscalated),
        ("incident.record_notification", "{}", .incidentNotified),
        ("incident.transition", #"{"status":{"from":"recovered","to":"closed"}}"#, .incidentClosed),
        ("incident.transition", #"{"status":{"from":"received","to":"triaged"}}"#, nil),
        ("incident.transition", "not json", nil),
        ("finding.overdue", "{}", .findingOverdue),
        ("monitor.down", "{}", .monitorAlert),
        ("monitor.defaced", "{}", .monitorAlert),
        ("monitor.create", "{}", nil),
        ("advisory.create", "{}", .advisoryIssued),
        ("advisory.update", "{}", nil),
        ("plan.review_due", "{}", .planReviewDue),
        ("user.create", "{}", nil),
        ("webhook.create", "{}", nil),
    ] as [(String, String, WebhookEvent?)])
    func mapping(action: String, changes: String, expected: WebhookEvent?) {
        #expect(WebhookEvent.announced(byAction: action, changes: changes) == expected)
    }

    @Test("the names are the contract's")
    func names() {
        #expect(WebhookEvent.allCases.map(\.rawValue) == [
            "incident.reported", "incident.classified", "incident.escalated", "incident.notified", "incident.closed",
            "finding.overdue", "monitor.alert", "advisory.issued", "plan.review_due",
        ])
    }

    @Test("a list of names: unknown ones are refused, repeats dropped, kept in the contract's order")
    func parseList() throws {
        #expect(try WebhookEvent.parseList(["monitor.alert", "incident.reported", "monitor.alert"]) == [.incidentReported, .monitorAlert])
        #expect(throws: WebhookProblem.unknownEvent("incident.deleted")) { try WebhookEvent.parseList(["incident.reported", "incident.deleted"]) }
        #expect(throws: WebhookProblem.noEvents) { try WebhookEvent.parseList([]) }
    }

    @Test("targets: absolute http(s) addresses with a host, no credentials", arguments: [
        ("https://soc.example.gov.vn/hooks/vigil", true),
        ("http://127.0.0.1:8080/x?y=1", true),
        ("http://[::1]:8080/", true),
        ("ftp://example.gov.vn/", false),
        ("https://user:pass@example.gov.vn/", false),
        ("https:///nohost", false),
        ("example.gov.vn/hook", false),
        ("https://exa mple.gov.vn/", false),
        ("", false),
        ("https://example.gov.vn/#frag", false),
    ])
    func targets(text: String, valid: Bool) {
        #expect(((try? WebhookTarget.parse(text)) != nil) == valid, "\(text)")
    }

    @Test("the signature is HMAC-SHA256 of the raw body, hex, and verifies only with the same secret and body")
    func signature() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let body = Data("what do ya want for nothing?".utf8)
        let signature = WebhookSignature.sign(body, secret: "Jefe")
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSignature.verify(signature, body: body, secret: "Jefe"))
        #expect(!WebhookSignature.verify(signature, body: body + Data(" ".utf8), secret: "Jefe"))
        #expect(!WebhookSignature.verify(signature, body: body, secret: "jefe"))
        #expect(!WebhookSignature.verify("sha256=00", body: body, secret: "Jefe"))
    }

    @Test("secrets: new ones are 64 hex characters; chosen ones 16–200 printable ASCII")
    func secrets() throws {
        let made = WebhookSignature.newSecret()
        #expect(made.count == 64 && made.allSatisfy(\.isHexDigit) && made != WebhookSignature.newSecret())
        #expect(try WebhookSignature.checkSecret("0123456789abcdef") == "0123456789abcdef")
        for bad in ["short", "sixteen chars ok", "khóa-bí-mật-rất-dài", String(repeating: "x", count: 201)] {
            #expect(throws: WebhookProblem.invalidSecret) { try WebhookSignature.checkSecret(bad) }
        }
    }

    @Test("the body: the contract's fields, keys sorted, the changes as an object")
    func body() throws {
        let payload = WebhookPayload(id: "0190a1b2-0000-7000-8000-000000000001", event: .incidentClosed,
                                     occurredAt: Date(timeIntervalSince1970: 1_780_000_000.25), organisationID: "org-1", objectType: "incident",
                                     objectID: "inc-1", changes: #"{"status":{"from":"recovered","to":"closed"}}"#)
        #expect(payload.body == #"{"data":{"changes":{"status":{"from":"recovered","to":"closed"}},"objectId":"inc-1","objectType":"incident"},"event":"incident.closed","id":"0190a1b2-0000-7000-8000-000000000001","occurredAt":"2026-05-28T20:26:40.250Z","organisationId":"org-1"}"#)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(payload.body.utf8)) as? [String: Any])
        #expect(Set(decoded.keys) == ["id", "event", "occurredAt", "organisationId", "data"])
    }

    @Test("retries: 1, 5, 30 minutes, 2 hours, then every 6 hours; given up a day after queueing")
    func retries() {
        let policy = MailRetryPolicy.webhooks
        let queued = Date(timeIntervalSince1970: 0)
        var now = queued
        var delays: [TimeInterval] = []
        for attempt in 1... {
            guard case .retry(let next) = policy.afterFailure(attempts: attempt, queuedAt: queued, now: now) else { break }
            delays.append(next.timeIntervalSince(now))
            now = next
        }
        #expect(delays == [60, 300, 1800, 7200, 21_600, 21_600, 21_600])
        #expect(now.timeIntervalSince(queued) <= 86_400)
    }
}
