import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Incident actions: playbook tasks, assignment, escalation, override, notification")
struct IncidentActionTests {
    struct Created: Decodable { let id: String; let reference: String }

    func reportAndClassify(_ app: Application, _ fixtures: Fixtures, scenario: String = "ransomware") async throws -> String {
        let reporter = try await app.token(for: fixtures.user("unit_reporter"))
        // Discovered an hour ago: the legal notification clock is still running (a fixed date here
        // made the test fail once that date was more than the clock's hours in the past).
        let discovered = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        let created = try await app.api(.POST, "/api/v1/incidents", token: reporter, json: """
            {"title":"Máy chủ tệp bị mã hóa","description":"Các tệp có đuôi .locked","discoveredAt":"\(discovered)"}
            """).content.decode(Created.self)
        let focal = try await app.token(for: fixtures.user("focal_point"))
        let classify = try await app.api(.POST, "/api/v1/incidents/\(created.id)/classify", token: focal, json: """
            {"causeGroup":"cyber_attack","scenario":"\(scenario)","securityLevel":2,"integrity":"high"}
            """)
        #expect(classify.status == .ok)
        return created.id
    }

    @Test("classification turns the scenario's playbook into tasks; reclassifying keeps done tasks, replaces open ones")
    func tasks() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await reportAndClassify(app, fixtures)
            let token = try await app.token(for: fixtures.user("responder"))
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/tasks", token: token).status == .notFound, "a responder of the agency does not see a unit's incident")
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let list = try await app.api(.GET, "/api/v1/incidents/\(id)/tasks", token: focal).content.decode(APIPage<IncidentActionsController.TaskDTO>.self)
            let playbook = DefaultPlaybooks.playbook(for: .ransomware)
            #expect(list.items.count == playbook.steps.count)
            #expect(list.items.first?.title == playbook.steps.first?.title.vi)
            let first = try #require(list.items.first)
            let done = try await app.api(.POST, "/api/v1/incidents/\(id)/tasks/\(first.id)", token: focal, json: #"{"status":"done","note":"Đã cô lập máy chủ"}"#)
            #expect(done.status == .ok)
            let skipNoReason = try await app.api(.POST, "/api/v1/incidents/\(id)/tasks/\(list.items[1].id)", token: focal, json: #"{"status":"skipped"}"#)
            #expect(skipNoReason.status == .unprocessableEntity)
            // Reclassify as malware: the done ransomware task stays, open ones are replaced.
            _ = try await app.api(.POST, "/api/v1/incidents/\(id)/classify", token: focal, json: #"{"causeGroup":"cyber_attack","scenario":"malware"}"#)
            let after = try await app.api(.GET, "/api/v1/incidents/\(id)/tasks", token: focal).content.decode(APIPage<IncidentActionsController.TaskDTO>.self)
            #expect(after.items.count == 1 + DefaultPlaybooks.playbook(for: .malware).steps.count)
            #expect(after.items.first?.status == "done")
            // English titles on request.
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: focal)
            headers.add(name: .acceptLanguage, value: "en")
            let english = try await app.testing().sendRequest(.GET, "/api/v1/incidents/\(id)/tasks", headers: headers)
            #expect(english.text.contains(DefaultPlaybooks.playbook(for: .malware).steps[0].title.en))
        }
    }

