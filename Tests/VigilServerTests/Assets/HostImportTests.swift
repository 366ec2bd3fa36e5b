import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Host import")
struct HostImportTests {
    let csv = """
        hostname;machine_id;organisation;role;os_name;addresses;criticality;av_product;av_real_time;av_signature_date
        sxd-srv-01;;SXD;server;Ubuntu 22.04;10.20.0.10;critical;ClamAV;có;2026-11-24
        sxd-ws-02;;;workstation;Windows 11;10.20.1.2;medium;;;
        bad-host;;SYT;toaster;;10.0.0.300;;;;
        sxd-srv-01;;SXD;server;;;;;;
        """

    func post(_ app: Application, token: String, _ body: String, dryRun: Bool) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.contentType = HTTPMediaType(type: "text", subType: "csv")
        return try await app.testing().sendRequest(.POST, "/api/v1/hosts/import\(dryRun ? "?dryRun=true" : "")", headers: headers,
                                                   body: ByteBuffer(string: body))
    }

    struct Summary: Decodable {
        struct Line: Decodable { struct Problem: Decodable { let field: String; let code: String }; let line: Int; let action: String; let problems: [Problem] }
        let applied: Bool
        let created: Int
        let updated: Int
        let rejected: Int
        let lines: [Line]
    }

    @Test("the preview names each line's fate and reasons and writes nothing; the import writes the good lines once")
    func api() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let preview = try await post(app, token: focal, csv, dryRun: true).content.decode(Summary.self)
            #expect(!preview.applied && preview.created == 2 && preview.rejected == 2)
            let bad = try #require(preview.lines.first { $0.line == 4 })
            #expect(Set(bad.problems.map(\.field)) == ["organisation", "addresses", "role"], "agency B is outside the scope")
            #expect(preview.lines.first { $0.line == 5 }?.problems.map(\.code) == ["import.error.duplicate"])
            #expect(try await HostRecord.query(on: app.db).count() == 0)

            let applied = try await post(app, token: focal, csv, dryRun: false).content.decode(Summary.self)
            #expect(applied.applied && applied.created == 2)
            let server = try #require(try await HostRecord.query(on: app.db).filter(\.$hostname == "sxd-srv-01").first())
            #expect(server.role == "server" && server.criticality == "critical" && server.avRealTime && server.source == "import")
            // Again: the same lines now update.
            let again = try await post(app, token: focal, csv, dryRun: true).content.decode(Summary.self)
            #expect(again.created == 0 && again.updated == 2)
            // The export reads back as an import of updates only.
            let export = try await app.get("/assets/hosts/export.csv", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            let text = String(export.text.drop { $0 == "\u{FEFF}" })
            let roundTrip = try await post(app, token: focal, text, dryRun: true).content.decode(Summary.self)
            #expect(roundTrip.updated == 2 && roundTrip.created == 0 && roundTrip.rejected == 0)

            #expect(try await post(app, token: focal, "name,role\nx,server", dryRun: true).status == .unprocessableEntity)
            #expect(try await app.api(.POST, "/api/v1/hosts/import", token: focal, json: "{}").status == .unsupportedMediaType)
            #expect(try await post(app, token: try await app.token(for: fixtures.user("leader")), csv, dryRun: true).status == .forbidden)
        }
    }

    @Test("through the pages: upload, preview, confirm")
    func pages() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            var form = Multipart()
            form.field("_csrf", session.csrf)
            form.file("file", "hosts.csv", Data(csv.utf8))
            let preview = try await app.testing().sendRequest(.POST, "/assets/import", headers: form.headers(session.headers), body: form.body)
            #expect(preview.status == .ok && preview.text.contains("import-reject") && preview.text.contains("Trùng với dòng 2"))
            #expect(try await HostRecord.query(on: app.db).count() == 0)
            let applied = try await app.post("/assets/import/apply", session: session, form: ["csv": csv])
            #expect(applied.status == .seeOther)
            #expect(try await HostRecord.query(on: app.db).count() == 2)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "hosts.import").count() == 1)
        }
    }
}
