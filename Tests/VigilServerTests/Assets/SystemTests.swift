import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Information systems")
struct SystemTests {
    @Test("created and changed through the pages and the API; each change recorded; names unique per organisation; scoped")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let created = try await app.post("/assets/systems", session: session, form: [
                "name": "Cổng thông tin điện tử", "security_level": "3", "hosting": "provincial_data_centre",
                "public_urls": "https://sxd.thainguyen.gov.vn", "responsible": "Trần Đầu Mối, 0912 345 678"])
            #expect(created.status == .seeOther)
            let system = try #require(try await InformationSystemRecord.query(on: app.db).first())
            #expect(system.securityLevel == 3 && system.$organisation.id == fixtures.agencyA.id)
            let changed = try await app.post("/assets/systems/\(system.id!.uuidString)", session: session, form: [
                "name": "Cổng thông tin điện tử", "security_level": "4", "hosting": "cloud", "public_urls": "https://sxd.thainguyen.gov.vn"])
            #expect(changed.status == .seeOther)
            let changes = try await SystemChangeRecord.query(on: app.db).sort(\.$at).all()
            #expect(changes.count == 2)
            #expect(changes[1].changes.contains("security_level") && changes[1].changes.contains("hosting") && !changes[1].changes.contains("\"name\""))
            let page = try await app.get("/assets/systems/\(system.id!.uuidString)", headers: session.headers)
            #expect(page.text.contains("Cấp độ an toàn") && page.text.contains("Nghị định 85/2016"))

            let bad = try await app.post("/assets/systems", session: session, form: ["name": "", "security_level": "9", "public_urls": "ftp://x"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("name-error") && bad.text.contains("public_urls-error"))
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let duplicate = try await app.api(.POST, "/api/v1/systems", token: focal, json: #"{"name": "Cổng thông tin điện tử", "securityLevel": 2}"#)
            #expect(duplicate.status == .conflict)
            let api = try await app.api(.POST, "/api/v1/systems", token: focal, json: """
                {"name": "Một cửa điện tử", "securityLevel": 3, "organisationId": "\(fixtures.unitA1.id!.uuidString)", "hosting": "vendor_hosted"}
                """)
            #expect(api.status == .created)
            let invalid = try await app.api(.POST, "/api/v1/systems", token: focal, json: #"{"name": "X", "securityLevel": 7}"#)
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("securityLevel"))
            let foreign = try await app.api(.POST, "/api/v1/systems", token: focal,
                                            json: #"{"name": "X", "securityLevel": 1, "organisationId": "\#(fixtures.agencyB.id!.uuidString)"}"#)
            #expect(foreign.status == .unprocessableEntity)
            let listB = try await app.api(.GET, "/api/v1/systems", token: try await app.token(for: fixtures.user("b_responder")))
            #expect(!listB.text.contains("Cổng thông tin"))
            #expect(try await app.get("/assets/systems/\(system.id!.uuidString)",
                                      headers: try await app.signIn(fixtures.user("b_responder")).headers).status == .notFound)
        }
    }
}
