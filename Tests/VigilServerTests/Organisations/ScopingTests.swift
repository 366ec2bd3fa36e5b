import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// A user of agency B never lists, reads or changes agency A's records, even by guessing ids;
/// subtree roles see below their organisation, reporters and responders only their own.
@Suite("Organisation scoping")
struct ScopingTests {
    @Test("records of another agency are not found, through pages and the API")
    func otherAgencyIsInvisible() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let outsider = try await app.signIn(fixtures.user("b_admin"))
            let outsiderToken = try await app.token(for: fixtures.user("b_admin"))
            let agencyA = try fixtures.agencyA.requireID().uuidString
            let userInA = try fixtures.user("reporter").requireID().uuidString

            // Action + check: reading by id
            #expect(try await app.get("/organisations/\(agencyA)", headers: outsider.headers).status == .notFound)
            #expect(try await app.get("/users/\(userInA)", headers: outsider.headers).status == .notFound)
            let apiOrg = try await app.api(.GET, "/api/v1/organisations/\(agencyA)", token: outsiderToken)
            #expect(apiOrg.status == .notFound)
            #expect(apiOrg.errorCode == "not_found")
            #expect(try await app.api(.GET, "/api/v1/users/\(userInA)", token: outsiderToken).status == .notFound)

            // Changing by id: refused, and nothing changed
            let rename = try await app.post("/organisations/\(agencyA)", session: outsider, form: ["name": "Hijacked", "code": "HJK"])
            #expect(rename.status == .notFound)
            let reloaded = try #require(try await OrganisationRecord.find(fixtures.agencyA.id, on: app.db))
            #expect(reloaded.name == "Sở Xây dựng")
            let demote = try await app.post("/users/\(userInA)", session: outsider, form: ["display_name": "x", "roles[]": "admin"])
            #expect(demote.status == .notFound)
            #expect(try await app.post("/users/\(userInA)/reset-password", session: outsider, form: [:]).status == .notFound)

            // Creating inside another agency: refused
            let create = try await app.api(.POST, "/api/v1/users", token: outsiderToken,
                                           json: #"{"email":"spy@example.gov.vn","organisationId":"\#(agencyA)","roles":["admin"]}"#)
            #expect(create.status == .unprocessableEntity)
            #expect(try await UserRecord.query(on: app.db).filter(\.$email == "spy@example.gov.vn").count() == 0)

            // Lists contain only B's records
            let list = try await app.api(.GET, "/api/v1/users?limit=500", token: outsiderToken)
            #expect(list.status == .ok)
            #expect(!list.text.contains("@example.gov.vn\",\"displayName\":\"reporter\""))
            #expect(list.text.contains("b-reporter@example.gov.vn"))
            #expect(!list.text.contains("unit-reporter@example.gov.vn"))
        }
    }

    @Test("subtree roles see units below; reporters see only their own organisation")
    func subtreeVisibility() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let unit = try fixtures.unitA1.requireID().uuidString
            for (key, expected) in [("focal_point", HTTPStatus.ok), ("leader", .ok), ("admin", .ok), ("root_coordinator", .ok),
                                    ("reporter", .notFound), ("responder", .notFound), ("b_admin", .notFound)] {
                let token = try await app.token(for: fixtures.user(key))
                let status = try await app.api(.GET, "/api/v1/organisations/\(unit)", token: token).status
                #expect(status == expected, "\(key) reading the unit: \(status)")
            }
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let all = try await app.api(.GET, "/api/v1/organisations", token: coordinator)
            for name in ["Sở Xây dựng", "Văn phòng Sở", "Sở Y tế"] { #expect(all.text.contains(name)) }
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let own = try await app.api(.GET, "/api/v1/organisations", token: reporter)
            #expect(own.text.contains("Sở Xây dựng"))
            #expect(!own.text.contains("Văn phòng Sở"))
            #expect(!own.text.contains("Sở Y tế"))
        }
    }

    @Test("an administrator creates units inside their subtree, with the kind rules enforced")
    func creatingOrganisations() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.token(for: fixtures.user("admin"))
            let created = try await app.api(.POST, "/api/v1/organisations", token: admin, json: #"{"name":"Phòng Kỹ thuật","kind":"unit"}"#)
            #expect(created.status == .created)
            let dto = try created.content.decode(OrganisationDTO.self)
            #expect(dto.parentId == fixtures.agencyA.id?.uuidString.lowercased())
            #expect(dto.code == "PKT")
            // An agency cannot sit under an agency; a root needs a root administrator.
            let wrongKind = try await app.api(.POST, "/api/v1/organisations", token: admin, json: #"{"name":"X","kind":"agency"}"#)
            #expect(wrongKind.status == .unprocessableEntity)
            let page = try await app.post("/organisations", session: try await app.signIn(fixtures.user("admin")),
                                          form: ["name": "", "code": "", "parent": try fixtures.agencyA.requireID().uuidString, "kind": "unit"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("aria-invalid=\"true\""))
            #expect(page.text.contains("Trường này là bắt buộc."))
        }
    }
}

@Suite("Form errors")
struct FormErrorTests {
    @Test("every invalid field is reported at once, next to its field, and in the JSON error")
    func allErrorsAtOnce() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("admin"))
            let page = try await app.post("/users", session: admin, form: ["email": "not-an-email", "display_name": "", "organisation": try fixtures.agencyA.requireID().uuidString])
            #expect(page.status == .unprocessableEntity)
            for id in ["email-error", "display_name-error", "roles-error"] { #expect(page.text.contains("id=\"\(id)\""), "\(id) missing") }
            let token = try await app.token(for: fixtures.user("admin"))
            let api = try await app.api(.POST, "/api/v1/users", token: token, json: #"{"email":"bad","roles":[]}"#)
            #expect(api.status == .unprocessableEntity)
            #expect(api.text.contains("\"field\":\"email\""))
            #expect(api.text.contains("\"field\":\"roles\""))
            let password = try await app.post("/account/password", session: admin, form: ["current_password": "wrong", "new_password": "short", "confirmation": "other"])
            for id in ["current_password-error", "new_password-error", "confirmation-error"] { #expect(password.text.contains("id=\"\(id)\""), "\(id) missing") }
        }
    }
}
