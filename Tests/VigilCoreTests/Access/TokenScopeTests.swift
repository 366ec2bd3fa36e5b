import Testing
@testable import VigilCore

@Suite("Token scopes")
struct TokenScopeTests {
    @Test("scopes parse as area:access", arguments: [
        ("incidents:read", TokenScope(.incidents, .read)),
        ("assets:write", TokenScope(.assets, .write)),
        (" reports:read ", TokenScope(.reports, .read)),
        ("audit:read", TokenScope(.audit, .read)),
    ])
    func parse(text: String, expected: TokenScope) throws {
        #expect(try TokenScope.parse(text) == expected)
    }

    @Test("unknown scopes are errors naming the text", arguments: [
        "incident:read", "incidents", "incidents:admin", "incidents:read:x", "", ":read", "INCIDENTS:READ", "audit:write",
    ])
    func unknown(text: String) {
        #expect(throws: TokenScopeError.unknown(text)) { try TokenScope.parse(text) }
    }

    @Test("a list: commas or spaces, repeats merged, write standing for read, any unknown refuses all")
    func list() throws {
        let scopes = try TokenScopes.parse(["incidents:read,assets:read", "incidents:write assets:read"])
        #expect(scopes.scopes == [TokenScope(.incidents, .write), TokenScope(.assets, .read)])
        #expect(scopes.serialized == "incidents:write assets:read")
        #expect(TokenScopes(stored: scopes.serialized) == scopes)
        #expect(throws: TokenScopeError.unknown("nope:read")) { try TokenScopes.parse(["incidents:read", "nope:read"]) }
        #expect(try TokenScopes.parse([]).isEmpty)
        // A stored scope Vigil no longer knows is dropped: the token loses reach, never gains it.
        #expect(TokenScopes(stored: "incidents:read retired:write").serialized == "incidents:read")
    }

    @Test("read is inside write, areas are apart", arguments: [
        ("incidents:read", TokenScope.Area.incidents, TokenScope.Access.read, true),
        ("incidents:read", .incidents, .write, false),
        ("incidents:write", .incidents, .read, true),
        ("incidents:write", .incidents, .write, true),
        ("incidents:write", .assets, .read, false),
        ("assets:read monitoring:write", .monitoring, .read, true),
    ])
    func allows(scopes: String, area: TokenScope.Area, access: TokenScope.Access, allowed: Bool) throws {
        #expect(try TokenScopes.parse([scopes]).allows(area, access) == allowed)
    }

    private func principal(_ roles: [Role]) -> Principal {
        Principal(userID: "u", roles: roles, scope: AccessScope(organisationID: "o", organisationPath: "/o/", roles: roles))
    }

    @Test("a person gives a token only what their roles reach", arguments: [
        ([Role.reporter], "incidents:read", true), ([.reporter], "incidents:write", true), ([.reporter], "assets:read", false),
        ([.leader], "audit:read", true), ([.leader], "assets:write", false), ([.responder], "assets:write", true),
        ([.admin], "incidents:read", true), ([.admin], "users:write", true), ([.focalPoint], "users:write", false),
        ([.reporter], "tokens:write", true), ([.coordinator], "advisories:write", true), ([.leader], "plans:write", true),
    ])
    func rolesBound(roles: [Role], scope: String, allowed: Bool) throws {
        #expect(principal(roles).allows(try TokenScope.parse(scope)) == allowed)
    }

    @Test("a personal token's scopes: none means the caller's reach, beyond the roles or the caller's token refused")
    func personalScopes() throws {
        let reporter = principal([.reporter])
        #expect(try reporter.personalTokenScopes(asked: nil, callerScopes: nil) == nil)
        let read = try TokenScopes.parse(["incidents:read"])
        #expect(try reporter.personalTokenScopes(asked: read, callerScopes: nil) == read)
        #expect(throws: TokenScopeError.beyondRoles("assets:read")) {
            try reporter.personalTokenScopes(asked: try TokenScopes.parse(["incidents:read", "assets:read"]), callerScopes: nil)
        }
        // A token makes no token wider than itself; without scopes asked, the new one inherits.
        #expect(try reporter.personalTokenScopes(asked: nil, callerScopes: read) == read)
        #expect(throws: TokenScopeError.beyondToken("incidents:write")) {
            try reporter.personalTokenScopes(asked: try TokenScopes.parse(["incidents:write"]), callerScopes: read)
        }
    }

    @Test("an integration token needs scopes, never the tokens area, never wider than the caller's token")
    func integrationScopes() throws {
        #expect(throws: TokenScopeError.empty) { try Principal.integrationTokenScopes(asked: TokenScopes([]), callerScopes: nil) }
        #expect(throws: TokenScopeError.notForIntegrations("tokens:write")) {
            try Principal.integrationTokenScopes(asked: try TokenScopes.parse(["incidents:read", "tokens:write"]), callerScopes: nil)
        }
        #expect(throws: TokenScopeError.beyondToken("assets:read")) {
            try Principal.integrationTokenScopes(asked: try TokenScopes.parse(["assets:read"]), callerScopes: try TokenScopes.parse(["incidents:write"]))
        }
        let asked = try TokenScopes.parse(["incidents:write"])
        #expect(try Principal.integrationTokenScopes(asked: asked, callerScopes: nil) == asked)
    }

    @Test("an integration token acts with the roles that hold its scopes' permissions")
    func integrationRoles() throws {
        #expect(try TokenScopes.parse(["audit:read"]).integrationRoles == [.leader, .admin])
        #expect(try TokenScopes.parse(["drills:write"]).integrationRoles == [.responder, .focalPoint, .leader, .coordinator])
        #expect(try TokenScopes.parse(["users:read"]).integrationRoles == [.focalPoint, .leader, .coordinator, .admin])
    }

    @Test("every scope is listed once and parses back")
    func all() throws {
        #expect(TokenScope.all.count == TokenScope.Area.allCases.count * 2 - 1)
        for scope in TokenScope.all { #expect(try TokenScope.parse(scope.description) == scope) }
    }
}
