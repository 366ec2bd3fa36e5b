import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Official reports")
struct ReportTests {
    /// `scripts/test` installs LibreOffice and requires this test (VIGIL_REQUIRE_OFFICE); a bare
    /// `swift test` on a machine without it skips it.
    static let hasLibreOffice = ProcessInfo.processInfo.environment["VIGIL_REQUIRE_OFFICE"] != nil
        || (FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext"))

    func classify(_ app: Application, _ id: String, token: String) async throws {
        let response = try await app.api(.POST, "/api/v1/incidents/\(id)/classify", token: token, json: """
            {"causeGroup": "cyber_attack", "scenario": "defacement", "securityLevel": 3, "impacts": ["service_interruption"], "beyondCapacity": false}
            """)
        #expect(response.status == .ok)
    }

    /// Unzips one part of a DOCX with the system's `unzip`, as a check independent of ZIPFoundation.
    func part(_ name: String, of docx: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString).docx")
        try docx.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run("/usr/bin/unzip", ["-p", file.path, name])
    }

    /// The PDF's text with every run of white space made one space: lines wrap where the machine's fonts put them.
    func pdfText(_ pdf: URL) throws -> String {
        try run("/usr/bin/pdftotext", ["-layout", pdf.path, "-"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func run(_ tool: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("every kind is a DOCX naming the incident, and a print page; unknown kinds are 404")
    func drafts() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let focal = try await app.token(for: fixtures.user("focal_point"))
            try await classify(app, id, token: focal)
            let reference = try #require(try await IncidentRecord.find(UUID(uuidString: id), on: app.db)).reference
            for kind in ReportKind.allCases {
                let docx = try await app.api(.GET, "/api/v1/incidents/\(id)/reports/\(kind.rawValue).docx", token: focal)
                #expect(docx.status == .ok)
                #expect(docx.headers.first(name: .contentType) == ReportController.docxType)
                let xml = try part("word/document.xml", of: Data(docx.body.readableBytesView))
                #expect(xml.contains(reference), "\(kind)")
                #expect(xml.contains("Tấn công thay đổi giao diện") || xml.contains("thay đổi giao diện"), "\(kind)")
            }
            let page = try await app.get("/incidents/\(id)/reports/final", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("BÁO CÁO KẾT THÚC"))
            #expect(page.text.contains("data-print"))
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/reports/weekly.docx", token: focal).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/reports/initial.docx",
                                      token: try await app.token(for: fixtures.user("b_responder"))).status == .notFound)
        }
    }

    @Test("LibreOffice opens the DOCX: converted to PDF, the text is there", .enabled(if: ReportTests.hasLibreOffice))
    func opensInLibreOffice() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let focal = try await app.token(for: fixtures.user("focal_point"))
            try await classify(app, id, token: focal)
            _ = try await app.api(.POST, "/api/v1/incidents/\(id)/indicators", token: focal, json: #"{"text": "C2 185.220.101[.]4"}"#)
            let docx = try await app.api(.GET, "/api/v1/incidents/\(id)/reports/initial.docx", token: focal)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-lo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data(docx.body.readableBytesView).write(to: folder.appendingPathComponent("initial.docx"))
            // A profile of its own, so that a concurrent LibreOffice elsewhere cannot lock it.
            _ = try run("/usr/bin/soffice", ["-env:UserInstallation=file://\(folder.path)/profile", "--headless",
                                             "--convert-to", "pdf", "--outdir", folder.path, folder.appendingPathComponent("initial.docx").path])
            let text = try pdfText(folder.appendingPathComponent("initial.pdf"))
            #expect(text.contains("BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG"))
            #expect(text.contains("Trang web bị thay đổi giao diện"))
            #expect(text.contains("185.220.101.4"))
            #expect(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        }
    }

    struct Issued: Decodable {
        let id: String
        let kind: String
        let sha256: String
        let recipients: String
        let channel: String?
        let templateVersion: Int
        let issuedBy: String
    }

    @Test("an issued report is kept as sent, with who, to whom and when; it cannot be changed")
    func issuing() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let responder = try await app.token(for: fixtures.user("responder"))
            let missing = try await app.api(.POST, "/api/v1/incidents/\(id)/reports/initial/issue", token: responder, json: #"{"recipients": " "}"#)
            #expect(missing.status == .unprocessableEntity)
            let response = try await app.api(.POST, "/api/v1/incidents/\(id)/reports/initial/issue", token: responder,
                                             json: #"{"recipients": "VNCERT/CC; Sở Khoa học và Công nghệ", "channel": "Thư điện tử"}"#)
            #expect(response.status == .created)
            let issued = try response.content.decode(Issued.self)
            #expect(issued.kind == "initial" && issued.templateVersion == 0 && issued.channel == "Thư điện tử")
            let file = try await app.api(.GET, "/api/v1/incidents/\(id)/reports/issued/\(issued.id)", token: responder)
            #expect(BlobStore.digest(of: Data(file.body.readableBytesView)) == issued.sha256)
            #expect(try part("word/document.xml", of: Data(file.body.readableBytesView)).contains("VNCERT/CC; Sở Khoa học và Công nghệ"))
            // The incident moves on; the issued copy does not.
            _ = try await app.api(.POST, "/api/v1/incidents/\(id)/transition", token: responder, json: #"{"to": "verifying"}"#)
            let again = try await app.api(.GET, "/api/v1/incidents/\(id)/reports/issued/\(issued.id)", token: responder)
            #expect(BlobStore.digest(of: Data(again.body.readableBytesView)) == issued.sha256)
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/reports", token: responder).text.contains(issued.id))
            // A leader reads reports but does not issue them.
            let leader = try await app.token(for: fixtures.user("leader"))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/reports/final/issue", token: leader, json: #"{"recipients": "x"}"#).status == .forbidden)
            #expect(try await IssuedReportRecord.query(on: app.db).count() == 1)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "incident.report.issue").count() == 1)
        }
    }

    @Test("a root administrator saves a new template version; it applies from its effective date; a bad one is refused")
    func templates() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let page = try await app.get("/settings/report-templates?kind=initial", headers: admin.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("{{timeline}}"))
            let bad = try await app.post("/settings/report-templates/initial", session: admin,
                                         form: ["body": "# Báo cáo {{nope}}", "legalReference": "Thông tư mới", "effectiveFrom": "2026-01-01"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("{{nope}}"))
            let saved = try await app.post("/settings/report-templates/initial", session: admin,
                                           form: ["body": "# BÁO CÁO MẪU MỚI {{reference}}\n{{timeline}}", "legalReference": "Nghị định hướng dẫn Luật An ninh mạng 2025",
                                                  "effectiveFrom": "2026-07-01"])
            #expect(saved.status == .seeOther)
            let future = try await app.post("/settings/report-templates/initial", session: admin,
                                            form: ["body": "# MẪU CHƯA HIỆU LỰC", "legalReference": "Dự thảo", "effectiveFrom": "2999-01-01"])
            #expect(future.status == .seeOther)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let json = try await app.api(.GET, "/api/v1/incidents/\(id)/reports/initial", token: focal).text
            #expect(json.contains("BÁO CÁO MẪU MỚI"))
            #expect(json.contains("\"templateVersion\":1"))
            // An agency administrator reads the templates but does not change them.
            let agencyAdmin = try await app.signIn(fixtures.user("admin"))
            #expect(try await app.post("/settings/report-templates/initial", session: agencyAdmin,
                                       form: ["body": "# X", "legalReference": "Y", "effectiveFrom": "2026-01-01"]).status == .forbidden)
            #expect(try await ReportTemplateRecord.query(on: app.db).count() == 2)
        }
    }
}
