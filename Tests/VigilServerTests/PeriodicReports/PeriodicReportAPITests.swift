import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Periodic reports: the API contract")
struct PeriodicReportAPITests {
    struct Figures: Decodable {
        let received: Int
        let handled: Int
        let byCause: [String: Int]
        let byScenario: [String: Int]
        let byOutcome: [String: Int]
        let drills: Int
        let scans: ScanTally
    }
    struct Agency: Decodable { let organisationId: String; let name: String; let figures: Figures }
    struct Indicator: Decodable { let code: String; let status: String }
    struct Report: Decodable {
        let id: String
        let organisationId: String
        let kind: String
        let year: Int
        let periodStart: String
        let periodEnd: String
        let dueOn: String
        let status: String
        let sha256: String?
        let supersedesId: String?
        let figures: Figures
        let indicators: [Indicator]
        let indicatorSource: String
        let agencies: [Agency]
    }
    struct Summary: Decodable { let id: String; let status: String; let kind: String; let year: Int }
    struct Page: Decodable { let items: [Summary]; let nextCursor: String? }
    struct Problem: Decodable { struct Detail: Decodable { let code: String; let field: String? }; let error: Detail }

    /// The annual report whose period is running today (it ends on 14 December).
    static var runningYear: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let today = CalendarDay(Date(), calendar: calendar)
        return today > CalendarDay(year: today.year, month: 12, day: 14) ? today.year + 1 : today.year
    }

    static func field(_ response: TestingHTTPResponse) -> String? {
        try? JSONDecoder().decode(Problem.self, from: Data(response.body.readableBytesView)).error.field
    }

    static func generate(_ app: Application, token: String, organisation: OrganisationRecord, kind: String = "annual", year: Int = runningYear) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/periodic-reports", token: token, json: """
            {"organisationId": "\(try organisation.requireID().uuidString)", "kind": "\(kind)", "year": \(year)}
            """)
    }

    /// Two incidents in agency A's unit (one classified as ransomware, one closed), one in agency B.
    static func incidents(_ app: Application, _ fixtures: Fixtures) async throws {
        let focal = try await app.token(for: fixtures.user("focal_point"))
        let first = try await app.reportIncident(as: fixtures.user("unit_reporter"))
        #expect(try await app.api(.POST, "/api/v1/incidents/\(first)/classify", token: focal, json: """
            {"causeGroup": "cyber_attack", "scenario": "ransomware", "securityLevel": 2, "integrity": "high"}
            """).status == .ok)
        let second = try await app.reportIncident(as: fixtures.user("reporter"))
        let closed = try #require(try await IncidentRecord.find(UUID(uuidString: second), on: app.db))
        (closed.status, closed.closedAt, closed.lessonsLearned) = (.closed, Date(), "Sao lưu ngoại tuyến")
        try await closed.save(on: app.db)
        _ = try await app.reportIncident(as: fixtures.user("b_reporter"))
    }

    /// A drill of agency A completed now, and a scanner report imported for it.
    static func drillAndScan(_ app: Application, _ fixtures: Fixtures) async throws {
        let focal = try await app.token(for: fixtures.user("focal_point"))
        let system = try await DrillAPITests.system(app, token: focal, name: "Cổng thông tin điện tử", level: 3)
        struct Created: Decodable { let id: String }
        let drill = try await app.api(.POST, "/api/v1/drills", token: focal, json: """
            {"title": "Diễn tập mã độc", "scenario": "ransomware", "systemIds": ["\(system)"], "plannedAt": "2026-11-20T08:00:00+07:00"}
            """).content.decode(Created.self).id
        #expect(try await app.api(.POST, "/api/v1/drills/\(drill)/events", token: focal, json: #"{"kind": "inject", "text": "Máy chủ bị mã hóa"}"#).status == .created)
        #expect(try await app.api(.POST, "/api/v1/drills/\(drill)/status", token: focal, json: #"{"status": "completed"}"#).status == .ok)
        let path = try ScanImportTests.report([("10.9.9.9", "1.3.6.1.4.1.25623.1.0.2001", "443/tcp")])
        _ = try await ScanImportTests().importFile(app, path, organisation: fixtures.agencyA)
    }

    @Test("201 with the report; the same draft generated again is 200; the 422s name their field; another agency is 404")
    func generate() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.incidents(app, fixtures)
            try await Self.drillAndScan(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))

            let response = try await Self.generate(app, token: focal, organisation: fixtures.agencyA)
            #expect(response.status == .created, "\(response.body.string)")
            let report = try response.content.decode(Report.self)
            #expect(report.organisationId == fixtures.agencyA.id!.uuidString.lowercased())
            #expect((report.kind, report.year, report.status) == ("annual", Self.runningYear, "draft"))
            #expect((report.periodStart, report.periodEnd, report.dueOn) == ("\(Self.runningYear - 1)-12-15", "\(Self.runningYear)-12-14", "\(Self.runningYear)-12-14"))
            #expect(report.sha256 == nil && !response.body.string.contains("\"sha256\":\""))
            // Agency A's two (one in its unit), not agency B's.
            #expect(report.figures.received == 2 && report.figures.handled == 1)
            #expect(report.figures.byCause["cyber_attack"] == 1 && report.figures.byScenario["ransomware"] == 1)
            #expect(report.figures.byOutcome == ["resolved": 1, "in_progress": 1])
            #expect(Set(report.indicators.map(\.code)) == Set(IndicatorCode.allCases.map(\.rawValue)))
            #expect(report.indicatorSource == "computed" && report.agencies.isEmpty)
            #expect(report.figures.drills == 1)
            #expect(report.figures.scans.scans == 1 && report.figures.scans.findingsFound == 1)

            let again = try await Self.generate(app, token: focal, organisation: fixtures.agencyA)
            #expect(again.status == .ok)
            #expect(try again.content.decode(Report.self).id == report.id)

            let agency = fixtures.agencyA.id!.uuidString
            for (json, field) in [
                (#"{"organisationId": "\#(agency)", "kind": "quarterly", "year": 2026}"#, "kind"),
                (#"{"organisationId": "\#(agency)", "kind": "annual", "year": 1999}"#, "year"),
                (#"{"organisationId": "\#(agency)", "kind": "annual", "year": \#(Self.runningYear + 2)}"#, "year"),
                (#"{"organisationId": "not-an-id", "kind": "annual", "year": 2026}"#, "organisationId"),
                (#"{"kind": "annual", "year": 2026}"#, "organisationId"),
            ] {
                let refused = try await app.api(.POST, "/api/v1/periodic-reports", token: focal, json: json)
                #expect(refused.status == .unprocessableEntity, "\(json)")
                #expect(Self.field(refused) == field, "\(json): \(refused.body.string)")
            }
            #expect(try await Self.generate(app, token: focal, organisation: fixtures.agencyB).status == .notFound)
            #expect(try await PeriodicReportRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("the draft's DOCX names the organisation and its figures; issuing freezes it with the SHA-256 of the bytes downloaded")
    func issue() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.incidents(app, fixtures)
            let leader = try await app.token(for: fixtures.user("leader"))
            let report = try await Self.generate(app, token: leader, organisation: fixtures.agencyA).content.decode(Report.self)

            let draft = try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)/document.docx", token: leader)
            #expect(draft.status == .ok)
            #expect(draft.headers.contentType?.serialize() == DocxWriter.contentType)
            let xml = try ReportTests().part("word/document.xml", of: Data(draft.body.readableBytesView))
            #expect(xml.contains("Sở Xây dựng"))
            #expect(xml.contains("Số báo cáo sự cố đã tiếp nhận: 2"))
            #expect(xml.contains("Mã hóa phần mềm, dữ liệu, thiết bị"))

            let issued = try await app.api(.POST, "/api/v1/periodic-reports/\(report.id)/issue", token: leader)
            #expect(issued.status == .ok, "\(issued.body.string)")
            let frozen = try issued.content.decode(Report.self)
            #expect(frozen.status == "issued")
            let digest = try #require(frozen.sha256)
            let file = try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)/document.docx", token: leader)
            let bytes = Data(file.body.readableBytesView)
            #expect(Secrets.hex(SHA256.hash(data: bytes)) == digest)
            #expect(file.headers.first(name: "X-Content-SHA256") == digest)

            // New records change nothing issued; it cannot be generated again nor issued twice.
            _ = try await app.reportIncident(as: fixtures.user("reporter"))
            #expect(try await app.api(.POST, "/api/v1/periodic-reports/\(report.id)/regenerate", token: leader).status == .conflict)
            #expect(try await app.api(.POST, "/api/v1/periodic-reports/\(report.id)/issue", token: leader).status == .conflict)
            let later = try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)/document.docx", token: leader)
            #expect(Data(later.body.readableBytesView) == bytes)
            #expect(try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)", token: leader).content.decode(Report.self).figures.received == 2)
            let entries = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "periodic_report.issue").count()
            #expect(entries == 1)

            // A new report of the same kind and year supersedes it once issued.
            let second = try await Self.generate(app, token: leader, organisation: fixtures.agencyA)
            #expect(second.status == .created)
            let next = try second.content.decode(Report.self)
            #expect(next.id != report.id && next.figures.received == 3)
            let reissued = try await app.api(.POST, "/api/v1/periodic-reports/\(next.id)/issue", token: leader).content.decode(Report.self)
            #expect(reissued.supersedesId == report.id)
            #expect(try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)", token: leader).content.decode(Report.self).status == "superseded")
        }
    }

    @Test("two people issuing the same draft at once: one issues it, the other is refused, the record issued once")
    func issueOnce() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let leader = try await app.token(for: fixtures.user("leader"))
            let report = try await Self.generate(app, token: focal, organisation: fixtures.agencyA).content.decode(Report.self)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for token in [focal, leader] {
                    group.addTask { try await app.api(.POST, "/api/v1/periodic-reports/\(report.id)/issue", token: token).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.ok, .conflict])
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "periodic_report.issue").count() == 1)
        }
    }

    @Test("two first generations at once make one draft: one answers 201, the other regenerates it (200)")
    func generateOnce() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let leader = try await app.token(for: fixtures.user("leader"))
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for token in [focal, leader, focal] {
                    group.addTask { try await Self.generate(app, token: token, organisation: fixtures.agencyA, kind: "six_month").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.ok, .ok, .created])
            #expect(try await PeriodicReportRecord.query(on: app.db).filter(\.$organisationID == fixtures.agencyA.id!)
                .filter(\.$kind == "six_month").count() == 1)
        }
    }

    @Test("who may generate, read and list: every role of agency A, another agency, the coordinator above")
    func roles() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let report = try await Self.generate(app, token: focal, organisation: fixtures.agencyA).content.decode(Report.self)
            for (user, generate, read) in [
                ("reporter", HTTPStatus.forbidden, HTTPStatus.forbidden), ("responder", .forbidden, .forbidden),
                ("focal_point", .ok, .ok), ("leader", .ok, .ok), ("coordinator", .ok, .ok), ("admin", .ok, .ok),
                ("root_coordinator", .ok, .ok), ("root_admin", .ok, .ok),
                ("b_admin", .notFound, .notFound), ("b_reporter", .forbidden, .forbidden),
            ] {
                let token = try await app.token(for: fixtures.user(user))
                #expect(try await Self.generate(app, token: token, organisation: fixtures.agencyA).status == generate, "\(user) generates")
                #expect(try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)", token: token).status == read, "\(user) reads")
                #expect(try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)/document.docx", token: token).status == read, "\(user) downloads")
                let list = try await app.api(.GET, "/api/v1/periodic-reports", token: token)
                if read == .forbidden {
                    #expect(list.status == .forbidden, "\(user) lists")
                } else {
                    let ids = try list.content.decode(Page.self).items.map(\.id)
                    #expect(ids.contains(report.id) == (read == .ok), "\(user) lists")
                }
            }
            #expect(try await app.api(.GET, "/api/v1/periodic-reports/\(UUID().uuidString)", token: focal).status == .notFound)
        }
    }

    @Test("the list pages with items and nextCursor and filters by organisation, kind and year; bad filters name their field")
    func list() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            for (organisation, kind, year) in [(fixtures.agencyA, "annual", 2025), (fixtures.agencyA, "six_month", 2025), (fixtures.agencyB, "annual", 2025)] {
                #expect(try await Self.generate(app, token: coordinator, organisation: organisation, kind: kind, year: year).status == .created)
            }
            let first = try await app.api(.GET, "/api/v1/periodic-reports?limit=2", token: coordinator).content.decode(Page.self)
            #expect(first.items.count == 2)
            let cursor = try #require(first.nextCursor)
            let rest = try await app.api(.GET, "/api/v1/periodic-reports?limit=2&cursor=\(cursor)", token: coordinator).content.decode(Page.self)
            #expect(rest.items.count == 1 && rest.nextCursor == nil)
            #expect(Set((first.items + rest.items).map(\.id)).count == 3)
            let a = fixtures.agencyA.id!.uuidString
            #expect(try await app.api(.GET, "/api/v1/periodic-reports?organisationId=\(a)", token: coordinator).content.decode(Page.self).items.count == 2)
            #expect(try await app.api(.GET, "/api/v1/periodic-reports?kind=six_month", token: coordinator).content.decode(Page.self).items.count == 1)
            #expect(try await app.api(.GET, "/api/v1/periodic-reports?year=2024", token: coordinator).content.decode(Page.self).items.isEmpty)
            for (query, field) in [("kind=weekly", "kind"), ("year=abc", "year"), ("organisationId=x", "organisationId")] {
                let refused = try await app.api(.GET, "/api/v1/periodic-reports?\(query)", token: coordinator)
                #expect(refused.status == .unprocessableEntity && Self.field(refused) == field, "\(query)")
            }
            struct Deadline: Decodable { let kind: String; let dueOn: String }
            let deadlines = try await app.api(.GET, "/api/v1/periodic-reports/deadlines?year=2026", token: coordinator).content.decode([Deadline].self)
            #expect(deadlines.map(\.dueOn) == ["2026-06-19", "2026-12-14"])
        }
    }

    @Test("a past period's indicators: the snapshot of its last day when kept, else computed now and said so")
    func pastIndicators() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let late = try await Self.generate(app, token: focal, organisation: fixtures.unitA1,
                                               kind: "six_month", year: 2025).content.decode(Report.self)
            #expect(late.indicatorSource == "computed_late")
            let agency = try fixtures.agencyA.requireID()
            let kept = IndicatorCode.allCases.map {
                (snapshot: IndicatorSnapshot(organisationID: agency, day: "2025-06-14", code: $0, status: .warning, value: 42, numerator: 21, denominator: 50),
                 reason: nil as String?)
            }
            try await ComplianceSnapshotRepository().save(kept, on: app.db)
            let report = try await Self.generate(app, token: focal, organisation: fixtures.agencyA, kind: "six_month", year: 2025).content.decode(Report.self)
            #expect(report.indicatorSource == "snapshot")
            #expect(report.indicators.count == IndicatorCode.allCases.count && report.indicators.allSatisfy { $0.status == "warning" })
            let xml = try ReportTests().part("word/document.xml", of: Data(try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)/document.docx", token: focal).body.readableBytesView))
            #expect(xml.contains("42.0 %") && xml.contains("21/50"))
        }
    }

    @Test("a province's report rolls up its agencies' figures for the same period, with the total")
    func rollUp() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.incidents(app, fixtures)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let response = try await Self.generate(app, token: coordinator, organisation: fixtures.root)
            #expect(response.status == .created)
            let report = try response.content.decode(Report.self)
            #expect(report.figures.received == 3)
            let byName = Dictionary(uniqueKeysWithValues: report.agencies.map { ($0.name, $0.figures.received) })
            #expect(byName == ["Sở Xây dựng": 2, "Sở Y tế": 1])
            let document = try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)/document.docx", token: coordinator)
            let xml = try ReportTests().part("word/document.xml", of: Data(document.body.readableBytesView))
            #expect(xml.contains("Sở Y tế") && xml.contains("Tổng cộng"))
        }
    }
}
