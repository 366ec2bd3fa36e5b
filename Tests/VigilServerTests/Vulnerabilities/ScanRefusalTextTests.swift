import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// A refused report is explained in the user's language: every reason the readers give has a
/// Vietnamese and an English text, and no English reader words reach a Vietnamese page.
@Suite("Scan refusals in the user's language")
struct ScanRefusalTextTests {
    @Test("every reader reason has a text in both tables")
    func everyReasonWorded() async throws {
        try await withVigilApp { app in
            for code in ScanReportError.Code.allCases {
                for language in UILanguage.allCases {
                    #expect(app.localizer.has("scan.reason.\(code.rawValue)"), "scan.reason.\(code.rawValue)")
                    #expect(!app.localizer.text("scan.reason.\(code.rawValue)", language, ["x"]).isEmpty)
                }
            }
        }
    }

    @Test("a refused report shows the reason in Vietnamese, on the page and in the API")
    func vietnamese() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let english = ScanReportError.Code.allCases.map { $0.english.replacingOccurrences(of: "{0}", with: "") }
                .filter { $0.count > 12 }
            for (name, body) in [("a.xml", "<html><body>not a report</body></html>"),
                                 ("b.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x \"y\">]>\n<report/>"),
                                 ("c.csv", "host,title\n10.0.0.1,\n")] {
                var form = Multipart()
                form.field("_csrf", session.csrf)
                form.field("org", fixtures.agencyA.id!.uuidString.lowercased())
                form.file("file", name, Data(body.utf8))
                let page = try await app.testing().sendRequest(.POST, "/vulnerabilities/scans", headers: form.headers(session.headers), body: form.body)
                #expect(page.status == .unprocessableEntity)
                #expect(page.text.contains("Báo cáo bị từ chối"), "\(name)")
                for words in english { #expect(!page.text.contains(words), "\(name): \(words)") }
            }
            var form = Multipart()
            form.field("org", fixtures.agencyA.id!.uuidString.lowercased())
            form.file("file", "d.xml", Data("<nmaprun><host></host></nmaprun>".utf8))
            var headers = form.headers()
            headers.bearerAuthorization = BearerAuthorization(token: try await app.token(for: fixtures.user("focal_point")))
            headers.add(name: .acceptLanguage, value: "vi")
            let api = try await app.testing().sendRequest(.POST, "/api/v1/scans", headers: headers, body: form.body)
            #expect(api.status == .unprocessableEntity && api.errorCode == "invalid_report")
            #expect(api.text.contains("dòng 1: một máy không có địa chỉ"), "\(api.text)")
        }
    }
}
