import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Escalation chains: set on the page, started by every new incident (also one a monitor opens),
/// each step fired after its delay (time injected into the runner) unless somebody took the
/// incident up; steps are claimed in the database, so two runners fire each step once.
@Suite("Contacts: escalation chains")
struct EscalationTests {
    struct Created: Decodable { let id: String }

    /// Mail set up; a leader who is a user (step 1, after 5 minutes) and an outside contact with an
    /// e-mail only (step 2, 10 minutes later), saved from the chain's page.
    static func chain(_ app: Application, _ fixtures: Fixtures) async throws {
        try await app.vigilServices.settings.set(MailSettingsStore.key, to: """
            {"host":"mail.example.gov.vn","port":587,"security":"starttls","username":"","sealedPassword":"","fromAddress":"vigil@example.gov.vn","fromName":"Vigil","siteAddress":"https://vigil.example.gov.vn"}
            """, on: app.db)
        let token = try await app.token(for: fixtures.user("focal_point"))
        let leaderID = try fixtures.user("leader").requireID().uuidString
        let leader = try await ContactAPITests.create(app, token: token, """
            {"name": "Lãnh đạo Sở", "role": "leader", "phone": "0912345678", "userId": "\(leaderID)"}
            """).content.decode(Created.self).id
        let outside = try await ContactAPITests.create(app, token: token, """
            {"name": "VNCERT/CC", "role": "external", "bodyKind": "national_coordinator", "email": "ir@vncert.example.vn", "languages": ["en"]}
            """).content.decode(Created.self).id
        let session = try await app.signIn(fixtures.user("focal_point"))
        let saved = try await app.post("/contacts/escalation", session: session, form: [
            "organisation": try fixtures.agencyA.requireID().uuidString, "contact1": leader, "wait1": "5", "contact2": outside, "wait2": "10"])
        #expect(saved.status == .seeOther)
    }

    static func report(_ app: Application, as user: UserRecord) async throws -> String {
        let token = try await app.token(for: user)
        let discovered = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
        return try await app.api(.POST, "/api/v1/incidents", token: token, json: """
            {"title": "Máy chủ thư bị chiếm quyền", "description": "Thư rác gửi ra ngoài", "discoveredAt": "\(discovered)"}
            """).content.decode(Created.self).id
    }

    static func escalationNotifications(_ app: Application) async throws -> Int {
        try await NotificationRecord.query(on: app.db).filter(\.$messageKey == "notification.escalation_step").count()
    }

