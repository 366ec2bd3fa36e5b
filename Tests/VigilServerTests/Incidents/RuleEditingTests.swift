import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Playbook editing")
struct PlaybookEditingTests {
    struct Step { var position = ""; var phase = "containment"; var actor = "responder"; var due = "24"
                  var titleVi = ""; var titleEn = ""; var detailVi = ""; var detailEn = "" }

    /// The editor's form: one value per row in each column, as the browser sends it.
    func post(_ app: Application, _ session: BrowserSession, _ scenario: String, _ steps: [Step]) async throws -> TestingHTTPResponse {
        var pairs = [("_csrf", session.csrf)]
        for step in steps {
            pairs += [("position[]", step.position), ("phase[]", step.phase), ("actor[]", step.actor), ("due[]", step.due),
                      ("title_vi[]", step.titleVi), ("title_en[]", step.titleEn), ("detail_vi[]", step.detailVi), ("detail_en[]", step.detailEn)]
        }
        let body = pairs.map { "\(formEncode([$0.0: $0.1]))" }.joined(separator: "&")
        var headers = session.headers
        headers.contentType = .urlEncodedForm
        return try await app.testing().sendRequest(.POST, "/incidents/playbooks/\(scenario)", headers: headers, body: ByteBuffer(string: body))
    }

    func classify(_ app: Application, _ id: String, _ token: String) async throws {
        let response = try await app.api(.POST, "/api/v1/incidents/\(id)/classify", token: token,
                                         json: #"{"causeGroup": "cyber_attack", "scenario": "defacement", "impacts": [], "beyondCapacity": false}"#)
        #expect(response.status == .ok)
    }

    func taskTitles(_ app: Application, _ id: String) async throws -> [String] {
        try await IncidentTaskRecord.query(on: app.db).filter(\.$incident.$id == UUID(uuidString: id)!).sort(\.$position).all().map(\.titleVi)
    }

    @Test("the focal point saves a new version; incidents under way keep their tasks; another agency keeps the default")
    func editing() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let session = try await app.signIn(fixtures.user("focal_point"))
            let before = try await app.reportIncident(as: fixtures.user("reporter"))
            try await classify(app, before, focal)
            let original = try await taskTitles(app, before)
            let defaults = DefaultPlaybooks.playbook(for: .defacement)
            #expect(original == defaults.steps.map(\.title.vi))

            let list = try await app.get("/incidents/playbooks", headers: session.headers)
            #expect(list.status == .ok && list.text.contains("/incidents/playbooks/defacement"))
            // Keep every step but the last, and put a new one first.
            var steps = defaults.steps.dropLast().enumerated().map { index, step in
                Step(position: String(index + 2), phase: step.phase.rawValue, actor: step.actor.rawValue, due: String(step.dueWithinHours),
                     titleVi: step.title.vi, titleEn: step.title.en, detailVi: step.detail.vi, detailEn: step.detail.en)
            }
            steps.append(Step(position: "1", phase: "detection", actor: "focal_point", due: "1",
                              titleVi: "Gọi ngay cho nhà cung cấp dịch vụ lưu trữ", titleEn: "Call the hosting provider at once"))
            steps.append(Step())   // a blank row, as the page always offers
            let saved = try await post(app, session, "defacement", steps)
            #expect(saved.status == .seeOther)

            #expect(try await taskTitles(app, before) == original, "tasks under way are not rewritten")
            let after = try await app.reportIncident(as: fixtures.user("reporter"))
            try await classify(app, after, focal)
            let edited = try await taskTitles(app, after)
            #expect(edited.first == "Gọi ngay cho nhà cung cấp dịch vụ lưu trữ")
            #expect(edited.count == defaults.steps.count)
            #expect(!edited.contains(defaults.steps.last!.title.vi))
            let version = try await IncidentTaskRecord.query(on: app.db).filter(\.$incident.$id == UUID(uuidString: after)!).first()?.playbookVersion
            #expect(version == defaults.version + 1)

            let json = try await app.api(.GET, "/api/v1/playbooks/defacement", token: focal)
            #expect(json.text.contains("Call the hosting provider at once"))
            // Agency B has no copy of its own: the default applies there.
            let foreign = try await app.api(.GET, "/api/v1/playbooks/defacement", token: try await app.token(for: fixtures.user("b_responder")))
            #expect(!foreign.text.contains("Call the hosting provider at once"))
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "playbook.save").count() == 1)
        }
    }

    @Test("a step without both names, or due in ten years, is refused with the step named; nothing is saved")
    func refused() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let response = try await post(app, session, "ransomware", [
                Step(position: "1", titleVi: "Cô lập máy", titleEn: ""),
                Step(position: "2", due: "87600", titleVi: "Khôi phục", titleEn: "Restore"),
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Bước 1"))
            #expect(response.text.contains("Bước 2"))
            #expect(try await PlaybookRecord.query(on: app.db).count() == 0)
            let responder = try await app.signIn(fixtures.user("responder"))
            #expect(try await post(app, responder, "ransomware", [Step(titleVi: "a", titleEn: "b")]).status == .forbidden)
        }
    }
}

