import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Issue 22's token scopes: checked in one place for every `/api/v1` route, on top of the roles.
@Suite("Token scopes over the API")
struct ScopedTokenTests {
    static let incident = """
        {"title":"Mã độc mã hoá tệp","description":"Các tệp có đuôi .locked","discoveredAt":"2026-01-05T08:00:00Z"}
        """

    func token(_ app: Application, _ user: UserRecord, _ scopes: [String]) async throws -> String {
        try await app.vigilServices.tokens.issue(userID: try user.requireID(), name: "scoped", expiresInDays: nil,
                                                 scopes: try TokenScopes.parse(scopes), on: app.db, now: Date()).token
    }

    @Test("a token with incidents:read reads incidents and cannot write them: 403 insufficient_scope")
    func readCannotWrite() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            let reader = try await token(app, fixtures.user("focal_point"), ["incidents:read"])
            // Action
            let list = try await app.api(.GET, "/api/v1/incidents", token: reader)
            let write = try await app.api(.POST, "/api/v1/incidents", token: reader, json: Self.incident)
            let elsewhere = try await app.api(.GET, "/api/v1/systems", token: reader)
            // Check
            #expect(list.status == .ok)
            #expect(write.status == .forbidden)
            #expect(write.errorCode == "insufficient_scope")
            #expect(write.text.contains("incidents:write"))
            #expect(elsewhere.errorCode == "insufficient_scope")
            #expect(try await IncidentRecord.query(on: app.db).count() == 0)
            // Who am I is open to every token; extracting indicators stores nothing, so reading suffices.
            let me = try await app.api(.GET, "/api/v1/me", token: reader)
            #expect(me.status == .ok)
            #expect(me.text.contains(#""scopes":["incidents:read"]"#))
            #expect(!(try await app.api(.GET, "/api/v1/me", token: app.token(for: fixtures.user("focal_point")))).text.contains("scopes"))
            #expect(try await app.api(.POST, "/api/v1/indicators/extract", token: reader, json: #"{"text":"185.220.101.4"}"#).status == .ok)
            // The message is translated.
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: reader)
            headers.add(name: .acceptLanguage, value: "vi")
            headers.contentType = .json
            let vietnamese = try await app.testing().sendRequest(.POST, "/api/v1/incidents", headers: headers, body: ByteBuffer(string: Self.incident))
            #expect(vietnamese.text.contains("phạm vi"))
        }
    }

    @Test("a token without scopes reaches what the roles allow, as before; a write scope includes read")
    func unscopedAndWrite() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let full = try await app.token(for: fixtures.user("focal_point"))
            #expect(try await app.api(.POST, "/api/v1/incidents", token: full, json: Self.incident).status == .created)
            #expect(try await app.api(.GET, "/api/v1/systems", token: full).status == .ok)
            let writer = try await token(app, fixtures.user("focal_point"), ["incidents:write"])
            #expect(try await app.api(.POST, "/api/v1/incidents", token: writer, json: Self.incident).status == .created)
            #expect(try await app.api(.GET, "/api/v1/incidents", token: writer).status == .ok)
        }
    }

    @Test("the rights are the roles and the scopes together, at every call: a lost role is not kept by the token")
    func intersection() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let leader = try await token(app, fixtures.user("leader"), ["incidents:write"])
            // The leader may comment but not assign: the role still decides inside the scope.
            let reported = try await app.api(.POST, "/api/v1/incidents", token: leader, json: Self.incident)
            let id = try #require(reported.text.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            let assign = try await app.api(.POST, "/api/v1/incidents/\(id)/assign", token: leader, json: "{}")
            #expect(assign.status == .forbidden)
            #expect(assign.errorCode == "forbidden")
            // A responder's token with assets:write loses the write when the role goes.
            let responder = fixtures.user("responder")
            let keeper = try await token(app, responder, ["assets:write"])
            #expect(try await app.api(.POST, "/api/v1/systems", token: keeper, json: #"{"name":"Cổng","securityLevel":2}"#).status == .created)
            responder.roles = [.reporter]
            try await responder.save(on: app.db)
            #expect(try await app.api(.POST, "/api/v1/systems", token: keeper, json: #"{"name":"Cổng 2","securityLevel":2}"#).errorCode == "forbidden")
        }
    }

    @Test("creating a token: an unknown scope or one beyond the roles is refused, a token makes none wider than itself")
    func creation() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let unknown = try await app.api(.POST, "/api/v1/tokens", token: reporter, json: #"{"name":"x","scopes":["incident:read"]}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.text.contains("incident:read"))
            let beyond = try await app.api(.POST, "/api/v1/tokens", token: reporter, json: #"{"name":"x","scopes":["assets:read"]}"#)
            #expect(beyond.status == .unprocessableEntity)
            #expect(beyond.text.contains("assets:read"))
            let fine = try await app.api(.POST, "/api/v1/tokens", token: reporter, json: #"{"name":"x","scopes":["incidents:read"]}"#)
            #expect(fine.status == .created)
            #expect(fine.text.contains(#""scopes":["incidents:read"]"#))

            let narrow = try await token(app, fixtures.user("focal_point"), ["incidents:read", "tokens:write"])
            let wider = try await app.api(.POST, "/api/v1/tokens", token: narrow, json: #"{"name":"x","scopes":["incidents:write"]}"#)
            #expect(wider.status == .unprocessableEntity)
            let inherited = try await app.api(.POST, "/api/v1/tokens", token: narrow, json: #"{"name":"y"}"#)
            #expect(inherited.status == .created)
            #expect(inherited.text.contains(#""scopes":["incidents:read","tokens:write"]"#))
            #expect(try await ApiTokenRecord.query(on: app.db).filter(\.$name == "x").count() == 1)
        }
    }

    @Test("every /api/v1 route has a scope (or is open to every token), so that no route slips through")
    func everyRouteHasAScope() async throws {
        try await withVigilApp { app in
            var missing: [String] = []
            for route in app.routes.all {
                let key = RouteAccessTests.key(route)
                guard key.contains(" /api/v1/") else { continue }
                if case .enrolmentToken = RouteAccessTests.expectations[key] { continue }
                if APIScopeMap.isOpen(path: route.path) { continue }
                if APIScopeMap.scope(method: route.method, path: route.path) == nil { missing.append(key) }
            }
            #expect(missing.isEmpty, "routes without a scope: \(missing.sorted())")
            let get = APIScopeMap.scope(method: .GET, path: ["api", "v1", "systems", ":systemID", "plans"])
            #expect(get == TokenScope(.plans, .read))
            let post = APIScopeMap.scope(method: .POST, path: ["api", "v1", "incidents"])
            #expect(post == TokenScope(.incidents, .write))
        }
    }
}
