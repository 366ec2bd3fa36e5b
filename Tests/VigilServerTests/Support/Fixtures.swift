import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// A small province: the coordinator at the root, agency A with a unit, and agency B; one user
/// per role in agency A, an administrator and a coordinator at the root, a reporter in B.
struct Fixtures {
    let root: OrganisationRecord
    let agencyA: OrganisationRecord
    let unitA1: OrganisationRecord
    let agencyB: OrganisationRecord
    /// Users of agency A by role, plus "root_admin", "root_coordinator", "b_reporter", "b_admin", "b_responder".
    let users: [String: UserRecord]
    static let password = "correct horse battery staple"

    static func make(_ app: Application) async throws -> Fixtures {
        let services = app.vigilServices
        let db = app.db
        let root = try #require(try await OrganisationRecord.query(on: db).filter(\.$parent.$id == nil).first())
        func org(_ name: String, _ code: String, _ kind: OrganisationKind, _ parent: OrganisationRecord) async throws -> OrganisationRecord {
            try await services.organisations.create(.init(name: name, code: code, kind: kind, parentID: parent.id), scope: nil, actor: .system, on: db)
        }
        let agencyA = try await org("Sở Xây dựng", "SXD", .agency, root)
        let unitA1 = try await org("Văn phòng Sở", "VPS", .unit, agencyA)
        let agencyB = try await org("Sở Y tế", "SYT", .agency, root)
        var users: [String: UserRecord] = [:]
        func user(_ key: String, _ roles: [Role], _ org: OrganisationRecord) async throws {
            let created = try await services.users.create(
                .init(email: "\(key.replacingOccurrences(of: "_", with: "-"))@example.gov.vn", displayName: key, organisationID: try org.requireID(),
                      roles: roles, password: password),
                scope: nil, actor: .system, on: db)
            users[key] = created.user
        }
        for role in Role.allCases { try await user(role.rawValue, [role], agencyA) }
        try await user("root_admin", [.admin], root)
        try await user("root_coordinator", [.coordinator], root)
        try await user("b_reporter", [.reporter], agencyB)
        try await user("b_admin", [.admin], agencyB)
        try await user("b_responder", [.responder], agencyB)
        try await user("unit_reporter", [.reporter], unitA1)
        return Fixtures(root: root, agencyA: agencyA, unitA1: unitA1, agencyB: agencyB, users: users)
    }

    func user(_ key: String) -> UserRecord { users[key]! }
}

/// A signed-in browser: the session cookie and the CSRF token to send.
struct BrowserSession {
    let cookie: String
    let csrf: String

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "\(SessionCookie.name)=\(cookie)")
        return headers
    }

    /// A form body with the CSRF token included.
    func form(_ fields: [String: String]) -> (HTTPHeaders, ByteBuffer) {
        var all = fields
        all["_csrf"] = csrf
        var headers = self.headers
        headers.contentType = .urlEncodedForm
        return (headers, ByteBuffer(string: formEncode(all)))
    }
}

func formEncode(_ fields: [String: String]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.sorted { $0.key < $1.key }.map {
        "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
    }.joined(separator: "&")
}

extension Application {
    /// Starts a session for `user` directly in the store (the login form has its own tests).
    func signIn(_ user: UserRecord) async throws -> BrowserSession {
        let started = try await vigilServices.sessions.start(
            userID: try user.requireID(), stage: .active, address: nil, userAgent: "tests", on: db, now: Date())
        return BrowserSession(cookie: started.token, csrf: started.session.csrfToken)
    }

    func token(for user: UserRecord) async throws -> String {
        try await vigilServices.tokens.issue(userID: try user.requireID(), name: "test", expiresInDays: nil, on: db, now: Date()).token
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await testing().sendRequest(.GET, path, headers: headers)
    }

    func post(_ path: String, session: BrowserSession, form: [String: String]) async throws -> TestingHTTPResponse {
        let (headers, body) = session.form(form)
        return try await testing().sendRequest(.POST, path, headers: headers, body: body)
    }

    func api(_ method: HTTPMethod, _ path: String, token: String?, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if json != nil { headers.contentType = .json }
        return try await testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }

    /// The `{"error": {"code": ...}}` of a JSON error.
    var errorCode: String? {
        struct Body: Decodable { struct Detail: Decodable { let code: String }; let error: Detail }
        return try? JSONDecoder().decode(Body.self, from: Data(body.readableBytesView)).error.code
    }

    func setCookie(_ name: String) -> String? {
        headers[.setCookie].compactMap { header -> String? in
            guard header.hasPrefix(name + "=") else { return nil }
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }.first
    }
}
