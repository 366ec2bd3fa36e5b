import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Drills: the API contract")
struct DrillAPITests {
    struct Created: Decodable { let id: String; let status: String }
    struct Drill: Decodable {
        struct Named: Decodable { let id: String; let name: String }
        struct Event: Decodable { let id: String; let kind: String; let actor: String; let text: String }
        struct Task: Decodable { let id: String; let text: String; let owner: String?; let ownerName: String; let dueAt: Date?; let planReview: Bool; let done: Bool }
        let id: String
        let title: String
        let scenario: String
        let organisedBy: String
        let status: String
        let systemIds: [String]
        let systems: [Named]
        let participants: [Named]
        let events: [Event]
        let tasks: [Task]
    }
    struct Summary: Decodable { let id: String; let title: String; let status: String }
    struct Obligation: Decodable { let systemId: String; let systemName: String; let lastDrill: Date?; let nextDue: Date; let overdue: Bool }
    struct Problem: Decodable { struct Detail: Decodable { let code: String; let field: String? }; let error: Detail }

    static func system(_ app: Application, token: String, name: String, level: Int) async throws -> String {
        let response = try await app.api(.POST, "/api/v1/systems", token: token, json: #"{"name": "\#(name)", "securityLevel": \#(level)}"#)
        #expect(response.status == .created, "\(response.body.string)")
        struct Identified: Decodable { let id: String }
        return try response.content.decode(Identified.self).id
    }

    static func field(_ response: TestingHTTPResponse) -> String? {
        try? JSONDecoder().decode(Problem.self, from: Data(response.body.readableBytesView)).error.field
    }

    @Test("create (201 with id), the 422s naming the field, list, get; another organisation's drill is 404; roles")
    func createAndRead() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let portal = try await Self.system(app, token: focal, name: "Cổng thông tin điện tử", level: 3)
            let foreign = try await Self.system(app, token: try await app.token(for: fixtures.user("b_responder")), name: "Hệ thống Sở Y tế", level: 3)
            let participant = try fixtures.user("responder").requireID().uuidString

            let response = try await app.api(.POST, "/api/v1/drills", token: focal, json: """
                {"title": "Diễn tập tấn công thay đổi giao diện", "scenario": "defacement", "systemIds": ["\(portal)"],
                 "plannedAt": "2026-11-20T08:00:00+07:00", "organisedBy": "superior", "objectives": "Kiểm tra quy trình",
                 "participantIds": ["\(participant)"]}
                """)
            #expect(response.status == .created)
            let created = try response.content.decode(Created.self)
            #expect(created.status == "planned")

            // Bad input: each names its field, nothing is stored.
            let bad: [(String, String)] = [
                (#"{"title": "X", "scenario": "weather", "systemIds": ["\#(portal)"], "plannedAt": "2026-11-20"}"#, "scenario"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["\#(foreign)"], "plannedAt": "2026-11-20"}"#, "systemIds"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["\#(portal)", "\#(foreign)"], "plannedAt": "2026-11-20"}"#, "systemIds"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["not-an-id"], "plannedAt": "2026-11-20"}"#, "systemIds"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": [], "plannedAt": "2026-11-20"}"#, "systemIds"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["\#(portal)"], "plannedAt": "2026-02-31"}"#, "plannedAt"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["\#(portal)"], "plannedAt": "next week"}"#, "plannedAt"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["\#(portal)"]}"#, "plannedAt"),
                (#"{"title": "  ", "scenario": "ddos", "systemIds": ["\#(portal)"], "plannedAt": "2026-11-20"}"#, "title"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["\#(portal)"], "plannedAt": "2026-11-20", "organisedBy": "\#(String(repeating: "x", count: 201))"}"#, "organisedBy"),
                (#"{"title": "X", "scenario": "ddos", "systemIds": ["\#(portal)"], "plannedAt": "2026-11-20", "participantIds": ["\#(try fixtures.user("b_responder").requireID())"]}"#, "participantIds"),
            ]
            for (json, field) in bad {
                let refused = try await app.api(.POST, "/api/v1/drills", token: focal, json: json)
                #expect(refused.status == .unprocessableEntity && Self.field(refused) == field, "\(json): \(refused.text)")
            }
            #expect(try await DrillRecord.query(on: app.db).count() == 1)

            // Read
            let drill = try await app.api(.GET, "/api/v1/drills/\(created.id)", token: try await app.token(for: fixtures.user("leader"))).content.decode(Drill.self)
            #expect(drill.title == "Diễn tập tấn công thay đổi giao diện" && drill.scenario == "defacement" && drill.organisedBy == "superior")
            #expect(drill.systems.map(\.name) == ["Cổng thông tin điện tử"] && drill.participants.map(\.name) == ["responder"] && drill.status == "planned")
            let list = try await app.api(.GET, "/api/v1/drills", token: focal).content.decode([Summary].self)
            #expect(list.map(\.id) == [created.id])
            // A unit's staff take part too (the form offers them).
            let unitStaff = try fixtures.user("unit_reporter").requireID().uuidString
            #expect(try await app.api(.POST, "/api/v1/drills", token: focal, json: """
                {"title": "Diễn tập mã độc", "scenario": "ransomware", "systemIds": ["\(portal)"], "plannedAt": "2026-11-21", "participantIds": ["\(unitStaff)"]}
                """).status == .created)

            // Roles: focal point and response team manage, leaders and the coordinator view, others are refused.
            for role in ["focal_point", "responder", "leader", "coordinator"] {
                let token = try await app.token(for: fixtures.user(role))
                #expect(try await app.api(.GET, "/api/v1/drills/\(created.id)", token: token).status == .ok, "\(role)")
            }
            for role in ["reporter", "admin"] {
                let token = try await app.token(for: fixtures.user(role))
                #expect(try await app.api(.GET, "/api/v1/drills", token: token).status == .forbidden, "\(role)")
            }
            for role in ["leader", "coordinator", "reporter", "admin"] {
                let token = try await app.token(for: fixtures.user(role))
                #expect(try await app.api(.POST, "/api/v1/drills/\(created.id)/events", token: token,
                                          json: #"{"kind": "inject", "text": "x"}"#).status == .forbidden, "\(role)")
            }
            #expect(try await app.api(.POST, "/api/v1/drills", token: nil, json: "{}").status == .unauthorized)

            // Another organisation: 404, and nothing changes.
            let outsider = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await app.api(.GET, "/api/v1/drills/\(created.id)", token: outsider).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/drills/\(created.id)/report.docx", token: outsider).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/drills/\(created.id)/events", token: outsider,
                                      json: #"{"kind": "inject", "text": "x"}"#).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/drills", token: outsider).content.decode([Summary].self).isEmpty)
            #expect(try await app.api(.GET, "/api/v1/drills/\(UUID())", token: focal).status == .notFound)
        }
    }

    @Test("the timeline: an inject starts the drill; a finding becomes a task and asks for the plan's review in the same change; completion, the obligation, the report")
    func runAndReport() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let portal = try await Self.system(app, token: focal, name: "Cổng thông tin điện tử", level: 3)
            let intranet = try await Self.system(app, token: focal, name: "Mạng nội bộ", level: 2)
            let created = try await app.api(.POST, "/api/v1/drills", token: focal, json: """
                {"title": "Diễn tập mã độc tống tiền", "scenario": "ransomware", "systemIds": ["\(portal)", "\(intranet)"], "plannedAt": "2026-11-20"}
                """).content.decode(Created.self)
            let events = "/api/v1/drills/\(created.id)/events"
            let owner = try fixtures.user("responder").requireID().uuidString.lowercased()

            // Obligation before: the level-3 system has never been drilled; the level-2 one is not listed.
            var obligations = try await app.api(.GET, "/api/v1/drills/obligations", token: focal).content.decode([Obligation].self)
            #expect(obligations.map(\.systemId) == [portal] && obligations[0].lastDrill == nil)

            let inject = try await app.api(.POST, events, token: focal, json: """
                {"kind": "inject", "at": "2026-11-20T08:05:00+07:00", "actor": "Ban tổ chức", "text": "Các tệp trên máy chủ có đuôi .locked"}
                """)
            #expect(inject.status == .created)
            #expect(try inject.content.decode(Drill.self).status == "running")
            #expect(try await app.api(.POST, events, token: focal, json: #"{"kind": "action", "text": "Cô lập máy chủ"}"#).status == .created)

            // Bad events: named fields, nothing stored.
            let bad: [(String, String)] = [
                (#"{"kind": "rumour", "text": "x"}"#, "kind"),
                (#"{"kind": "action", "text": ""}"#, "text"),
                (#"{"kind": "action", "text": "x", "at": "yesterday"}"#, "at"),
                (#"{"kind": "action", "text": "x", "owner": "\#(owner)"}"#, "owner"),
                (#"{"kind": "lesson", "text": "x", "planReview": true}"#, "planReview"),
                (#"{"kind": "finding", "text": "x", "owner": "\#(try fixtures.user("b_responder").requireID())"}"#, "owner"),
                (#"{"kind": "finding", "text": "x", "dueAt": "2026-13-01"}"#, "dueAt"),
            ]
            for (json, field) in bad {
                let refused = try await app.api(.POST, events, token: focal, json: json)
                #expect(refused.status == .unprocessableEntity && Self.field(refused) == field, "\(json): \(refused.text)")
            }
            #expect(try await DrillEventRecord.query(on: app.db).count() == 2)
            #expect(try await PlanReviewRequestRecord.query(on: app.db).count() == 0)

            // A finding: a task with its owner and due date, and a plan review asked for each system, in one audited change.
            let auditBefore = try await AuditEntryRecord.query(on: app.db).count()
            let finding = try await app.api(.POST, events, token: focal, json: """
                {"kind": "finding", "text": "Bản sao lưu ngoại tuyến không khôi phục được", "owner": "\(owner)", "dueAt": "2026-12-31", "planReview": true}
                """)
            #expect(finding.status == .created)
            let afterFinding = try finding.content.decode(Drill.self)
            let task = try #require(afterFinding.tasks.first)
            #expect(task.owner == owner && task.ownerName == "responder" && task.planReview && !task.done && task.dueAt != nil)
            let requests = try await PlanReviewRequestRecord.query(on: app.db).all()
            #expect(Set(requests.map { $0.systemID.uuidString.lowercased() }) == [portal, intranet])
            #expect(requests.allSatisfy { $0.kind == PlanReviewRequestKind.drill.rawValue && $0.note.contains("Bản sao lưu") })
            #expect(try await AuditEntryRecord.query(on: app.db).count() == auditBefore + 1)
            #expect(try await app.api(.POST, events, token: focal, json: #"{"kind": "lesson", "text": "Thử khôi phục hằng quý"}"#).status == .created)

            // Status: forward only; once completed, injects and actions are refused, findings still welcome.
            #expect(try await app.api(.POST, "/api/v1/drills/\(created.id)/status", token: focal, json: #"{"status": "planned"}"#).status == .conflict)
            let bogus = try await app.api(.POST, "/api/v1/drills/\(created.id)/status", token: focal, json: #"{"status": "won"}"#)
            #expect(bogus.status == .unprocessableEntity && Self.field(bogus) == "status")
            let completed = try await app.api(.POST, "/api/v1/drills/\(created.id)/status", token: focal, json: #"{"status": "completed"}"#)
            #expect(try completed.content.decode(Drill.self).status == "completed")
            #expect(try await app.api(.POST, events, token: focal, json: #"{"kind": "inject", "text": "x"}"#).status == .conflict)
            #expect(try await app.api(.POST, events, token: focal, json: #"{"kind": "finding", "text": "Thiếu danh bạ đầu mối"}"#).status == .created)

            // The obligation now: drilled today, due in a year, not overdue.
            obligations = try await app.api(.GET, "/api/v1/drills/obligations", token: focal).content.decode([Obligation].self)
            #expect(obligations.count == 1 && obligations[0].lastDrill != nil && !obligations[0].overdue)
            #expect(obligations[0].nextDue.timeIntervalSinceNow > 360 * 86_400)

            // The after-action report: a DOCX (a ZIP) whose document names the drill, in the reader's language.
            let report = try await app.api(.GET, "/api/v1/drills/\(created.id)/report.docx", token: try await app.token(for: fixtures.user("leader")))
            #expect(report.status == .ok && report.headers.contentType?.description.contains("wordprocessingml") == true)
            let data = Data(report.body.readableBytesView)
            #expect(data.prefix(2) == Data("PK".utf8))
            let xml = try ReportTests().part("word/document.xml", of: data)
            #expect(xml.contains("Diễn tập mã độc tống tiền") && xml.contains("Báo cáo kết quả diễn tập") && xml.contains("Các tệp trên máy chủ"))
            #expect(xml.contains("Bản sao lưu ngoại tuyến") && xml.contains("Thử khôi phục hằng quý"))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: focal)
            headers.replaceOrAdd(name: .acceptLanguage, value: "en")
            let english = try await app.testing().sendRequest(.GET, "/api/v1/drills/\(created.id)/report.docx", headers: headers)
            let englishXML = try ReportTests().part("word/document.xml", of: Data(english.body.readableBytesView))
            #expect(englishXML.contains("After-action report: Diễn tập mã độc tống tiền") && englishXML.contains("Inject"))
        }
    }
}
