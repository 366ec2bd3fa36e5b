import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The webhooks' API contract and pages: who may manage them, what is refused and why.
@Suite("Webhooks: the API contract, roles, validation and pages")
struct WebhookTests {
    struct Created: Decodable {
        let id: String
        let url: String
        let events: [String]
        let secret: String?
    }

    struct Listing: Decodable {
        let items: [Created]
    }

    /// A webhook stored directly, past the address rule (for tests whose targets nobody may reach).
    static func webhook(_ app: Application, organisation: UUID, url: String, events: [WebhookEvent],
                        secret: String = "a-test-secret-of-some-length") async throws -> WebhookRecord {
        let webhook = WebhookRecord()
        webhook.id = UUID()
        webhook.createdAt = Date()
        webhook.createdBy = "tests"
        webhook.url = url
        webhook.eventNames = events.map(\.rawValue).joined(separator: " ")
        webhook.sealedSecret = try app.vigilServices.webhookSecrets.seal(secret)
        webhook.organisationID = organisation
        try await webhook.create(on: app.db)
        return webhook
    }

    @Test("create answers 201 with the id and the secret (made when not given, shown once); read, list, remove")
    func contract() async throws {
        try await withVigilApp(configure: MonitorAPITests.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let created = try await app.api(.POST, "/api/v1/webhooks", token: token, json: """
                {"url": "http://127.0.0.1:9/hooks", "events": ["monitor.alert", "incident.reported"]}
                """)
            #expect(created.status == .created)
            let webhook = try created.content.decode(Created.self)
            let secret = try #require(webhook.secret)
            #expect(secret.count == 64 && secret.allSatisfy(\.isHexDigit))
            #expect(webhook.events == ["incident.reported", "monitor.alert"] && webhook.url == "http://127.0.0.1:9/hooks")
            // Stored sealed, never in clear; read back without it.
            let record = try #require(try await WebhookRecord.find(UUID(uuidString: webhook.id), on: app.db))
            let opened = try app.vigilServices.webhookSecrets.open(record.sealedSecret)
            #expect(!record.sealedSecret.contains(secret) && opened == secret)
            let shown = try await app.api(.GET, "/api/v1/webhooks/\(webhook.id)", token: token)
            #expect(shown.status == .ok && !shown.text.contains("secret") && shown.text.contains(fixtures.agencyA.name))
            let listed = try await app.api(.GET, "/api/v1/webhooks", token: token).content.decode(Listing.self)
            #expect(listed.items.map(\.id) == [webhook.id])

            let chosen = try await app.api(.POST, "/api/v1/webhooks", token: token, json: """
                {"url": "http://127.0.0.1:9/other", "events": ["plan.review_due"], "secret": "our-own-secret-0123"}
                """)
            #expect(chosen.status == .created)
            #expect(try chosen.content.decode(Created.self).secret == "our-own-secret-0123")

            let deliveries = try await app.api(.GET, "/api/v1/webhooks/\(webhook.id)/deliveries", token: token)
            #expect(deliveries.status == .ok && deliveries.text.contains(#""items":[]"#))
            #expect(try await app.api(.DELETE, "/api/v1/webhooks/\(webhook.id)", token: token).status == .noContent)
            #expect(try await app.api(.GET, "/api/v1/webhooks/\(webhook.id)", token: token).status == .notFound)
            let actions = try await AuditEntryRecord.query(on: app.db).filter(\.$objectType == "webhook").all().map(\.action)
            #expect(actions.sorted() == ["webhook.create", "webhook.create", "webhook.delete"])
        }
    }

