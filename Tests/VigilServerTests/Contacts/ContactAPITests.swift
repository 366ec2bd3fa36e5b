import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The contacts API's contract: create, read, change, list, remove; 422s naming the field; the
/// focal-point answer; every role; another organisation's contact.
@Suite("Contacts: the API contract")
struct ContactAPITests {
    struct Contact: Decodable {
        let id: String
        let name: String
        let role: String
        let organisationId: String
        let phone: String?
        let email: String?
        let availability: String
        let languages: [String]
        let userId: String?
        let confirmedAt: Date?
    }

    struct FocalPoint: Decodable {
        let focalPoint: Contact?
        let deputy: Contact?
        let confirmedAt: Date?
        let problems: [String]
    }

    static func create(_ app: Application, token: String, _ json: String) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/contacts", token: token, json: json)
    }

    @Test("create, read, change, list and remove; the phone is stored normalised; the contract's fields")
    func contract() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let agencyA = try fixtures.agencyA.requireID().uuidString.lowercased()
            let userID = try fixtures.user("focal_point").requireID().uuidString.lowercased()
            // Action
            let created = try await Self.create(app, token: token, """
                {"name": "Nguyễn Văn An", "role": "focal_point", "organisationId": "\(agencyA)", "phone": "0912 345 678",
                 "email": "an@sxd.example.gov.vn", "availability": "24x7", "position": "Phó Chánh Văn phòng", "userId": "\(userID)"}
                """)
            // Check
            #expect(created.status == .created)
            let contact = try created.content.decode(Contact.self)
            #expect(contact.phone == "+84912345678" && contact.email == "an@sxd.example.gov.vn" && contact.availability == "24x7")
            #expect(contact.organisationId == agencyA && contact.userId == userID && contact.role == "focal_point" && contact.languages == ["vi"])

            let shown = try await app.api(.GET, "/api/v1/contacts/\(contact.id)", token: token)
            #expect(shown.status == .ok && shown.text.contains("Phó Chánh Văn phòng"))
            let patched = try await app.api(.PATCH, "/api/v1/contacts/\(contact.id)", token: token, json: #"{"phone": "+84 24 3823 4567", "email": ""}"#)
            #expect(patched.status == .ok)
            let changed = try patched.content.decode(Contact.self)
            #expect(changed.phone == "+842438234567" && changed.email == nil && changed.name == "Nguyễn Văn An")
            // Clearing the last way to reach them is refused, and nothing changes.
            let cleared = try await app.api(.PATCH, "/api/v1/contacts/\(contact.id)", token: token, json: #"{"phone": ""}"#)
            #expect(cleared.status == .unprocessableEntity && cleared.text.contains(#""field":"phone""#))
            #expect(try await app.api(.GET, "/api/v1/contacts/\(contact.id)", token: token).content.decode(Contact.self).phone == "+842438234567")

            _ = try await Self.create(app, token: token, #"{"name": "Công an tỉnh", "role": "external", "bodyKind": "provincial_police", "phone": "0236 382 2111"}"#)
            let list = try await app.api(.GET, "/api/v1/contacts?role=focal_point", token: token)
            #expect(list.status == .ok && list.text.contains(contact.id) && !list.text.contains("Công an tỉnh") && list.text.contains("\"nextCursor\":null"))
            #expect(try await app.api(.GET, "/api/v1/contacts?organisation=\(agencyA)", token: token).text.contains("Công an tỉnh"))
            #expect(try await app.api(.GET, "/api/v1/contacts?role=boss", token: token).status == .unprocessableEntity)

            #expect(try await app.api(.DELETE, "/api/v1/contacts/\(contact.id)", token: token).status == .noContent)
            #expect(try await app.api(.GET, "/api/v1/contacts/\(contact.id)", token: token).status == .notFound)
        }
    }

    @Test("bad input: 422 naming the field, nothing stored", arguments: [
        (#"{"name": "A", "role": "leader"}"#, "phone"),
        (#"{"name": "A", "role": "leader", "phone": "091234567"}"#, "phone"),
        (#"{"name": "A", "role": "leader", "phone": "0612345678"}"#, "phone"),
        (#"{"name": "A", "role": "leader", "email": "an@@sxd"}"#, "email"),
        (#"{"name": "A", "role": "leader", "email": "an@sxd"}"#, "email"),
        (#"{"name": "", "role": "leader", "phone": "0912345678"}"#, "name"),
        (#"{"name": "A", "role": "boss", "phone": "0912345678"}"#, "role"),
        (#"{"name": "A", "phone": "0912345678"}"#, "role"),
        (#"{"name": "A", "role": "leader", "phone": "0912345678", "availability": "weekdays"}"#, "availability"),
        (#"{"name": "A", "role": "leader", "phone": "0912345678", "organisationId": "not-an-id"}"#, "organisationId"),
        (#"{"name": "A", "role": "leader", "phone": "0912345678", "userId": "00000000-0000-0000-0000-000000000001"}"#, "userId"),
        (#"{"name": "A", "role": "leader", "phone": "0912345678", "supplierId": "00000000-0000-0000-0000-000000000001"}"#, "supplierId"),
    ])
    func refusals(body: String, field: String) async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let refused = try await Self.create(app, token: token, body)
            #expect(refused.status == .unprocessableEntity, "\(body): \(refused.text)")
            #expect(refused.text.contains("\"field\":\"\(field)\""), "\(body): \(refused.text)")
            #expect(try await ContactRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("one focal point and one deputy per agency; another organisation's contact is not found")
    func rolesAndScope() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let first = try await Self.create(app, token: token, #"{"name": "An", "role": "focal_point", "phone": "0912345678"}"#)
            #expect(first.status == .created)
            let second = try await Self.create(app, token: token, #"{"name": "Bình", "role": "focal_point", "phone": "0987654321"}"#)
            #expect(second.status == .unprocessableEntity && second.text.contains(#""field":"role""#) && second.text.contains("An"))
            // The unit names its own.
            let unit = try fixtures.unitA1.requireID().uuidString
            #expect(try await Self.create(app, token: token, #"{"name": "Bình", "role": "focal_point", "phone": "0987654321", "organisationId": "\#(unit)"}"#).status == .created)
            let id = try first.content.decode(Contact.self).id

            let foreign = try await app.token(for: fixtures.user("b_admin"))
            #expect(try await app.api(.GET, "/api/v1/contacts/\(id)", token: foreign).status == .notFound)
            #expect(try await app.api(.PATCH, "/api/v1/contacts/\(id)", token: foreign, json: #"{"name": "X"}"#).status == .notFound)
            #expect(try await app.api(.DELETE, "/api/v1/contacts/\(id)", token: foreign).status == .notFound)
            #expect(!(try await app.api(.GET, "/api/v1/contacts", token: foreign).text.contains(id)))
            let agencyA = try fixtures.agencyA.requireID().uuidString
            let outside = try await Self.create(app, token: foreign, #"{"name": "X", "role": "leader", "phone": "0912345678", "organisationId": "\#(agencyA)"}"#)
            #expect(outside.status == .unprocessableEntity && outside.text.contains(#""field":"organisationId""#))
            #expect(try await app.api(.GET, "/api/v1/organisations/\(agencyA)/focal-point", token: foreign).status == .notFound)
            // Moving a contact to another organisation is refused.
            let moved = try await app.api(.PATCH, "/api/v1/contacts/\(id)", token: token, json: #"{"organisationId": "\#(unit)"}"#)
            #expect(moved.status == .unprocessableEntity && moved.text.contains(#""field":"organisationId""#))
        }
    }

    @Test("every role: everybody reads, the focal point and the administrator keep the directory")
    func everyRole() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let id = try await Self.create(app, token: focal, #"{"name": "An", "role": "leader", "phone": "0912345678"}"#).content.decode(Contact.self).id
            for role in Role.allCases {
                let token = try await app.token(for: fixtures.user(role.rawValue))
                let manages = role == .focalPoint || role == .admin
                #expect(try await app.api(.GET, "/api/v1/contacts/\(id)", token: token).status == .ok, "\(role)")
                #expect(try await app.api(.GET, "/api/v1/contacts", token: token).status == .ok, "\(role)")
                let created = try await Self.create(app, token: token, #"{"name": "\#(role.rawValue)", "role": "response_team", "email": "x@sxd.example.gov.vn"}"#)
                #expect(created.status == (manages ? .created : .forbidden), "\(role)")
                let patched = try await app.api(.PATCH, "/api/v1/contacts/\(id)", token: token, json: #"{"position": "\#(role.rawValue)"}"#)
                #expect(patched.status == (manages ? .ok : .forbidden), "\(role)")
            }
            #expect(try await app.api(.GET, "/api/v1/contacts", token: nil).status == .unauthorized)
        }
    }

    @Test("the focal-point answer: both missing, then named and unconfirmed, with stable problem codes")
    func focalPoint() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("leader"))
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let path = "/api/v1/organisations/\(try fixtures.agencyA.requireID().uuidString)/focal-point"
            let empty = try await app.api(.GET, path, token: token)
            #expect(empty.status == .ok)
            #expect(empty.text.contains(#""focalPoint":null"#) && empty.text.contains(#""deputy":null"#) && empty.text.contains(#""confirmedAt":null"#))
            #expect(try empty.content.decode(FocalPoint.self).problems == ["missing_focal_point", "missing_deputy"])

            _ = try await Self.create(app, token: focal, #"{"name": "An", "role": "focal_point", "phone": "0912345678", "email": "an@sxd.example.gov.vn", "availability": "24x7"}"#)
            _ = try await Self.create(app, token: focal, #"{"name": "Bình", "role": "deputy_focal_point", "phone": "0987654321"}"#)
            let named = try await app.api(.GET, path, token: token).content.decode(FocalPoint.self)
            #expect(named.focalPoint?.name == "An" && named.deputy?.name == "Bình" && named.confirmedAt == nil)
            #expect(named.problems == ["unconfirmed", "deputy_unconfirmed"])
            // The coordinator above sees it too.
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            #expect(try await app.api(.GET, path, token: coordinator).status == .ok)
        }
    }
}
