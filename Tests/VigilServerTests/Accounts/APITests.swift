import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("JSON API: tokens, /me, errors, paging")
struct APITests {
    @Test("GET /api/v1/me returns the user, organisation and roles")
    func me() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let response = try await app.api(.GET, "/api/v1/me", token: token)
            #expect(response.status == .ok)
            let me = try response.content.decode(UserDTO.self)
            #expect(me.email == "focal-point@example.gov.vn")
            #expect(me.roles == [.focalPoint])
            #expect(me.organisation.name == "Sở Xây dựng")
            #expect(response.text.contains("\"roles\":[\"focal_point\"]"))
            #expect(response.text.contains("\"createdAt\":\"20"))
        }
    }

    @Test("no token, a wrong token, a revoked token and an expired token all get 401 JSON")
    func tokenFailures() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let missing = try await app.api(.GET, "/api/v1/me", token: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "unauthorized")
            #expect(try await app.api(.GET, "/api/v1/me", token: "vgl_nonsense").errorCode == "invalid_token")

            let token = try await app.token(for: fixtures.user("reporter"))
            let list = try await app.api(.GET, "/api/v1/tokens", token: token)
            let id = try #require(list.text.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            #expect(try await app.api(.DELETE, "/api/v1/tokens/\(id)", token: token).status == .noContent)
            #expect(try await app.api(.GET, "/api/v1/me", token: token).status == .unauthorized)

            let expiring = try await app.token(for: fixtures.user("reporter"))
            try await ApiTokenRecord.query(on: app.db).filter(\.$revokedAt == nil).set(\.$expiresAt, to: Date().addingTimeInterval(-1)).update()
            #expect(try await app.api(.GET, "/api/v1/me", token: expiring).status == .unauthorized)
        }
    }

    @Test("a token is shown once, stored hashed, listed and revocable by its owner only")
    func tokenLifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("leader"))
            let created = try await app.api(.POST, "/api/v1/tokens", token: token, json: #"{"name":"scanner","expiresInDays":30}"#)
            #expect(created.status == .created)
            let newToken = try #require(created.text.firstMatch(of: /"token":"(vgl_[A-Za-z0-9_-]+)"/)?.1).description
            #expect(try await ApiTokenRecord.query(on: app.db).filter(\.$tokenHash == newToken).count() == 0)
            #expect(try await app.api(.GET, "/api/v1/me", token: newToken).status == .ok)
            // Someone else cannot revoke it.
            let id = try #require(created.text.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            let other = try await app.token(for: fixtures.user("admin"))
            #expect(try await app.api(.DELETE, "/api/v1/tokens/\(id)", token: other).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/me", token: newToken).status == .ok)
            // Bad input
            let bad = try await app.api(.POST, "/api/v1/tokens", token: token, json: #"{"name":"x","expiresInDays":0}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorCode == "validation_failed")
        }
    }

    @Test("malformed JSON, a wrong content type and an oversized body get clear errors; nothing is stored")
    func badBodies() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("admin"))
            let before = try await OrganisationRecord.query(on: app.db).count()
            let malformed = try await app.api(.POST, "/api/v1/organisations", token: token, json: #"{"name": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "malformed_body")
            let wrongType = try await app.api(.POST, "/api/v1/organisations", token: token, json: #"{"name": 42}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.text.contains("name"))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            headers.contentType = .plainText
            let plain = try await app.testing().sendRequest(.POST, "/api/v1/organisations", headers: headers, body: ByteBuffer(string: "name=x"))
            #expect(plain.status == .unsupportedMediaType)
            let huge = try await app.api(.POST, "/api/v1/organisations", token: token,
                                         json: #"{"name":""# + String(repeating: "a", count: 2_000_000) + #""}"#)
            #expect(huge.status == .payloadTooLarge)
            #expect(huge.errorCode == "payload_too_large")
            let conflict = try await app.api(.POST, "/api/v1/users", token: token,
                                             json: #"{"email":"reporter@example.gov.vn","roles":["reporter"]}"#)
            #expect(conflict.status == .conflict)
            #expect(try await OrganisationRecord.query(on: app.db).count() == before)
        }
    }

    @Test("lists page with limit and cursor; bad paging parameters are refused")
    func paging() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("root_admin"))
            var seen: [String] = []
            var cursor: String?
            repeat {
                let response = try await app.api(.GET, "/api/v1/users?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
                #expect(response.status == .ok)
                let page = try response.content.decode(APIPage<UserDTO>.self)
                #expect(page.items.count <= 3)
                seen += page.items.map(\.email)
                cursor = page.nextCursor
            } while cursor != nil
            let total = try await UserRecord.query(on: app.db).count()
            #expect(seen.count == total)
            #expect(Set(seen).count == total)
            #expect(seen == seen.sorted())
            #expect(try await app.api(.GET, "/api/v1/users?limit=0", token: token).errorCode == "bad_limit")
            #expect(try await app.api(.GET, "/api/v1/users?limit=abc", token: token).errorCode == "bad_limit")
            #expect(try await app.api(.GET, "/api/v1/users?cursor=%%%", token: token).errorCode == "bad_cursor")
        }
    }

    @Test("API errors come in the caller's language")
    func localizedErrors() async throws {
        try await withVigilApp { app in
            var headers = HTTPHeaders()
            headers.add(name: .acceptLanguage, value: "en-GB,en;q=0.9")
            let english = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers)
            #expect(english.text.contains("You need to sign in"))
            let vietnamese = try await app.api(.GET, "/api/v1/me", token: nil)
            #expect(vietnamese.text.contains("Bạn cần đăng nhập"))
        }
    }
}