    @Test("bad input is refused with a specific code, naming its field, and nothing is stored", arguments: [
        (#"{"url": "ftp://example.gov.vn/", "events": ["incident.reported"]}"#, "invalid_url", "url"),
        (#"{"url": "https://user:pw@example.gov.vn/", "events": ["incident.reported"]}"#, "invalid_url", "url"),
        (#"{"url": "", "events": ["incident.reported"]}"#, "validation_failed", "url"),
        (#"{"url": "http://10.1.2.3/hook", "events": ["incident.reported"]}"#, "address_not_allowed", "url"),
        (#"{"url": "http://[::1]:8080/hook", "events": ["incident.reported"]}"#, "address_not_allowed", "url"),
        (#"{"url": "http://localhost:8080/hook", "events": ["incident.reported"]}"#, "address_not_allowed", "url"),
        (#"{"url": "https://example.gov.vn/hook", "events": ["incident.deleted"]}"#, "unknown_event", "events"),
        (#"{"url": "https://example.gov.vn/hook", "events": []}"#, "validation_failed", "events"),
        (#"{"url": "https://example.gov.vn/hook", "events": ["incident.reported"], "secret": "short"}"#, "invalid_secret", "secret"),
        (#"{"url": "https://example.gov.vn/hook", "events": ["incident.reported"], "organisationId": "not-an-id"}"#, "validation_failed", "organisationId"),
    ])
    func refused(body: String, code: String, field: String) async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let response = try await app.api(.POST, "/api/v1/webhooks", token: token, json: body)
            #expect(response.status == .unprocessableEntity, "\(body): \(response.text)")
            #expect(response.errorCode == code && response.text.contains("\"field\":\"\(field)\""), "\(body): \(response.text)")
            #expect(try await WebhookRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("focal points and administrators manage their scope's webhooks; other roles are refused; another organisation's is not found")
    func access() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let webhook = try await Self.webhook(app, organisation: try fixtures.agencyA.requireID(), url: "http://127.0.0.1:9/", events: [.incidentReported])
            let path = "/api/v1/webhooks/\(try webhook.requireID().uuidString.lowercased())"
            for (user, status) in [("focal_point", HTTPStatus.ok), ("admin", .ok), ("root_admin", .ok), ("b_admin", .notFound),
                                   ("responder", .forbidden), ("leader", .forbidden), ("reporter", .forbidden), ("coordinator", .forbidden)] {
                let token = try await app.token(for: fixtures.user(user))
                #expect(try await app.api(.GET, path, token: token).status == status, "\(user)")
                #expect(try await app.api(.GET, path + "/deliveries", token: token).status == status, "\(user)")
            }
            let other = try await app.token(for: fixtures.user("b_admin"))
            #expect(try await app.api(.GET, "/api/v1/webhooks", token: other).content.decode(Listing.self).items.isEmpty)
            #expect(try await app.api(.DELETE, path, token: other).status == .notFound)
            // Creating for an organisation outside one's scope is refused too.
            let refused = try await app.api(.POST, "/api/v1/webhooks", token: other, json: """
                {"url": "https://example.gov.vn/", "events": ["incident.reported"], "organisationId": "\(try fixtures.agencyA.requireID().uuidString)"}
                """)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("organisationId"))
            #expect(try await WebhookRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("the pages: the list with the form, the secret shown once after creating, the log, removal")
    func pages() async throws {
        try await withVigilApp(configure: MonitorAPITests.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let list = try await app.get("/webhooks", headers: session.headers)
            #expect(list.status == .ok && list.text.contains("name=\"events[]\" value=\"monitor.alert\"") && list.text.contains("Cảnh báo giám sát"))

            func submit(_ body: String) async throws -> TestingHTTPResponse {
                var headers = session.headers
                headers.contentType = .urlEncodedForm
                return try await app.testing().sendRequest(.POST, "/webhooks", headers: headers, body: ByteBuffer(string: "_csrf=\(session.csrf)&" + body))
            }
            let bad = try await submit("url=http%3A%2F%2F10.0.0.1%2F&events%5B%5D=incident.reported")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("VIGIL_OUTBOUND_ALLOW") && bad.text.contains("value=\"incident.reported\" checked"))
            let none = try await submit("url=http%3A%2F%2F127.0.0.1%3A9%2F")
            #expect(none.status == .unprocessableEntity && none.text.contains("Hãy chọn ít nhất một sự kiện"))
            let created = try await submit("url=http%3A%2F%2F127.0.0.1%3A9%2Fhook&events%5B%5D=incident.reported&events%5B%5D=monitor.alert")
            #expect(created.status == .created && created.text.contains("data-testid=\"webhook-secret\""))
            let webhook = try #require(try await WebhookRecord.query(on: app.db).first())
            let secret = try app.vigilServices.webhookSecrets.open(webhook.sealedSecret)
            #expect(created.text.contains(secret) && webhook.events == [.incidentReported, .monitorAlert])
            let again = try await app.get("/webhooks", headers: session.headers)
            #expect(again.text.contains("http://127.0.0.1:9/hook") && !again.text.contains(secret))

            let id = try webhook.requireID().uuidString.lowercased()
            let log = try await app.get("/webhooks/\(id)", headers: session.headers)
            #expect(log.status == .ok && log.text.contains("Chưa có sự kiện nào được gửi"))
            let other = try await app.signIn(fixtures.user("b_admin"))
            #expect(try await app.get("/webhooks/\(id)", headers: other.headers).status == .notFound)
            #expect(try await app.post("/webhooks/\(id)/remove", session: other, form: [:]).status == .notFound)
            let removed = try await app.post("/webhooks/\(id)/remove", session: session, form: [:])
            #expect(removed.status == .seeOther && removed.headers.first(name: .location) == "/webhooks?notice=webhook_removed")
            #expect(try await WebhookRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("who hears: a unit's report reaches its agency, not the province or another agency; warnings go down, escalations up")
    func audience() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let (root, agencyA, unitA1, agencyB) = (try fixtures.root.requireID(), try fixtures.agencyA.requireID(),
                                                    try fixtures.unitA1.requireID(), try fixtures.agencyB.requireID())
            var hooks: [UUID: UUID] = [:]
            for organisation in [root, agencyA, unitA1, agencyB] {
                hooks[organisation] = try await Self.webhook(app, organisation: organisation, url: "http://127.0.0.1:9/",
                                                             events: WebhookEvent.allCases).requireID()
            }
            // A unit's reporter reports: the unit's and its agency's webhooks get the call.
            let reporter = try await app.token(for: fixtures.user("unit_reporter"))
            #expect(try await app.api(.POST, "/api/v1/incidents", token: reporter, json: """
                {"title": "Thư lừa đảo", "description": "Thư giả mạo gửi tới văn phòng.", "discoveredAt": "2026-11-20T08:30:00Z"}
                """).status == .created)
            var called: Set<UUID> = []
            for delivery in try await WebhookDeliveryRecord.query(on: app.db).filter(\.$event == "incident.reported").all() {
                called.insert(delivery.webhookID)
            }
            #expect(called == [hooks[unitA1]!, hooks[agencyA]!])

            // The rule for the other reaches, from the organisations' tree.
            #expect(try await WebhookEvents.audience(of: .advisoryIssued, from: root, on: app.db) == [root, agencyA, unitA1, agencyB])
            #expect(try await WebhookEvents.audience(of: .advisoryIssued, from: agencyB, on: app.db) == [agencyB])
            #expect(try await WebhookEvents.audience(of: .incidentEscalated, from: unitA1, on: app.db) == [unitA1, agencyA, root])
            #expect(try await WebhookEvents.audience(of: .incidentClosed, from: agencyB, on: app.db) == [agencyB])
        }
    }
}