@Suite("Reporting rule editing")
struct ReportingRuleEditingTests {
    struct Clock: Decodable { let due: Date; let state: String }
    struct Incident: Decodable { let id: String; let notification: Clock }

    @Test("a new rule applies to incidents discovered from its effective date; older incidents keep theirs")
    func versions() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let bad = try await app.post("/incidents/criteria/reporting", session: admin,
                                         form: ["notificationDays": "0", "immediateHours": "24", "legalReference": "x", "effectiveFrom": "2026-07-01"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await ReportingRuleRecord.query(on: app.db).count() == 0)
            let saved = try await app.post("/incidents/criteria/reporting", session: admin, form: [
                "notificationDays": "3", "immediateHours": "12", "legalReference": "Nghị định hướng dẫn Luật An ninh mạng 2025",
                "effectiveFrom": "2026-07-01"])
            #expect(saved.status == .seeOther)
            let page = try await app.get("/incidents/criteria", headers: admin.headers)
            #expect(page.text.contains("Nghị định hướng dẫn Luật An ninh mạng 2025"))

            let reporter = try await app.token(for: fixtures.user("reporter"))
            func report(_ discovered: String) async throws -> Incident {
                try await app.api(.POST, "/api/v1/incidents", token: reporter,
                                  json: #"{"title": "Sự cố", "description": "Mô tả", "discoveredAt": "\#(discovered)"}"#).content.decode(Incident.self)
            }
            let iso = ISO8601DateFormatter()
            let old = try await report("2026-06-01T03:00:00Z")
            #expect(old.notification.due == iso.date(from: "2026-06-06T03:00:00Z"))
            let new = try await report("2026-11-20T03:00:00Z")
            #expect(new.notification.due == iso.date(from: "2026-11-23T03:00:00Z"))
            // The overdue list follows each incident's own due time.
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let overdue = try await app.api(.GET, "/api/v1/incidents?overdue=true", token: focal).text
            #expect(overdue.contains(old.id) && overdue.contains(new.id))
            // An agency administrator cannot change the law for everyone.
            let agencyAdmin = try await app.signIn(fixtures.user("admin"))
            #expect(try await app.post("/incidents/criteria/reporting", session: agencyAdmin, form: [
                "notificationDays": "9", "immediateHours": "9", "legalReference": "x", "effectiveFrom": "2026-01-01"]).status == .forbidden)
        }
    }
}

