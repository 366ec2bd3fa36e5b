import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("System import")
struct SystemImportTests {
    let csv = """
        name,organisation,purpose,security_level,national_critical,hosting,public_urls,responsible
        Cổng dịch vụ công,SXD,Dịch vụ công trực tuyến,3,không,provincial_data_centre,https://dichvucong.sxd.example.vn,Trần Văn B
        Thư điện tử,,Thư công vụ,2,no,on_premises,,
        Hệ thống lạ,SYT,,7,maybe,moon,ftp://x,
        cổng dịch vụ công,SXD,Trùng tên,3,,,,
        ,SXD,Không tên,2,,,,
        """

    func post(_ app: Application, token: String, _ body: String, dryRun: Bool) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.contentType = HTTPMediaType(type: "text", subType: "csv")
        return try await app.testing().sendRequest(.POST, "/api/v1/systems/import\(dryRun ? "?dryRun=true" : "")", headers: headers,
                                                   body: ByteBuffer(string: body))
    }

    struct Summary: Decodable {
        struct Line: Decodable {
            struct Problem: Decodable { let field: String; let code: String }
            let line: Int
            let name: String
            let action: String
            let problems: [Problem]
        }
        let applied: Bool
        let created: Int
        let updated: Int
        let rejected: Int
        let lines: [Line]
    }

    @Test("the preview gives each line's fate and reasons and writes nothing; the import writes the good lines, with their history")
    func api() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let preview = try await post(app, token: focal, csv, dryRun: true).content.decode(Summary.self)
            #expect(!preview.applied && preview.created == 2 && preview.updated == 0 && preview.rejected == 3)
            let strange = try #require(preview.lines.first { $0.line == 4 })
            #expect(Set(strange.problems.map(\.field)) == ["organisation", "security_level", "national_critical", "hosting", "public_urls"],
                    "agency B is outside the scope; level 7, 'maybe', 'moon' and an ftp address are refused")
            #expect(preview.lines.first { $0.line == 5 }?.problems.map(\.code) == ["import.error.duplicate"], "names match without regard to case")
            #expect(preview.lines.first { $0.line == 6 }?.problems.map(\.code) == ["import.error.required"])
            #expect(try await InformationSystemRecord.query(on: app.db).count() == 0)

            let applied = try await post(app, token: focal, csv, dryRun: false).content.decode(Summary.self)
            #expect(applied.applied && applied.created == 2)
            let portal = try #require(try await InformationSystemRecord.query(on: app.db).filter(\.$name == "Cổng dịch vụ công").first())
            #expect(portal.securityLevel == 3 && portal.hosting == "provincial_data_centre" && portal.$organisation.id == fixtures.agencyA.id)
            #expect(try await SystemChangeRecord.query(on: app.db).count() == 2)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "systems.import").count() == 1)

            // A changed line updates its system, and the change is in the system's history.
            let changed = "name,organisation,security_level,hosting\nCổng dịch vụ công,SXD,4,cloud\n"
            let update = try await post(app, token: focal, changed, dryRun: false).content.decode(Summary.self)
            #expect(update.updated == 1 && update.created == 0)
            try await portal.$organisation.load(on: app.db)
            #expect(try await InformationSystemRecord.find(portal.id, on: app.db)?.securityLevel == 4)
            #expect(try await SystemChangeRecord.query(on: app.db).filter(\.$systemID == portal.requireID()).count() == 2)

            // The export reads back as an import of updates only.
            let export = try await app.get("/assets/systems/export.csv", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            let text = String(export.text.drop { $0 == "\u{FEFF}" })
            #expect(text.hasPrefix("name,organisation,purpose"))
            let roundTrip = try await post(app, token: focal, text, dryRun: true).content.decode(Summary.self)
            #expect(roundTrip.updated == 2 && roundTrip.created == 0 && roundTrip.rejected == 0)

            #expect(try await post(app, token: focal, "hostname\nx", dryRun: true).status == .unprocessableEntity)
            #expect(try await post(app, token: try await app.token(for: fixtures.user("leader")), csv, dryRun: true).status == .forbidden)
        }
    }

    @Test("through the pages: upload, preview, confirm; a broken file changes nothing")
    func pages() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            #expect(try await app.get("/assets/systems/import", headers: session.headers).status == .ok)
            var form = Multipart()
            form.field("_csrf", session.csrf)
            form.file("file", "systems.csv", Data(csv.utf8))
            let preview = try await app.testing().sendRequest(.POST, "/assets/systems/import", headers: form.headers(session.headers), body: form.body)
            #expect(preview.status == .ok && preview.text.contains("import-reject") && preview.text.contains("Cổng dịch vụ công"))
            #expect(try await InformationSystemRecord.query(on: app.db).count() == 0)
            let applied = try await app.post("/assets/systems/import/apply", session: session, form: ["csv": csv])
            #expect(applied.status == .seeOther && applied.headers.first(name: .location) == "/assets/systems?notice=systems_imported")
            #expect(try await InformationSystemRecord.query(on: app.db).count() == 2)

            var broken = Multipart()
            broken.field("_csrf", session.csrf)
            broken.file("file", "systems.csv", Data([0xFF, 0xFE, 0x00, 0x41]))
            let refused = try await app.testing().sendRequest(.POST, "/assets/systems/import", headers: broken.headers(session.headers), body: broken.body)
            #expect(refused.status == .unprocessableEntity)
            #expect(try await InformationSystemRecord.query(on: app.db).count() == 2)
        }
    }
}