    @Test("assignment notifies the assignee; only people who can work incidents of that organisation can be assigned")
    func assignment() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await reportAndClassify(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let responder = try fixtures.user("responder").requireID().uuidString
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/assign", token: focal, json: #"{"assigneeId":"\#(responder)"}"#).status == .ok)
            #expect(try await NotificationRecord.query(on: app.db).filter(\.$user.$id == fixtures.user("responder").requireID()).count() == 1)
            let reporter = try fixtures.user("reporter").requireID().uuidString
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/assign", token: focal, json: #"{"assigneeId":"\#(reporter)"}"#).status == .unprocessableEntity)
            let outsider = try fixtures.user("b_admin").requireID().uuidString
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/assign", token: focal, json: #"{"assigneeId":"\#(outsider)"}"#).status == .unprocessableEntity)
            // Responders cannot assign.
            let responderToken = try await app.token(for: fixtures.user("responder"))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/assign", token: responderToken, json: #"{"assigneeId":"\#(responder)"}"#).status == .forbidden)
            // Now assigned, the responder of the agency sees it? No: visibility follows the organisation.
            let mine = try await app.api(.GET, "/api/v1/incidents?assignee=me", token: responderToken)
            #expect(mine.status == .ok)
        }
    }

    @Test("the coordinator sees an agency's incident only once it is escalated to it")
    func escalation() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await reportAndClassify(app, fixtures)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)", token: coordinator).status == .notFound)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/escalate", token: focal, json: #"{"to":"coordinator","note":"Vượt khả năng xử lý"}"#).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)", token: coordinator).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/incidents", token: coordinator).text.contains(id))
            // The nearest coordinator above the incident's unit is told (the fixtures have one in the agency itself).
            #expect(try await NotificationRecord.query(on: app.db).filter(\.$messageKey == "notification.incident_escalated").count() == 1)
            #expect(try await app.api(.POST, "/api/v1/incidents/\(id)/escalate", token: focal, json: #"{"to":"minister"}"#).status == .unprocessableEntity)
        }
    }

    @Test("the focal point overrides severity with a reason, keeping the computed one; recording the notification stops the clock")
    func overrideAndNotification() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await reportAndClassify(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let noReason = try await app.api(.POST, "/api/v1/incidents/\(id)/severity", token: focal, json: #"{"severity":"critical","reason":" "}"#)
            #expect(noReason.status == .unprocessableEntity)
            let overridden = try await app.api(.POST, "/api/v1/incidents/\(id)/severity", token: focal,
                                               json: #"{"severity":"critical","reason":"Dữ liệu kế toán chưa có bản sao lưu"}"#)
            let dto = try overridden.content.decode(IncidentDTO.self)
            #expect(dto.severity == "critical")
            #expect(dto.severityComputed == "medium")
            #expect(dto.notification.state == "pending" || dto.notification.state == "due_soon")
            let future = try await app.api(.POST, "/api/v1/incidents/\(id)/notification", token: focal, json: #"{"sentAt":"2999-01-01T00:00:00Z","recipients":"VNCERT/CC"}"#)
            #expect(future.status == .unprocessableEntity)
            let sentAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
            let sent = try await app.api(.POST, "/api/v1/incidents/\(id)/notification", token: focal,
                                         json: #"{"sentAt":"\#(sentAt)","recipients":"Chủ quản; VNCERT/CC; Sở KH&CN"}"#)
            #expect(try sent.content.decode(IncidentDTO.self).notification.state == "met")
            let overdue = try await app.api(.GET, "/api/v1/incidents?overdue=true", token: focal).content.decode(APIPage<IncidentDTO>.self)
            #expect(!overdue.items.contains { $0.id == id })
        }
    }
}

@Suite("Incident dispositions")
struct IncidentDispositionTests {
    @Test("a duplicate is merged into the original with its indicators; not-an-incident needs a reason; promotion reopens")
    func dispositions() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            func report() async throws -> IncidentDTO {
                try await app.api(.POST, "/api/v1/incidents", token: reporter,
                                  json: #"{"title":"Thư giả mạo","description":"d","discoveredAt":"2026-11-24T02:00:00Z"}"#).content.decode(IncidentDTO.self)
            }
            let original = try await report()
            let copy = try await report()
            let focal = try await app.token(for: fixtures.user("focal_point"))
            _ = try await app.api(.POST, "/api/v1/incidents/\(copy.id)/indicators", token: focal, json: #"{"text":"từ ketoan@thue-gov.vn"}"#)
            let noReason = try await app.api(.POST, "/api/v1/incidents/\(copy.id)/disposition", token: focal, json: #"{"disposition":"not_incident"}"#)
            #expect(noReason.status == .unprocessableEntity)
            let badTarget = try await app.api(.POST, "/api/v1/incidents/\(copy.id)/disposition", token: focal,
                                              json: #"{"disposition":"duplicate","duplicateOf":"SXD-1999-0001","note":"trùng"}"#)
            #expect(badTarget.status == .unprocessableEntity)
            let merged = try await app.api(.POST, "/api/v1/incidents/\(copy.id)/disposition", token: focal,
                                           json: #"{"disposition":"duplicate","duplicateOf":"\#(original.reference)","note":"Cùng một thư"}"#)
            #expect(try merged.content.decode(IncidentDTO.self).disposition == "duplicate")
            let indicators = try await app.api(.GET, "/api/v1/incidents/\(original.id)/indicators", token: focal).content.decode(IndicatorList.self)
            #expect(indicators.items.map(\.value) == ["ketoan@thue-gov.vn"])
            let promoted = try await app.api(.POST, "/api/v1/incidents/\(copy.id)/disposition", token: focal, json: #"{"disposition":"open"}"#)
            #expect(try promoted.content.decode(IncidentDTO.self).disposition == "open")
            let responder = try await app.token(for: fixtures.user("responder"))
            #expect(try await app.api(.POST, "/api/v1/incidents/\(copy.id)/disposition", token: responder,
                                      json: #"{"disposition":"not_incident","note":"x"}"#).status == .forbidden)
        }
    }
}
