import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The calls themselves, to a receiver the tests start on 127.0.0.1 (allowed by these tests'
/// outbound allow list only): signed, in order, a failed one again.
@Suite("Webhooks: a receiver gets signed events in order, and a failed one again")
struct WebhookDeliveryTests {
    static let secret = "a-secret-of-24-characters"

    struct Created: Decodable { let id: String }

    struct Log: Decodable {
        struct Delivery: Decodable {
            struct Attempt: Decodable {
                let statusCode: Int?
                let error: String?
                let excerpt: String
            }
            let id: String
            let eventId: String
            let event: String
            let status: String
            let attempts: Int
            let log: [Attempt]
        }
        let items: [Delivery]
    }

    struct Body: Decodable {
        struct Data: Decodable {
            let objectType: String
            let objectId: String?
        }
        let id: String
        let event: String
        let organisationId: String
        let occurredAt: String
        let data: Data
    }

    static func report(_ app: Application, token: String, title: String) async throws -> String {
        let discovered = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        return try await app.api(.POST, "/api/v1/incidents", token: token, json: """
            {"title":"\(title)","description":"Trang chủ bị thay đổi nội dung","discoveredAt":"\(discovered)"}
            """).content.decode(Created.self).id
    }

    static func body(_ call: TestReceiver.Call) throws -> Body {
        try JSONDecoder().decode(Body.self, from: call.body)
    }

    static func subscribe(_ app: Application, token: String, url: String, events: [String]) async throws -> String {
        let created = try await app.api(.POST, "/api/v1/webhooks", token: token, json: """
            {"url": "\(url)", "events": [\(events.map { "\"\($0)\"" }.joined(separator: ","))], "secret": "\(secret)"}
            """)
        #expect(created.status == .created)
        return try created.content.decode(Created.self).id
    }

    @Test("signed, in order; a failure holds the calls behind it until its retry; the log; send again")
    func delivery() async throws {
        let receiver = try await TestReceiver()
        defer { Task { await receiver.shutdown() } }
        try await withVigilApp(configure: MonitorAPITests.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let webhook = try await Self.subscribe(app, token: focal, url: receiver.url, events: ["incident.reported", "incident.classified"])
            let sender = try #require(app.storage[WebhookSenderKey.self])

            // Three events: a report, its classification, another report.
            let first = try await Self.report(app, token: focal, title: "Sự cố một")
            #expect(try await app.api(.POST, "/api/v1/incidents/\(first)/classify", token: focal, json: """
                {"causeGroup":"cyber_attack","scenario":"defacement","securityLevel":2,"integrity":"high"}
                """).status == .ok)
            let second = try await Self.report(app, token: focal, title: "Sự cố hai")
            var outcome = await sender.deliverDue(on: app.db, logger: app.logger, now: Date())
            #expect(outcome.delivered == 3 && outcome.failed == 0)
            let calls = receiver.calls
            #expect(calls.map(\.event) == ["incident.reported", "incident.classified", "incident.reported"])
            #expect(try calls.map { try Self.body($0).data.objectId } == [first, first, second])
            for call in calls {
                let body = try Self.body(call)
                #expect(WebhookSignature.verify(call.signature, body: call.body, secret: Self.secret), "signed with the webhook's secret")
                #expect(!WebhookSignature.verify(call.signature, body: call.body, secret: "another-secret-entirely"))
                #expect(body.id == call.eventID && body.event == call.event && body.data.objectType == "incident")
                let organisation = try fixtures.agencyA.requireID().uuidString.lowercased()
                #expect(body.organisationId == organisation)
                let stamp = try #require(call.headers.first(name: "X-Vigil-Timestamp").flatMap(Double.init))
                #expect(abs(stamp - Date().timeIntervalSince1970) < 120)
                #expect(call.headers.contentType == .json && call.headers.first(name: "X-Vigil-Delivery") != nil)
            }
            #expect(Set(calls.map(\.eventID)).count == 3)

            // The receiver fails: the head waits for its retry, and the call behind it waits too.
            receiver.answer(.serviceUnavailable)
            let third = try await Self.report(app, token: focal, title: "Sự cố ba")
            let fourth = try await Self.report(app, token: focal, title: "Sự cố bốn")
            outcome = await sender.deliverDue(on: app.db, logger: app.logger, now: Date())
            #expect(outcome.failed == 1 && outcome.delivered == 0 && receiver.calls.count == 4)
            receiver.answer(.ok)
            outcome = await sender.deliverDue(on: app.db, logger: app.logger, now: Date().addingTimeInterval(30))
            #expect(outcome.webhooks == 0 && receiver.calls.count == 4, "not due before its minute")
            outcome = await sender.deliverDue(on: app.db, logger: app.logger, now: Date().addingTimeInterval(61))
            #expect(outcome.delivered == 2)
            let later = receiver.calls
            #expect(later.count == 6 && later[3].eventID == later[4].eventID && later[3].body == later[4].body, "the failed call again, the same bytes")
            #expect(try later.suffix(2).map { try Self.body($0).data.objectId } == [third, fourth])

            // The log says what each attempt got.
            let log = try await app.api(.GET, "/api/v1/webhooks/\(webhook)/deliveries", token: focal).content.decode(Log.self)
            #expect(log.items.count == 5 && log.items.allSatisfy { $0.status == "delivered" })
            let retried = try #require(log.items.first { $0.eventId == later[3].eventID })
            #expect(retried.attempts == 2 && retried.log.map(\.statusCode) == [503, 200])
            #expect(retried.log[0].error == "http_status" && retried.log[0].excerpt == "cannot take it now" && retried.log[1].error == nil)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let page = try await app.get("/webhooks/\(webhook)", headers: session.headers)
            #expect(page.status == .ok && page.text.contains("Bên nhận trả lời HTTP 503") && page.text.components(separatedBy: "data-testid=\"delivery\"").count == 6)

            // "Send again" (the page's button): the first event goes out once more, as it was.
            let oldest = try #require(log.items.last)
            let resend = try await app.post("/webhooks/\(webhook)/resend", session: session, form: ["delivery": oldest.id])
            #expect(resend.status == .seeOther)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "webhook.resend").count() == 1)
            outcome = await sender.deliverDue(on: app.db, logger: app.logger, now: Date())
            #expect(outcome.delivered == 1 && receiver.calls.count == 7 && receiver.calls[6].body == calls[0].body)
            #expect(try await app.post("/webhooks/\(webhook)/resend", session: session, form: ["delivery": UUID().uuidString]).status == .notFound)
            #expect(try await app.post("/webhooks/\(webhook)/resend", session: session, form: [:]).status == .unprocessableEntity)

            // The same through the API.
            let again = try await app.api(.POST, "/api/v1/webhooks/\(webhook)/deliveries/\(oldest.id)/resend", token: focal)
            #expect(again.status == .accepted && again.text.contains("\"status\":\"pending\""))
            outcome = await sender.deliverDue(on: app.db, logger: app.logger, now: Date())
            #expect(outcome.delivered == 1 && receiver.calls.count == 8 && receiver.calls[7].body == calls[0].body)
            #expect(try await app.api(.POST, "/api/v1/webhooks/\(webhook)/deliveries/\(UUID())/resend", token: focal).status == .notFound)
        }
    }

    @Test("a call still failing a day after it was queued is given up; the calls behind it then go")
    func givenUp() async throws {
        let receiver = try await TestReceiver()
        defer { Task { await receiver.shutdown() } }
        try await withVigilApp(configure: MonitorAPITests.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let webhook = try await Self.subscribe(app, token: focal, url: receiver.url, events: ["incident.reported"])
            let sender = try #require(app.storage[WebhookSenderKey.self])
            receiver.answer(.internalServerError)
            _ = try await Self.report(app, token: focal, title: "Sự cố một")
            let second = try await Self.report(app, token: focal, title: "Sự cố hai")
            let start = Date()
            await sender.deliverDue(on: app.db, logger: app.logger, now: start)
            await sender.deliverDue(on: app.db, logger: app.logger, now: start.addingTimeInterval(25 * 3600))
            #expect(receiver.calls.count == 2 && Set(receiver.calls.map(\.eventID)).count == 1, "only the head was tried")
            receiver.answer(.ok)
            let outcome = await sender.deliverDue(on: app.db, logger: app.logger, now: start.addingTimeInterval(25 * 3600 + 1))
            let sent = try Self.body(receiver.calls[2]).data.objectId
            #expect(outcome.delivered == 1 && sent == second)
            let log = try await app.api(.GET, "/api/v1/webhooks/\(webhook)/deliveries", token: focal).content.decode(Log.self)
            #expect(log.items.map(\.status) == ["delivered", "failed"])

            // The log keeps delivered calls a month, given-up ones three months.
            let store = WebhookDeliveryStore()
            #expect(try await store.prune(now: start.addingTimeInterval(32 * 86_400), on: app.db) == 1)
            #expect(try await WebhookDeliveryRecord.query(on: app.db).all().map(\.statusText) == ["failed"])
            #expect(try await store.prune(now: start.addingTimeInterval(92 * 86_400), on: app.db) == 1)
            #expect(try await WebhookDeliveryRecord.query(on: app.db).count() == 0)
            #expect(try await WebhookAttemptRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("only the organisation's own subscribed events; overdue findings once each")
    func scope() async throws {
        let receiver = try await TestReceiver()
        defer { Task { await receiver.shutdown() } }
        try await withVigilApp(configure: MonitorAPITests.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            _ = try await Self.subscribe(app, token: focal, url: receiver.url, events: ["finding.overdue", "incident.closed"])
            let sender = try #require(app.storage[WebhookSenderKey.self])
            // Another organisation's report, and an event not subscribed to: nothing queued.
            _ = try await Self.report(app, token: try await app.token(for: fixtures.user("b_reporter")), title: "Sự cố của Sở Y tế")
            _ = try await Self.report(app, token: focal, title: "Không đăng ký")
            #expect(try await WebhookDeliveryRecord.query(on: app.db).count() == 0)

            try await FindingWorkflowTests().importSample(app, fixtures, "openvas/many_vuln.xml")
            let later = Date().addingTimeInterval(400 * 86_400)
            try await app.vigilServices.findings.deadlines(on: app.db, now: later)
            try await app.vigilServices.findings.deadlines(on: app.db, now: later)
            let overdue = try await FindingRecord.query(on: app.db).filter(\.$escalatedAt != nil).count()
            #expect(overdue > 0)
            // A round sends at most a batch of a webhook's calls: rounds until all are out.
            while await sender.deliverDue(on: app.db, logger: app.logger, now: later).delivered > 0 {}
            let calls = receiver.calls
            #expect(calls.count == overdue && calls.allSatisfy { $0.event == "finding.overdue" })
            #expect(try Set(calls.map { try Self.body($0).data.objectId ?? "" }).count == overdue, "each finding once")
        }
    }

    @Test("an approved plan due for review is announced once (plan.review_due)")
    func planReviewDue() async throws {
        let receiver = try await TestReceiver()
        defer { Task { await receiver.shutdown() } }
        try await withVigilApp(configure: MonitorAPITests.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let leader = try await app.token(for: fixtures.user("leader"))
            _ = try await Self.subscribe(app, token: focal, url: receiver.url, events: ["plan.review_due"])
            let (system, _) = try await PlanAPITests.system(app, fixtures)
            let plan = try await app.api(.POST, "/api/v1/systems/\(system)/plans", token: focal).content.decode(Created.self).id
            #expect(try await app.api(.POST, "/api/v1/plans/\(plan)/approve", token: leader).status == .ok)
            let plans = app.vigilServices.plans
            #expect(try await plans.announceReviewsDue(on: app.db) == 0, "just approved: not due")
            let later = Date().addingTimeInterval(400 * 86_400)
            #expect(try await plans.announceReviewsDue(on: app.db, now: later) == 1)
            #expect(try await plans.announceReviewsDue(on: app.db, now: later) == 0, "once")
            await app.storage[WebhookSenderKey.self]!.deliverDue(on: app.db, logger: app.logger, now: later)
            let calls = receiver.calls
            #expect(calls.map(\.event) == ["plan.review_due"])
            let body = try Self.body(try #require(calls.first))
            #expect(body.data.objectId == plan && body.data.objectType == "response_plan")
        }
    }
}
