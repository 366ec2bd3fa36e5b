import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Hostile text through the real forms and API: a script payload stored in every text field that
/// accepts it comes back escaped on every page (and reflected query strings too); SQL is stored and
/// shown verbatim, never run.
@Suite("Hostile input: stored and reflected payloads")
struct HostileInputTests {
    static let script = #"<script>alert("vigil")</script>"#
    static let image = #"<img src=x onerror=alert(1)>"#
    static let sql = #"'; DROP TABLE incidents; --"#
    static let payload = "Tấn công \(script)\(image) \(sql)"

    /// English texts of the tables (three words or more, no placeholders) whose Vietnamese differs,
    /// and the readers' English reasons: none belongs on a Vietnamese page.
    static func englishOnlyTexts() throws -> [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/VigilServer/Resources/Localization")
        let en = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: folder.appendingPathComponent("en.json")))
        let vi = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: folder.appendingPathComponent("vi.json")))
        let table = en.filter { vi[$0.key] != $0.value && !$0.value.contains("{") && $0.value.split(separator: " ").count >= 3 }.map(\.value)
        let readers = ScanReportError.Code.allCases.map(\.english).filter { !$0.contains("{") && $0.split(separator: " ").count >= 3 }
        // Texts with characters HTML escapes are left out rather than guessed in escaped form.
        return (table + readers).filter { text in !text.contains { "&<>\"'".contains($0) } }
    }

    /// What must never appear in a page as markup.
    static func raw(in body: String) -> Bool {
        body.contains("<script>alert(") || body.contains("<img src=x onerror")
    }

    @Test("a payload in every text field comes back escaped on every page, for every role")
    func storedAndCrawled() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let world = try await AccessMatrixTests.makeWorld(app, fixtures)
            let incident = world.values["incidentID"]!
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let responder = try await app.token(for: fixtures.user("responder"))
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let rootAdmin = try await app.token(for: fixtures.user("root_admin"))
            let admin = try await app.token(for: fixtures.user("admin"))
            let p = Self.payload
            func json(_ text: String) -> String {
                String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
            }

            // Through the API: each answer says whether the field took it.
            var stored: [String: Int] = [:]
            func api(_ what: String, _ method: HTTPMethod, _ path: String, _ token: String, _ body: String) async throws {
                stored[what] = Int(try await app.api(method, path, token: token, json: body).status.code)
            }
            try await api("incident", .POST, "/api/v1/incidents", reporter, """
                {"title": \(json(p)), "description": \(json(p)), "discoveredAt": "2026-11-20T08:30:00Z", "systemName": \(json(p)), "reporterContact": \(json(p))}
                """)
            try await api("indicators", .POST, "/api/v1/incidents/\(incident)/indicators", focal, #"{"text": \#(json(p + " 185.220.101.4 evil.example"))}"#)
            try await api("notification", .POST, "/api/v1/incidents/\(incident)/notification", focal,
                          #"{"sentAt": "\#(ISO8601DateFormatter().string(from: Date()))", "recipients": \#(json(p))}"#)
            try await api("severity", .POST, "/api/v1/incidents/\(incident)/severity", focal, #"{"severity": "high", "reason": \#(json(p))}"#)
            try await api("task", .POST, "/api/v1/incidents/\(incident)/tasks/\(world.values["incidentTaskID"]!)", focal,
                          #"{"status": "done", "note": \#(json(p))}"#)
            try await api("report", .POST, "/api/v1/incidents/\(incident)/reports/situation/issue", responder,
                          #"{"recipients": \#(json(p)), "channel": \#(json(p))}"#)
            try await api("system", .POST, "/api/v1/systems", focal, #"{"name": \#(json(p)), "securityLevel": 2}"#)
            try await api("finding", .POST, "/api/v1/findings/\(world.values["findingID"]!)/status", focal,
                          #"{"status": "risk_accepted", "note": \#(json(p)), "until": "\#(ISODay.string(Date().addingTimeInterval(30 * 86_400)))"}"#)
            try await api("organisation", .POST, "/api/v1/organisations", rootAdmin,
                          #"{"name": \#(json(p)), "code": "XSS", "kind": "unit", "parentId": "\#(fixtures.agencyA.id!.uuidString)"}"#)
            try await api("user", .POST, "/api/v1/users", admin, #"{"email": "xss@example.gov.vn", "displayName": \#(json(p)), "roles": ["reporter"]}"#)
            try await api("advisory", .POST, "/api/v1/advisories", try await app.token(for: fixtures.user("root_coordinator")), """
                {"reference": "9/XSS", "issuer": \(json(p)), "issuedOn": "2026-11-28", "title": \(json(p)), "cves": ["CVE-2006-1015"],
                 "deadline": "2026-12-31", "action": \(json(p)), "products": [{"vendor": "Apache", "product": "HTTP Server", "versions": ">=2.4.0 <2.4.58"}]}
                """)
            // Through the forms.
            let focalSession = try await app.signIn(fixtures.user("focal_point"))
            stored["comment"] = Int(try await app.post("/incidents/\(incident)/comments", session: focalSession, form: ["comment": p]).status.code)
            stored["supplier"] = Int(try await app.post("/assets/suppliers", session: focalSession,
                                                        form: ["name": p, "services": p, "remoteAccess": p, "risk": "high"]).status.code)
            stored["token"] = Int(try await app.post("/account/tokens", session: focalSession, form: ["name": p]).status.code)
            stored["enrolment"] = Int(try await app.post("/assets/enrolment", session: focalSession, form: ["name": p, "organisation": fixtures.agencyA.id!.uuidString]).status.code)
            var evidence = Multipart()
            evidence.file("file", "\(Self.image).log", Data("x\n".utf8))
            evidence.field("description", p)
            stored["evidence"] = Int(try await app.upload("/api/v1/incidents/\(incident)/evidence", token: responder, evidence).status.code)
            let accepted = stored.filter { $0.value < 400 }.keys.sorted()
            print("Hostile input: stored in \(accepted.count) of \(stored.count) writes: \(accepted); refused: \(stored.filter { $0.value >= 400 })")
            #expect(stored.values.allSatisfy { $0 < 400 }, "every field takes the text as typed: \(stored)")

            // SQL is data: stored and answered as typed, and the table is still there.
            let listed = try await app.api(.GET, "/api/v1/incidents?limit=50", token: focal)
            struct Titles: Decodable { struct Item: Decodable { let title: String }; let items: [Item] }
            #expect(try listed.content.decode(Titles.self).items.contains { $0.title == p })
            #expect(try await IncidentRecord.query(on: app.db).filter(\.$title == p).count() == 1)

            // Crawl every page as several roles, with the payload in the query string as well. The
            // pages are Vietnamese: none may show an English text of the tables (or a reader's).
            let english = try Self.englishOnlyTexts()
            let callers = ["root_admin", "root_coordinator", "admin", "focal_point", "responder", "leader", "reporter"]
            var pages = 0
            var escapedSeen = 0
            let encoded = p.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for route in app.routes.all where route.method == .GET {
                let key = RouteAccessTests.key(route)
                guard !key.hasPrefix("GET /api/"), RouteAccessTests.expectations[key] != nil else { continue }
                let path = "/" + route.path.map { component -> String in
                    guard case .parameter(let name) = component else { return component.description }
                    return world.parameter(name, in: key).0
                }.joined(separator: "/")
                for caller in callers {
                    let session = try await app.signIn(fixtures.user(caller))
                    for query in ["", "?q=\(encoded)&next=\(encoded)&notice=\(encoded)&problem=\(encoded)&status=\(encoded)&org=\(encoded)"] {
                        let response = try await app.get(path + query, headers: session.headers)
                        #expect(response.status.code < 500, "\(key)\(query.isEmpty ? "" : " (with the query)") as \(caller): \(response.status.code)")
                        guard response.headers.contentType?.subType == "html" else { continue }
                        pages += 1
                        #expect(!Self.raw(in: response.text), "\(key) as \(caller) shows the payload as markup")
                        if query.isEmpty {
                            let untranslated = english.filter { response.text.contains($0) }
                            #expect(untranslated.isEmpty, "\(key) as \(caller) shows English: \(untranslated.prefix(2))")
                        }
                        if response.text.contains("&lt;script&gt;alert(") { escapedSeen += 1 }
                    }
                }
            }
            print("Hostile input: \(pages) pages crawled; the escaped payload shown on \(escapedSeen)")
            #expect(pages > 150 && escapedSeen > 20)
        }
    }

    @Test("a multipart body that breaks its own format is a 400, never a 500 (schemathesis found the 500)")
    func malformedMultipart() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            for path in ["/api/v1/scans", "/api/v1/advisories/import"] {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=b1")
                let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: "--b1\r\n3.2e-297--b1--\r\n"))
                #expect(response.status == .badRequest, "\(path): \(response.status)")
                #expect(response.errorCode == "malformed_body", "\(path): \(response.text)")
            }
        }
    }
}