    @Test("steps fire in order after their delays, to a user in-app and by e-mail, to an outside contact by e-mail")
    func stepsInOrder() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            try await Self.chain(app, fixtures)
            let runner = app.vigilServices.contacts.runner
            let start = Date()
            // Action
            let incident = try await Self.report(app, as: fixtures.user("reporter"))
            let runs = try await app.vigilServices.contacts.escalations.runs(ofIncident: UUID(uuidString: incident)!, on: app.db)
            #expect(runs.map(\.position) == [1, 2] && runs.allSatisfy { $0.status == "pending" })
            // Check
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(4 * 60)) == .init())
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(6 * 60)) == .init(sent: 1))
            let told = try #require(try await NotificationRecord.query(on: app.db).filter(\.$messageKey == "notification.escalation_step").first())
            #expect(told.$user.id == (try fixtures.user("leader").requireID()))
            #expect(try await MailDeliveryTests.outbox(app).contains { $0.recipient == "leader@example.gov.vn" && $0.subject.contains("chưa được tiếp nhận") })
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(14 * 60)) == .init())
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(16 * 60)) == .init(sent: 1))
            let outside = try #require(try await MailDeliveryTests.outbox(app).first { $0.recipient == "ir@vncert.example.vn" })
            #expect(outside.language == "en" && outside.subject.contains("not taken up"))
            // The timeline says so; nothing is left to fire.
            let events = try await app.vigilServices.incidentRepository.events(of: UUID(uuidString: incident)!, on: app.db)
            #expect(events.filter { $0.kind == "escalation_step" }.count == 2)
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(3600)) == .init())
        }
    }

    @Test("the chain stops once the incident is taken up (verification began)")
    func stopsAfterAcknowledgement() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.chain(app, fixtures)
            let runner = app.vigilServices.contacts.runner
            let start = Date()
            let incident = try await Self.report(app, as: fixtures.user("reporter"))
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(6 * 60)).sent == 1)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(incident)/transition", token: focal, json: #"{"to": "verifying"}"#).status == .ok)
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(16 * 60)) == .init(stopped: 1))
            #expect(try await Self.escalationNotifications(app) == 1)
            #expect(!(try await MailDeliveryTests.outbox(app).contains { $0.recipient == "ir@vncert.example.vn" }))
            let runs = try await app.vigilServices.contacts.escalations.runs(ofIncident: UUID(uuidString: incident)!, on: app.db)
            #expect(runs.map(\.status) == ["sent", "stopped"])

            // An assignment is taking it up too.
            let second = try await Self.report(app, as: fixtures.user("reporter"))
            let responder = try fixtures.user("responder").requireID().uuidString
            #expect(try await app.api(.POST, "/api/v1/incidents/\(second)/assign", token: focal, json: #"{"assigneeId": "\#(responder)"}"#).status == .ok)
            #expect(try await runner.runDue(on: app.db, now: start.addingTimeInterval(6 * 60)) == .init(stopped: 1))
        }
    }

    @Test("a unit's incident uses its agency's chain; an incident a monitor opens starts it too; two runners fire each step once")
    func inheritedMonitorAndShared() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.chain(app, fixtures)
            let services = app.vigilServices
            let unitIncident = try await Self.report(app, as: fixtures.user("unit_reporter"))
            let runs = try await services.contacts.escalations.runs(ofIncident: UUID(uuidString: unitIncident)!, on: app.db)
            #expect(runs.count == 2 && runs.allSatisfy { $0.organisationID == fixtures.agencyA.id })

            // As the monitors report: Vigil's own reporter, through the same report path.
            let vigil = try await services.monitorRunner.systemUser(for: fixtures.agencyA, on: app.db, now: Date())
            let opened = try await services.incidents.report(.init(title: "Cổng thông tin không truy cập được", description: "Quá thời gian chờ",
                                                                    discoveredAt: Date(), organisationID: fixtures.agencyA.id), by: vigil, address: nil, on: app.db)
            #expect(try await services.contacts.escalations.runs(ofIncident: try opened.requireID(), on: app.db).count == 2)

            let later = Date().addingTimeInterval(6 * 60)
            let other = EscalationRunner(incidents: services.incidentRepository, notifications: services.notifications)
            async let first = services.contacts.runner.runDue(on: app.db, now: later)
            async let second = other.runDue(on: app.db, now: later)
            let (a, b) = try await (first, second)
            #expect(a.sent + b.sent == 2)
            #expect(try await Self.escalationNotifications(app) == 2)
        }
    }

    @Test("bad chains are refused naming the step; a removed contact leaves the chain")
    func chainEditing() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.chain(app, fixtures)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let organisation = try fixtures.agencyA.requireID().uuidString
            let chain = try await app.vigilServices.contacts.escalations.chain(of: fixtures.agencyA.requireID(), on: app.db)
            let first = chain[0].contactID.uuidString
            let repeated = try await app.post("/contacts/escalation", session: session,
                                              form: ["organisation": organisation, "contact1": first, "wait1": "5", "contact2": first, "wait2": "5"])
            #expect(repeated.status == .unprocessableEntity && repeated.text.contains("Bước 2"))
            let badWait = try await app.post("/contacts/escalation", session: session, form: ["organisation": organisation, "contact1": first, "wait1": "abc"])
            #expect(badWait.status == .unprocessableEntity)
            let foreign = try await app.post("/contacts/escalation", session: session,
                                             form: ["organisation": organisation, "contact1": UUID().uuidString, "wait1": "5"])
            #expect(foreign.status == .unprocessableEntity)
            #expect(try await app.vigilServices.contacts.escalations.chain(of: fixtures.agencyA.requireID(), on: app.db).count == 2)

            let page = try await app.get("/contacts/escalation?organisation=\(organisation)", headers: session.headers)
            #expect(page.status == .ok && page.text.contains("Lãnh đạo Sở") && page.text.contains("VNCERT/CC"))
            let token = try await app.token(for: fixtures.user("focal_point"))
            #expect(try await app.api(.DELETE, "/api/v1/contacts/\(first)", token: token).status == .noContent)
            let left = try await app.vigilServices.contacts.escalations.chain(of: fixtures.agencyA.requireID(), on: app.db)
            #expect(left.map(\.position) == [1] && left[0].contactID != chain[0].contactID)
        }
    }
}
