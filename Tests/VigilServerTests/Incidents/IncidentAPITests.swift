import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Incidents API")
struct IncidentAPITests {
    static let discovered = "2026-11-20T08:30:00Z"

    func report(_ app: Application, token: String, title: String = "Trang web bị thay đổi giao diện") async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/incidents", token: token, json: """
            {"title": "\(title)", "description": "Trang chủ hiển thị nội dung lạ từ 8 giờ sáng.", "discoveredAt": "\(Self.discovered)",
             "systemName": "Cổng thông tin điện tử", "reporterContact": "0912 345 678"}
            """)
    }

    struct Created: Decodable {
        let id: String
        let reference: String
        let status: String
    }

    @Test("a report answers 201 with id, reference and status; references count per organisation; the focal point is notified")
    func reporting() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let first = try await report(app, token: reporter)
            #expect(first.status == .created)
            let created = try first.content.decode(Created.self)
            #expect(created.status == "received")
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            #expect(created.reference == "SXD-\(year)-0001")
            #expect(try await report(app, token: reporter).content.decode(Created.self).reference == "SXD-\(year)-0002")
            let other = try await report(app, token: try await app.token(for: fixtures.user("b_reporter")))
            #expect(try other.content.decode(Created.self).reference == "SYT-\(year)-0001")
            // A unit's report reaches the agency's focal point when the unit has none.
            _ = try await report(app, token: try await app.token(for: fixtures.user("unit_reporter")))
            let focal = try fixtures.user("focal_point").requireID()
            #expect(try await NotificationRecord.query(on: app.db).filter(\.$user.$id == focal).count() == 3)
            let focalPage = try await app.get("/", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(focalPage.status == .ok)
        }
    }

    @Test("bad reports are refused with the field named, and nothing is stored")
    func badReports() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("reporter"))
            let future = try await app.api(.POST, "/api/v1/incidents", token: token,
                                           json: #"{"title":"x","description":"y","discoveredAt":"2999-01-01T00:00:00Z"}"#)
            #expect(future.status == .unprocessableEntity)
            #expect(future.text.contains("\"field\":\"discoveredAt\""))
            let missing = try await app.api(.POST, "/api/v1/incidents", token: token, json: #"{"description":"y","discoveredAt":"2026-01-01T00:00:00Z"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("title"))
            let badDate = try await app.api(.POST, "/api/v1/incidents", token: token, json: #"{"title":"x","description":"y","discoveredAt":"yesterday"}"#)
            #expect(badDate.status == .badRequest)
            let fractional = try await app.api(.POST, "/api/v1/incidents", token: token,
                                               json: #"{"title":"x","description":"y","discoveredAt":"2026-11-20T08:30:00.250+07:00"}"#)
            #expect(fractional.status == .created)
            let foreign = try await app.api(.POST, "/api/v1/incidents", token: token, json: """
                {"title":"x","description":"y","discoveredAt":"2026-01-01T00:00:00Z","organisationId":"\(try fixtures.agencyB.requireID().uuidString)"}
                """)
            #expect(foreign.status == .unprocessableEntity)
            #expect(try await IncidentRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("who sees an incident: the reporter, the organisation's responders, focal points and leaders above; not another agency")
    func visibility() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let created = try await report(app, token: try await app.token(for: fixtures.user("unit_reporter"))).content.decode(Created.self)
            for (key, expected) in [("unit_reporter", HTTPStatus.ok), ("focal_point", .ok), ("leader", .ok), ("reporter", .notFound),
                                    ("responder", .notFound), ("b_admin", .notFound), ("root_coordinator", .notFound), ("admin", .notFound)] {
                let token = try await app.token(for: fixtures.user(key))
                let status = try await app.api(.GET, "/api/v1/incidents/\(created.id)", token: token).status
                #expect(status == expected, "\(key): \(status)")
                let list = try await app.api(.GET, "/api/v1/incidents", token: token)
                #expect(list.text.contains(created.reference) == (expected == .ok), "\(key) list")
            }
        }
    }

    @Test("classify: severity with reasons in the caller's language, the serious test, and a scenario outside its group refused")
    func classify() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let created = try await report(app, token: try await app.token(for: fixtures.user("reporter"))).content.decode(Created.self)
            let responder = try await app.token(for: fixtures.user("responder"))
            let wrongGroup = try await app.api(.POST, "/api/v1/incidents/\(created.id)/classify", token: responder,
                                               json: #"{"causeGroup":"system_failure","scenario":"defacement","impacts":[],"beyondCapacity":false}"#)
            #expect(wrongGroup.status == .unprocessableEntity)
            #expect(wrongGroup.text.contains("\"field\":\"scenario\""))
            let serious = try await app.api(.POST, "/api/v1/incidents/\(created.id)/classify", token: responder, json: """
                {"causeGroup":"cyber_attack","scenario":"defacement","securityLevel":4,"impacts":["service_interruption"],
                 "beyondCapacity":true,"availability":"high","outageHours":6}
                """)
            #expect(serious.status == .ok)
            let body = try serious.content.decode(ClassifyIncidentResponse.self)
            #expect(body.serious)
            #expect(body.severity == "critical")
            #expect(body.explanation.contains { $0.contains("Quyết định 05/2017/QĐ-TTg") })
            let incident = try await app.api(.GET, "/api/v1/incidents/\(created.id)", token: responder).content.decode(IncidentDTO.self)
            #expect(incident.status == .verifying)
            #expect(incident.notification.immediate)
            // A reporter cannot classify.
            let reporter = try await app.token(for: fixtures.user("reporter"))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(created.id)/classify", token: reporter,
                                      json: #"{"causeGroup":"cyber_attack","scenario":"ddos"}"#).status == .forbidden)
            // English on request.
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: responder)
            headers.contentType = .json
            headers.add(name: .acceptLanguage, value: "en")
            let english = try await app.testing().sendRequest(.POST, "/api/v1/incidents/\(created.id)/classify", headers: headers,
                                                              body: ByteBuffer(string: #"{"causeGroup":"cyber_attack","scenario":"ddos","securityLevel":2}"#))
            let low = try english.content.decode(ClassifyIncidentResponse.self)
            #expect(low.severity == "low")
            #expect(!low.serious)
            #expect(low.explanation.contains { $0.contains("not a serious incident") })
        }
    }

    @Test("transitions follow the response steps; an impossible one is a 409 with the reason; closing needs lessons learned")
    func transitions() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let created = try await report(app, token: try await app.token(for: fixtures.user("reporter"))).content.decode(Created.self)
            let token = try await app.token(for: fixtures.user("focal_point"))
            func move(_ to: String, note: String? = nil, lessons: String? = nil) async throws -> TestingHTTPResponse {
                var body: [String: String] = ["to": to]
                body["note"] = note
                body["lessonsLearned"] = lessons
                return try await app.api(.POST, "/api/v1/incidents/\(created.id)/transition", token: token,
                                         json: String(data: try JSONEncoder().encode(body), encoding: .utf8))
            }
            let skip = try await move("containing")
            #expect(skip.status == .conflict)
            #expect(skip.errorCode == "invalid_transition")
            #expect(skip.text.contains("lần lượt"))
            for step in ["verifying", "initial_response", "containing", "recovering"] { #expect(try await move(step).status == .ok, "\(step)") }
            #expect(try await move("containing").status == .conflict)
            #expect(try await move("containing", note: "Phát hiện tái nhiễm").status == .ok)
            #expect(try await move("recovering").status == .ok)
            #expect(try await move("closed").status == .conflict)
            let closed = try await move("closed", lessons: "Cập nhật bản vá CMS hằng tháng; bật xác thực hai lớp cho quản trị.")
            #expect(closed.status == .ok)
            #expect(try closed.content.decode(IncidentDTO.self).status == .closed)
            #expect(try await move("bogus").status == .unprocessableEntity)
            let events = try await IncidentEventRecord.query(on: app.db).filter(\.$kind == "status").count()
            #expect(events == 7)
            #expect(try await AuditVerifier().verify(on: app.db).isIntact)
        }
    }

    @Test("indicators: extracted from text, validated when typed, listed, and the extractor endpoint")
    func indicators() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let created = try await report(app, token: try await app.token(for: fixtures.user("reporter"))).content.decode(Created.self)
            let token = try await app.token(for: fixtures.user("responder"))
            let extract = try await app.api(.POST, "/api/v1/indicators/extract", token: token,
                                            json: #"{"text":"C2 tại 185.220.101[.]4, tải hxxp://evil[.]example/a.exe; gọi 0912.345.678"}"#)
            #expect(extract.status == .ok)
            let items = try extract.content.decode(IndicatorList.self).items
            #expect(Set(items.map { "\($0.type):\($0.value)" }) == ["ipv4:185.220.101.4", "url:http://evil.example/a.exe"])
            let bad = try await app.api(.POST, "/api/v1/incidents/\(created.id)/indicators", token: token,
                                        json: #"{"items":[{"type":"ipv4","value":"999.1.1.1"}]}"#)
            #expect(bad.status == .unprocessableEntity)
            let added = try await app.api(.POST, "/api/v1/incidents/\(created.id)/indicators", token: token,
                                          json: #"{"text":"185.220.101[.]4 và EVIL.example","items":[{"type":"md5","value":"44D88612FEA8A8F36DE82E1278ABB02F"}]}"#)
            #expect(added.status == .created)
            let list = try await app.api(.GET, "/api/v1/incidents/\(created.id)/indicators", token: token).content.decode(IndicatorList.self)
            #expect(Set(list.items.map(\.value)) == ["44d88612fea8a8f36de82e1278abb02f", "185.220.101.4", "evil.example"])
        }
    }

    @Test("the list filters and pages with a cursor")
    func listing() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            for index in 0..<7 { _ = try await report(app, token: reporter, title: "Sự cố \(index)") }
            let focal = try await app.token(for: fixtures.user("focal_point"))
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await app.api(.GET, "/api/v1/incidents?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), token: focal)
                let decoded = try page.content.decode(APIPage<IncidentDTO>.self)
                seen += decoded.items.map(\.reference)
                cursor = decoded.nextCursor
            } while cursor != nil
            #expect(seen.count == 7 && Set(seen).count == 7, "\(seen)")
            #expect(seen == seen.sorted(by: >))
            let filtered = try await app.api(.GET, "/api/v1/incidents?status=received&q=S%E1%BB%B1%20c%E1%BB%91%203", token: focal).content.decode(APIPage<IncidentDTO>.self)
            #expect(filtered.items.map(\.title) == ["Sự cố 3"])
            #expect(try await app.api(.GET, "/api/v1/incidents?status=nonsense", token: focal).status == .unprocessableEntity)
            let overdue = try await app.api(.GET, "/api/v1/incidents?overdue=true", token: focal).content.decode(APIPage<IncidentDTO>.self)
            #expect(overdue.items.count == 7, "discovered on 20 November, more than 5 days ago")
        }
    }

    @Test("full-text search: folded Vietnamese, indicators, prefixes, only within the caller's scope")
    func search() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let defaced = try await report(app, token: reporter, title: "Cổng thông tin bị thay đổi giao diện").content.decode(Created.self)
            _ = try await report(app, token: reporter, title: "Máy in tầng 3 không hoạt động")
            _ = try await report(app, token: try await app.token(for: fixtures.user("b_reporter")), title: "Cổng thông tin Sở Y tế bị thay đổi")
            let focal = try await app.token(for: fixtures.user("focal_point"))
            _ = try await app.api(.POST, "/api/v1/incidents/\(defaced.id)/indicators", token: focal,
                                  json: #"{"text": "C2 185.220.101[.]4 và hxxp://evil-cdn[.]com/x.js"}"#)
            func titles(_ query: String) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return try await app.api(.GET, "/api/v1/incidents?q=\(encoded)", token: focal).content.decode(APIPage<IncidentDTO>.self).items.map(\.title)
            }
            #expect(try await titles("thay đổi") == ["Cổng thông tin bị thay đổi giao diện"])
            #expect(try await titles("THAY DOI giao") == ["Cổng thông tin bị thay đổi giao diện"])
            #expect(try await titles("185.220.101.4") == ["Cổng thông tin bị thay đổi giao diện"])
            #expect(try await titles("evil-cdn.com") == ["Cổng thông tin bị thay đổi giao diện"])
            #expect(try await titles("hoạt đ") == ["Máy in tầng 3 không hoạt động"], "the last word is a prefix")
            #expect(try await titles(defaced.reference) == ["Cổng thông tin bị thay đổi giao diện"])
            #expect(try await titles("\" OR 1=1 --") == [])
            #expect(try await titles("Y tế").isEmpty, "agency B's incident stays out of agency A's search")
        }
    }
}
