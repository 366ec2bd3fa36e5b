import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Issue 22's integration tokens: an organisation's, not a person's; shown once, stored hashed,
/// scoped, expiring, revocable, audited, and never reaching past their organisation.
@Suite("Integration tokens")
struct IntegrationTokenTests {
    struct Created: Decodable {
        struct Details: Decodable { let id: String; let scopes: [String]; let createdBy: String? }
        let token: String
        let details: Details
    }

    func create(_ app: Application, by admin: String, organisation: UUID, scopes: [String], fixtures: Fixtures) async throws -> TestingHTTPResponse {
        let token = try await app.token(for: fixtures.user(admin))
        let scopeList = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        return try await app.api(.POST, "/api/v1/integration-tokens", token: token, json: """
            {"organisationId":"\(organisation.uuidString)","name":"SIEM Sở","scopes":[\(scopeList)],"expiresInDays":30}
            """)
    }

    @Test("an administrator makes one; it acts in its organisation within its scopes, and the audit trail names it")
    func lifecycle() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            let agencyA = try fixtures.agencyA.requireID()
            let response = try await create(app, by: "admin", organisation: agencyA, scopes: ["incidents:write"], fixtures: fixtures)
            #expect(response.status == .created)
            let created = try response.content.decode(Created.self)
            #expect(created.details.scopes == ["incidents:write"])
            #expect(created.details.createdBy == "admin")
            // Stored hashed: the token itself is nowhere in the table.
            #expect(try await ApiTokenRecord.query(on: app.db).filter(\.$tokenHash == created.token).count() == 0)

            // Action: report an incident, read the list, stray outside the scope.
            let reported = try await app.api(.POST, "/api/v1/incidents", token: created.token, json: ScopedTokenTests.incident)
            #expect(reported.status == .created)
            let incident = try #require(try await IncidentRecord.query(on: app.db).with(\.$reporter).first())
            #expect(incident.$organisation.id == agencyA)
            #expect(incident.reporter.displayName == "SIEM Sở")
            #expect(incident.reporter.isSystem && incident.reporter.disabledAt != nil)
            #expect(try await app.api(.GET, "/api/v1/incidents", token: created.token).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/systems", token: created.token).errorCode == "insufficient_scope")
            #expect(try await app.api(.GET, "/api/v1/tokens", token: created.token).errorCode == "insufficient_scope")
            #expect(try await app.api(.POST, "/api/v1/integration-tokens", token: created.token, json: "{}").errorCode == "insufficient_scope")

