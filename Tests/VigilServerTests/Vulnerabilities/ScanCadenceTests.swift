import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Scan cadence")
struct ScanCadenceServerTests {
    @Test("systems never scanned, overdue and current; the page orders them; reminders go once per state and due date")
    func cadence() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            _ = try await app.post("/assets/systems", session: session, form: ["name": "Cổng dịch vụ công", "security_level": "3"])
            _ = try await app.post("/assets/systems", session: session, form: ["name": "Thư điện tử", "security_level": "2", "scan_interval_months": "3"])
            let bad = try await app.post("/assets/systems", session: session, form: ["name": "Sai", "security_level": "2", "scan_interval_months": "24"])
            #expect(bad.status == .unprocessableEntity)
            let portal = try #require(try await InformationSystemRecord.query(on: app.db).filter(\.$name == "Cổng dịch vụ công").first())
            let mail = try #require(try await InformationSystemRecord.query(on: app.db).filter(\.$name == "Thư điện tử").first())
            #expect(portal.scanIntervalMonths == 6 && mail.scanIntervalMonths == 3)

            // The mail system was scanned four months ago (its interval is three): overdue. The
            // portal was never scanned. Then the portal is scanned today: current.
            let token = try await app.token(for: fixtures.user("focal_point"))
            var form = Multipart()
            form.field("org", fixtures.agencyA.id!.uuidString)
            form.field("system", mail.id!.uuidString)
            form.file("file", "mail.xml", try Data(contentsOf: ScanImportTests.samples.appendingPathComponent("openvas/one_vuln.xml")))
            #expect(try await app.upload("/api/v1/scans", token: token, form).status == .created)
            let scan = try #require(try await ScanRecord.query(on: app.db).first())
            scan.importedAt = Date().addingTimeInterval(-120 * 86_400)
            try await scan.update(on: app.db)

            let page = try await app.get("/vulnerabilities", headers: session.headers)
            #expect(page.status == .ok)
            let text = page.text
            let never = try #require(text.range(of: "scan-never_scanned"))
            let overdue = try #require(text.range(of: "scan-overdue"))
            #expect(never.lowerBound < overdue.lowerBound, "never scanned comes first")
            #expect(text.contains("2 hệ thống cần quét ngay"))

            let service = app.vigilServices.scanCadence
            try await service.remind(on: app.db)
            try await service.remind(on: app.db)
            let focal = try fixtures.user("focal_point").requireID()
            var notes = try await NotificationRecord.query(on: app.db).filter(\.$user.$id == focal).all().map(\.messageKey)
            #expect(notes.filter { $0 == "notification.scan_never" }.count == 1)
            #expect(notes.filter { $0 == "notification.scan_overdue" }.count == 1)

            var portalScan = Multipart()
            portalScan.field("org", fixtures.agencyA.id!.uuidString)
            portalScan.field("system", portal.id!.uuidString)
            portalScan.file("file", "portal.json", try Data(contentsOf: ScanImportTests.samples.appendingPathComponent("trivy/scheme_2_no_vuln.json")))
            #expect(try await app.upload("/api/v1/scans", token: token, portalScan).status == .created)
            try await service.remind(on: app.db)
            notes = try await NotificationRecord.query(on: app.db).filter(\.$user.$id == focal).all().map(\.messageKey)
            #expect(notes.count == 2, "a scanned system is current: no reminder")
            let rows = try await service.rows(organisations: [fixtures.agencyA.id!], on: app.db)
            #expect(rows.map(\.state) == [.overdue, .current])

            // A system of another organisation is refused as the scan's system.
            var wrong = Multipart()
            wrong.field("org", fixtures.agencyA.id!.uuidString)
            wrong.field("system", UUID().uuidString)
            wrong.file("file", "x.json", try Data(contentsOf: ScanImportTests.samples.appendingPathComponent("trivy/scheme_2_no_vuln.json")))
            #expect(try await app.upload("/api/v1/scans", token: token, wrong).status == .unprocessableEntity)
            #expect(try await app.get("/vulnerabilities", headers: try await app.signIn(fixtures.user("reporter")).headers).status == .forbidden)
        }
    }
}