@Suite("Sub-scenarios")
struct SubScenarioEditingTests {
    func classify(_ app: Application, _ id: String, _ token: String, scenario: String, group: String, sub: String) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/incidents/\(id)/classify", token: token, json: """
            {"causeGroup": "\(group)", "scenario": "\(scenario)", "subScenario": "\(sub)", "impacts": [], "beyondCapacity": false}
            """)
    }

    @Test("a root administrator adds one; classification accepts it only under its scenario; a retired one is refused")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let form = ["scenario": "spoofing", "code": "sms_phishing", "labelVi": "Lừa đảo qua tin nhắn", "labelEn": "SMS phishing"]
            #expect(try await app.post("/settings/taxonomy", session: admin, form: form).status == .seeOther)
            #expect(try await app.post("/settings/taxonomy", session: admin, form: form).status == .conflict)
            var bad = form
            bad["code"] = "Tin nhắn"
            #expect(try await app.post("/settings/taxonomy", session: admin, form: bad).status == .unprocessableEntity)
            #expect(try await app.post("/settings/taxonomy", session: try await app.signIn(fixtures.user("admin")), form: form).status == .forbidden)

            let focal = try await app.token(for: fixtures.user("focal_point"))
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let wrong = try await classify(app, id, focal, scenario: "malware", group: "cyber_attack", sub: "sms_phishing")
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("subScenario"))
            #expect(try await classify(app, id, focal, scenario: "spoofing", group: "cyber_attack", sub: "sms_phishing").status == .ok)
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)", token: focal).text.contains("\"subScenario\":\"sms_phishing\""))
            let page = try await app.get("/incidents/\(id)", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(page.text.contains("Lừa đảo qua tin nhắn"))

            let sub = try #require(try await SubScenarioRecord.query(on: app.db).first())
            #expect(try await app.post("/settings/taxonomy/\(sub.id!.uuidString)/retire", session: admin, form: [:]).status == .seeOther)
            let other = try await app.reportIncident(as: fixtures.user("reporter"))
            #expect(try await classify(app, other, focal, scenario: "spoofing", group: "cyber_attack", sub: "sms_phishing").status == .unprocessableEntity)
            let taxonomy = try await app.api(.GET, "/api/v1/taxonomy", token: focal).text
            #expect(taxonomy.contains("\"code\":\"sms_phishing\"") && taxonomy.contains("\"retired\":true"))
            #expect(taxonomy.contains("\"classification\":\"malicious-code\""))
        }
    }
}

@Suite("Reporting bodies")
struct ReportingBodyTests {
    @Test("the starting list fills a report's recipients; a root administrator adds and retires bodies")
    func bodies() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let before = try await app.api(.GET, "/api/v1/incidents/\(id)/reports/notification", token: focal).text
            #expect(before.contains("VNCERT/CC"))
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let added = try await app.post("/settings/reporting-bodies", session: admin, form: [
                "name": "Phòng An ninh mạng, Công an tỉnh Thái Nguyên", "kind": "police", "contact": "pa05@thainguyen.gov.vn",
                "legalReference": "Luật An ninh mạng 2025", "effectiveFrom": "2026-07-01"])
            #expect(added.status == .seeOther)
            let police = try #require(try await ReportingBodyRecord.query(on: app.db).filter(\.$kind == "police").filter(\.$createdBy != "Vigil").first())
            let old = try #require(try await ReportingBodyRecord.query(on: app.db).filter(\.$kind == "police").filter(\.$createdBy == "Vigil").first())
            #expect(try await app.post("/settings/reporting-bodies/\(old.id!.uuidString)/retire", session: admin, form: [:]).status == .seeOther)
            let after = try await app.api(.GET, "/api/v1/incidents/\(id)/reports/notification", token: focal).text
            #expect(after.contains("pa05@thainguyen.gov.vn"))
            #expect(!after.contains(old.name))
            #expect(police.retiredAt == nil)
            let bad = try await app.post("/settings/reporting-bodies", session: admin, form: [
                "name": " ", "kind": "police", "legalReference": "x", "effectiveFrom": "not a date"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await app.post("/settings/reporting-bodies", session: try await app.signIn(fixtures.user("admin")), form: [
                "name": "X", "kind": "other", "legalReference": "x", "effectiveFrom": "2026-01-01"]).status == .forbidden)
        }
    }
}

@Suite("Severity criteria editing")
struct SeverityCriteriaEditingTests {
    @Test("new thresholds apply to incidents discovered from their date; bad thresholds are refused")
    func versions() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            func classify(_ id: String) async throws -> String {
                struct Outcome: Decodable { let severity: String }
                return try await app.api(.POST, "/api/v1/incidents/\(id)/classify", token: focal, json: """
                    {"causeGroup": "cyber_attack", "scenario": "defacement", "securityLevel": 3, "availability": "high",
                     "impacts": [], "beyondCapacity": false}
                    """).content.decode(Outcome.self).severity
            }
            let before = try await app.reportIncident(as: fixtures.user("reporter"))
            #expect(try await classify(before) == "medium", "4 points: medium by default")

            let admin = try await app.signIn(fixtures.user("root_admin"))
            var form = ["usersMedium": "100", "usersLarge": "1000", "systemsMedium": "3", "systemsLarge": "10", "outageHoursMedium": "4",
                        "outageHoursLong": "24", "mediumFrom": "3", "highFrom": "4", "criticalFrom": "7",
                        "sevLegalReference": "Quy chế ứng cứu sự cố của tỉnh 2026", "sevEffectiveFrom": "2026-01-01"]
            var bad = form
            bad["highFrom"] = "9"
            let refused = try await app.post("/incidents/criteria/severity", session: admin, form: bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(try await SeverityCriteriaRecord.query(on: app.db).count() == 0)
            #expect(try await app.post("/incidents/criteria/severity", session: admin, form: form).status == .seeOther)
            #expect(try await classify(before) == "high", "reclassified: the criteria of its discovery day")
            form["highFrom"] = "6"
            form["sevEffectiveFrom"] = "2999-01-01"
            #expect(try await app.post("/incidents/criteria/severity", session: admin, form: form).status == .seeOther)
            let after = try await app.reportIncident(as: fixtures.user("reporter"))
            #expect(try await classify(after) == "high", "a version not yet in effect does not apply")
            let page = try await app.get("/incidents/criteria", headers: admin.headers)
            #expect(page.text.contains("Quy chế ứng cứu sự cố của tỉnh 2026"))
        }
    }
}
