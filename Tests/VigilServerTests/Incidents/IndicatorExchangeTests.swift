import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Indicator exchange API: STIX 2.1 and MISP")
struct IndicatorExchangeTests {
    struct Created: Decodable { let id: String }

    struct Imported: Decodable {
        let added: Int
        let merged: Int
        let skipped: Int
    }

    func incident(_ app: Application, token: String, title: String = "Mã độc mã hoá dữ liệu") async throws -> String {
        try await app.api(.POST, "/api/v1/incidents", token: token, json: """
            {"title": "\(title)", "description": "Máy chủ tệp bị mã hoá.", "discoveredAt": "2026-11-20T08:30:00Z"}
            """).content.decode(Created.self).id
    }

    static let items = #"""
        {"items":[{"type":"ipv4","value":"185.220.101.4"},{"type":"domain","value":"evil.example"},
        {"type":"sha256","value":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},{"type":"filename","value":"it's.exe"}]}
        """#

    @Test("export: the bundle and the MISP event carry the indicators; import into another incident gives the same ones, once")
    func roundTrip() async throws {
        try await withVigilApp { app in
            // Setup: an incident with four indicators.
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("responder"))
            let first = try await incident(app, token: try await app.token(for: fixtures.user("reporter")))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(first)/indicators", token: token, json: Self.items).status == .created)

            // Action: export both ways.
            let stix = try await app.api(.GET, "/api/v1/incidents/\(first)/stix", token: token)
            let misp = try await app.api(.GET, "/api/v1/incidents/\(first)/misp", token: token)

            // Check: shapes, patterns escaped, MISP's types.
            #expect(stix.status == .ok && stix.headers.contentType?.subType == "stix+json")
            #expect(stix.text.contains(#""pattern":"[file:name = 'it\\'s.exe']""#))
            #expect(stix.text.contains(#""type":"incident""#) && stix.text.contains(#""type":"observed-data""#))
            #expect(misp.status == .ok && misp.text.contains(#""type":"ip-dst""#) && misp.text.contains(#""Attribute":["#))

            // Round trip into a second incident, then again: merged, not doubled.
            let second = try await incident(app, token: try await app.token(for: fixtures.user("reporter")), title: "Sự cố liên quan")
            let imported = try await app.api(.POST, "/api/v1/incidents/\(second)/stix", token: token, json: stix.text)
            #expect(imported.status == .created)
            let counts = try imported.content.decode(Imported.self)
            #expect(counts.added == 4 && counts.merged == 0 && counts.skipped > 0)
            let again = try await app.api(.POST, "/api/v1/incidents/\(second)/stix", token: token, json: stix.text)
            #expect(again.status == .ok)
            #expect(try again.content.decode(Imported.self).merged == 4)
            let list = try await app.api(.GET, "/api/v1/incidents/\(second)/indicators", token: token).content.decode(IndicatorList.self)
            #expect(Set(list.items.map { "\($0.type):\($0.value)" }) == [
                "ipv4:185.220.101.4", "domain:evil.example", "filename:it's.exe",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ])
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "incident.import_stix").count() == 1)
        }
    }

    @Test("a bundle with a bad object is refused whole, each bad object named with its reason, nothing stored")
    func refused() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("responder"))
            let id = try await incident(app, token: try await app.token(for: fixtures.user("reporter")))
            let bundle = #"""
                {"type":"bundle","id":"bundle--6b2a1f8e-4a8f-4b8a-9c55-1f1f1f1f1f1f","objects":[
                {"type":"domain-name","id":"domain-name--1b1b1b1b-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"good.example"},
                {"type":"ipv4-addr","id":"ipv4-addr--2b1b1b1b-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"300.1.1.1"},
                {"type":"x-custom","id":"x-custom--3b1b1b1b-4a8f-4b8a-9c55-1f1f1f1f1f1f"}]}
                """#
            let answer = try await app.api(.POST, "/api/v1/incidents/\(id)/stix", token: token, json: bundle)
            #expect(answer.status == .unprocessableEntity)
            #expect(answer.text.contains(#""field":"objects[1]""#) && answer.text.contains("300.1.1.1"))
            #expect(answer.text.contains(#""field":"objects[2]""#) && answer.text.contains("x-custom"))
            #expect(!answer.text.contains(#""field":"objects[0]""#))
            #expect(try await IncidentIndicatorRecord.query(on: app.db).count() == 0)
            let notBundle = try await app.api(.POST, "/api/v1/incidents/\(id)/stix", token: token, json: #"{"type":"indicator"}"#)
            #expect(notBundle.status == .unprocessableEntity && notBundle.text.contains(#""field":"bundle""#))
        }
    }

    @Test("who may: reporters read but do not import; another organisation sees nothing")
    func access() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let id = try await incident(app, token: reporter)
            let bundle = #"{"type":"bundle","id":"bundle--6b2a1f8e-4a8f-4b8a-9c55-1f1f1f1f1f1f","objects":[{"type":"domain-name","id":"domain-name--1b1b1b1b-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"good.example"}]}"#
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/stix", token: reporter).status == .ok)
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/stix", token: reporter, json: bundle).status == .forbidden)
            let foreign = try await app.token(for: fixtures.user("b_responder"))
            for path in ["stix", "misp"] {
                #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/\(path)", token: foreign).status == .notFound)
            }
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/stix", token: foreign, json: bundle).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/stix", token: nil).status == .unauthorized)
            #expect(try await IncidentIndicatorRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("the incident page: downloads as files, a bundle imported from a picked file, a bad one shown with its reasons")
    func page() async throws {
        try await withVigilApp { app in
            // Setup: an incident with four indicators, a responder's browser.
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("responder"))
            let first = try await incident(app, token: try await app.token(for: fixtures.user("reporter")))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(first)/indicators", token: token, json: Self.items).status == .created)
            let session = try await app.signIn(fixtures.user("responder"))

            // The page links both downloads; each is a file named after the incident.
            let shown = try await app.get("/incidents/\(first)", headers: session.headers)
            #expect(shown.text.contains("/incidents/\(first)/indicators/stix") && shown.text.contains("/incidents/\(first)/indicators/misp"))
            let stix = try await app.get("/incidents/\(first)/indicators/stix", headers: session.headers)
            #expect(stix.status == .ok && stix.headers.first(name: .contentDisposition)?.contains("-stix.json") == true)
            let misp = try await app.get("/incidents/\(first)/indicators/misp", headers: session.headers)
            #expect(misp.status == .ok && misp.headers.first(name: .contentDisposition)?.contains("-misp.json") == true)

            // Import the downloaded bundle into a second incident from the page's form.
            let second = try await incident(app, token: try await app.token(for: fixtures.user("reporter")), title: "Sự cố liên quan")
            func send(_ data: Data) async throws -> TestingHTTPResponse {
                var form = Multipart()
                form.field("_csrf", session.csrf)
                form.file("file", "bundle.json", data)
                return try await app.testing().sendRequest(.POST, "/incidents/\(second)/indicators/stix", headers: form.headers(session.headers),
                                                           body: form.body)
            }
            let imported = try await send(Data(stix.body.readableBytesView))
            #expect(imported.status == .seeOther && imported.headers.first(name: .location)?.contains("notice=stix_imported") == true)
            #expect(try await IncidentIndicatorRecord.query(on: app.db).count() == 8)

            // A bad bundle: the page again, in Vietnamese, every reason under the form, nothing stored.
            let bad = Data(#"{"type":"bundle","id":"bundle--6b2a1f8e-4a8f-4b8a-9c55-1f1f1f1f1f1f","objects":[{"type":"domain-name","id":"domain-name--1b1b1b1b-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"new.example"},{"type":"ipv4-addr","id":"ipv4-addr--2b1b1b1b-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"300.1.1.1"}]}"#.utf8)
            let refused = try await send(bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Gói không được nhập") && refused.text.contains("300.1.1.1") && refused.text.contains(#"id="stix-error""#))
            #expect(try await IncidentIndicatorRecord.query(on: app.db).count() == 8)
            // No file picked.
            let empty = try await send(Data())
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Hãy chọn một gói STIX 2.1"))

            // A reporter sees the downloads but may not import; another agency sees nothing.
            let reporter = try await app.signIn(fixtures.user("reporter"))
            #expect(try await app.get("/incidents/\(second)/indicators/stix", headers: reporter.headers).status == .ok)
            let foreign = try await app.signIn(fixtures.user("b_responder"))
            #expect(try await app.get("/incidents/\(second)/indicators/misp", headers: foreign.headers).status == .notFound)
        }
    }
}
