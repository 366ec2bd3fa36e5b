import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Host form")
struct HostFormTests {
    func post(_ app: Application, _ path: String, session: BrowserSession, _ fields: [String: String],
              systems: [String] = []) async throws -> TestingHTTPResponse {
        var (headers, body) = session.form(fields)
        for system in systems { body.writeString("&systems%5B%5D=\(system)") }
        headers.contentType = .urlEncodedForm
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
    }

    @Test("a host entered by hand: its systems, its anti-malware state (source manual), errors per field, an edit, a removal")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let orgA = fixtures.agencyA.id!.uuidString.lowercased()
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let created = try await app.api(.POST, "/api/v1/systems", token: focal, json: #"{"name": "Cổng dịch vụ công", "securityLevel": 3}"#)
            struct Created: Decodable { let id: String }
            let portalID = try created.content.decode(Created.self).id
            #expect(try await app.get("/assets/hosts/new", headers: session.headers).status == .ok)

            // Bad fields are named, nothing is stored.
            let refused = try await post(app, "/assets/hosts", session: session,
                                         ["hostname": "", "organisation": orgA, "addresses": "10.0.0.300", "av_signature_date": "hôm qua"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("hostname-error") && refused.text.contains("addresses-error"))
            #expect(try await HostRecord.query(on: app.db).count() == 0)

            let signatures = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400)).prefix(10)
            let added = try await post(app, "/assets/hosts", session: session, [
                "hostname": "sxd-srv-web", "organisation": orgA, "role": "server", "criticality": "high", "addresses": "10.20.0.5",
                "av_product": "Kaspersky Endpoint Security", "av_enabled": "yes", "av_real_time": "yes", "av_managed": "yes",
                "av_signature_date": String(signatures),
            ], systems: [portalID])
            #expect(added.status == .seeOther)
            let host = try #require(try await HostRecord.query(on: app.db).first())
            #expect(host.source == "manual" && host.role == "server" && host.avRealTime && host.criticality == "high")
            #expect(try await HostSystemRecord.query(on: app.db).filter(\.$hostID == host.requireID()).count() == 1)
            let page = try await app.get("/assets/hosts/\(host.id!.uuidString.lowercased())", headers: session.headers)
            #expect(page.text.contains("Cổng dịch vụ công") && page.text.contains("protection-protected"))
            #expect(try await HostStateRecord.query(on: app.db).count() == 1)

            // Edited: real-time protection found off, and no longer part of the portal.
            let id = host.id!.uuidString.lowercased()
            #expect(try await app.get("/assets/hosts/\(id)/edit", headers: session.headers).text.contains("Kaspersky"))
            let edited = try await post(app, "/assets/hosts/\(id)", session: session, [
                "hostname": "sxd-srv-web", "organisation": orgA, "role": "server", "av_product": "Kaspersky Endpoint Security", "av_enabled": "yes",
            ])
            #expect(edited.status == .seeOther)
            let after = try #require(try await HostRecord.find(host.id, on: app.db))
            #expect(!after.avRealTime && after.criticality == "medium")
            #expect(try await HostSystemRecord.query(on: app.db).count() == 0)
            #expect(try await HostStateRecord.query(on: app.db).count() == 2)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "host.update").count() == 1)

            // A second host of the same name in the same organisation is refused.
            let twin = try await post(app, "/assets/hosts", session: session, ["hostname": "sxd-srv-web", "organisation": orgA])
            #expect(twin.status == .conflict)

            // Another agency's host is not found, not even for its editor; a leader may not edit.
            let otherFocal = try await app.signIn(fixtures.user("b_responder"))
            #expect(try await app.get("/assets/hosts/\(id)/edit", headers: otherFocal.headers).status == .notFound)
            #expect(try await post(app, "/assets/hosts/\(id)/remove", session: otherFocal, [:]).status == .notFound)
            let leader = try await app.signIn(fixtures.user("leader"))
            #expect(try await post(app, "/assets/hosts/\(id)", session: leader, ["hostname": "x"]).status == .forbidden)

            let removed = try await post(app, "/assets/hosts/\(id)/remove", session: session, [:])
            #expect(removed.status == .seeOther)
            #expect(try await HostRecord.query(on: app.db).count() == 0)
            #expect(try await HostStateRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "host.remove").count() == 1)
        }
    }

    @Test("an agent's host keeps its reported state whatever the form says")
    func agentState() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.enrolmentToken(for: fixtures.agencyA)
            let answer = try await app.checkIn(checkInJSON(machine: "m-1", sentAt: Date().addingTimeInterval(-10)), token: token)
            #expect(answer.status == .created)
            let host = try #require(try await HostRecord.query(on: app.db).first())
            let session = try await app.signIn(fixtures.user("focal_point"))
            let page = try await app.get("/assets/hosts/\(host.id!.uuidString.lowercased())/edit", headers: session.headers)
            #expect(!page.text.contains("name=\"av_product\""))
            let edited = try await post(app, "/assets/hosts/\(host.id!.uuidString.lowercased())", session: session, [
                "hostname": "ws-ketoan", "machine_id": "m-1", "organisation": fixtures.agencyA.id!.uuidString.lowercased(), "owner": "Chị Lan",
            ])
            #expect(edited.status == .seeOther)
            let after = try #require(try await HostRecord.find(host.id, on: app.db))
            #expect(after.hostname == "ws-ketoan" && after.owner == "Chị Lan" && after.source == "agent" && after.avRealTime)
        }
    }
}