            // Check: the audit trail names the token; its last use is recorded.
            let entry = try #require(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "incident.report").first())
            #expect(entry.actorLabel.contains("SIEM Sở") && entry.actorLabel.hasPrefix("token vgl_"))
            let record = try #require(try await ApiTokenRecord.find(UUID(uuidString: created.details.id), on: app.db))
            #expect(record.lastUsedAt != nil)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "integration_token.create").count() == 1)
            // Who am I: the token's user, the roles it acts with, its scopes.
            let me = try await app.api(.GET, "/api/v1/me", token: created.token).content.decode(UserDTO.self)
            #expect(me.displayName == "SIEM Sở" && me.scopes == ["incidents:write"] && me.roles.contains(.focalPoint))
            // Not a person: in no list of users, never opened or edited as one.
            let admin = try await app.token(for: fixtures.user("admin"))
            #expect(try await app.api(.GET, "/api/v1/users?limit=200", token: admin).text.contains("SIEM") == false)
            #expect(try await app.api(.GET, "/api/v1/users/\(incident.reporter.requireID().uuidString)", token: admin).status == .notFound)
        }
    }

    @Test("another organisation's records are not found; another agency's administrator neither sees nor revokes it")
    func organisationBound() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let created = try await create(app, by: "admin", organisation: try fixtures.agencyA.requireID(),
                                           scopes: ["incidents:read"], fixtures: fixtures).content.decode(Created.self)
            let theirs = try await app.token(for: fixtures.user("b_reporter"))
            let reported = try await app.api(.POST, "/api/v1/incidents", token: theirs, json: ScopedTokenTests.incident)
            let id = try #require(reported.text.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)", token: created.token).status == .notFound)
            #expect(!(try await app.api(.GET, "/api/v1/incidents", token: created.token).text.contains(id)))

            let otherAdmin = try await app.token(for: fixtures.user("b_admin"))
            #expect(try await app.api(.DELETE, "/api/v1/integration-tokens/\(created.details.id)", token: otherAdmin).status == .notFound)
            #expect(!(try await app.api(.GET, "/api/v1/integration-tokens", token: otherAdmin).text.contains(created.details.id)))
            // Nor can B's administrator make one for agency A.
            let foreign = try await create(app, by: "b_admin", organisation: try fixtures.agencyA.requireID(), scopes: ["incidents:read"], fixtures: fixtures)
            #expect(foreign.status == .unprocessableEntity)
            // The province's administrator sees and may revoke it.
            let rootAdmin = try await app.token(for: fixtures.user("root_admin"))
            #expect(try await app.api(.GET, "/api/v1/integration-tokens", token: rootAdmin).text.contains(created.details.id))
        }
    }

    @Test("revoked or expired: 401; revocation is audited")
    func revokedAndExpired() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let agencyA = try fixtures.agencyA.requireID()
            let first = try await create(app, by: "admin", organisation: agencyA, scopes: ["incidents:read"], fixtures: fixtures).content.decode(Created.self)
            let second = try await create(app, by: "admin", organisation: agencyA, scopes: ["incidents:read"], fixtures: fixtures).content.decode(Created.self)
            #expect(try await app.api(.GET, "/api/v1/incidents", token: first.token).status == .ok)
            let admin = try await app.token(for: fixtures.user("admin"))
            #expect(try await app.api(.DELETE, "/api/v1/integration-tokens/\(first.details.id)", token: admin).status == .noContent)
            let revoked = try await app.api(.GET, "/api/v1/incidents", token: first.token)
            #expect(revoked.status == .unauthorized)
            #expect(revoked.errorCode == "invalid_token")
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "integration_token.revoke").count() == 1)

            try await ApiTokenRecord.query(on: app.db).filter(\.$id == UUID(uuidString: second.details.id)!)
                .set(\.$expiresAt, to: Date().addingTimeInterval(-1)).update()
            #expect(try await app.api(.GET, "/api/v1/incidents", token: second.token).status == .unauthorized)
        }
    }

    @Test("refused: no scope, a personal scope, an unknown scope, a non-administrator")
    func refusals() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let agencyA = try fixtures.agencyA.requireID()
            let before = try await ApiTokenRecord.query(on: app.db).count()
            let empty = try await create(app, by: "admin", organisation: agencyA, scopes: [], fixtures: fixtures)
            #expect(empty.status == .unprocessableEntity)
            let personal = try await create(app, by: "admin", organisation: agencyA, scopes: ["tokens:read"], fixtures: fixtures)
            #expect(personal.status == .unprocessableEntity && personal.text.contains("tokens:read"))
            let unknown = try await create(app, by: "admin", organisation: agencyA, scopes: ["siem:write"], fixtures: fixtures)
            #expect(unknown.status == .unprocessableEntity)
            let focal = try await create(app, by: "focal_point", organisation: agencyA, scopes: ["incidents:read"], fixtures: fixtures)
            #expect(focal.status == .forbidden)
            // Only the admin's own tokens for the calls above were made.
            #expect(try await ApiTokenRecord.query(on: app.db).filter(\.$organisation.$id != nil).count() == 0)
            #expect(try await ApiTokenRecord.query(on: app.db).count() == before + 4)
            #expect(try await UserRecord.query(on: app.db).filter(\.$email, .contains(inverse: false, .prefix), "integration+").count() == 0)
        }
    }

    @Test("the page: an administrator creates one (shown once) and revokes it")
    func page() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("admin"))
            let page = try await app.get("/integration-tokens", headers: session.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("incidents:write"))
            #expect(!page.text.contains("tokens:write"))
            let (headers, _) = session.form([:])
            let body = formEncode(["_csrf": session.csrf, "organisation": try fixtures.agencyA.requireID().uuidString, "name": "Ticket", "expires_days": ""])
                + "&scopes%5B%5D=incidents%3Aread&scopes%5B%5D=assets%3Aread"
            let created = try await app.testing().sendRequest(.POST, "/integration-tokens", headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let token = try #require(created.text.firstMatch(of: /(vgl_[A-Za-z0-9_-]+)/)?.1).description
            #expect(try await app.api(.GET, "/api/v1/systems", token: token).status == .ok)
            let record = try #require(try await ApiTokenRecord.query(on: app.db).filter(\.$organisation.$id != nil).first())
            #expect(record.scopesText == "incidents:read assets:read")
            // Shown once: the list shows the prefix, never the token.
            #expect(!(try await app.get("/integration-tokens", headers: session.headers).text.contains(token)))
            let missing = try await app.post("/integration-tokens", session: session,
                                             form: ["organisation": try fixtures.agencyA.requireID().uuidString, "name": "No scope"])
            #expect(missing.status == .unprocessableEntity)
            let revoke = try await app.post("/integration-tokens/\(try record.requireID().uuidString.lowercased())/revoke", session: session, form: [:])
            #expect(revoke.status == .seeOther)
            #expect(try await app.api(.GET, "/api/v1/systems", token: token).status == .unauthorized)
        }
    }
}
