import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Periodic reports: pages, templates and reminders")
struct PeriodicReportPageTests {
    @Test("the list with the deadlines and the form, a form error named, the print page with its buttons, issuing from the page")
    func pages() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let list = try await app.get("/periodic-reports", headers: session.headers)
            #expect(list.status == .ok)
            #expect(list.text.contains("Báo cáo định kỳ") && list.text.contains("Hạn báo cáo trong năm nay") && list.text.contains("action=\"/periodic-reports\""))

            let agency = fixtures.agencyA.id!.uuidString.lowercased()
            let refused = try await app.post("/periodic-reports", session: session, form: ["organisationId": agency, "kind": "annual", "year": "1999"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Năm từ 2000 đến"))

            let year = String(PeriodicReportAPITests.runningYear)
            let created = try await app.post("/periodic-reports", session: session, form: ["organisationId": agency, "kind": "annual", "year": year])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let path = String(location.prefix { $0 != "?" })
            let page = try await app.get(path, headers: session.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("Sở Xây dựng") && page.text.contains("class=\"paper\"") && page.text.contains("\(path)/document.docx"))
            #expect(page.text.contains("\(path)/regenerate") && page.text.contains("\(path)/issue"))
            #expect(page.text.contains("BÁO CÁO NĂM \(year)"))

            #expect(try await app.post("\(path)/regenerate", session: session, form: [:]).status == .seeOther)
            #expect(try await app.post("\(path)/issue", session: session, form: [:]).status == .seeOther)
            let issued = try await app.get(path, headers: session.headers)
            #expect(issued.text.contains("Đã ban hành") && issued.text.contains("data-testid=\"sha256\""))
            #expect(!issued.text.contains("\(path)/issue\""))
            let again = try await app.post("\(path)/regenerate", session: session, form: [:])
            #expect(again.headers.first(name: .location)?.contains("problem=error.periodic_report_issued") == true)

            // A leader reads the list but a reporter has no entry for it.
            let reporter = try await app.signIn(fixtures.user("reporter"))
            #expect(try await app.get("/periodic-reports", headers: reporter.headers).status == .forbidden)
            let home = try await app.get("/", headers: session.headers)
            #expect(home.text.contains("href=\"/periodic-reports\""))
        }
    }

    @Test("the list pages a hundred reports at a time, keeping its filter in the links")
    func paging() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            for index in 0..<101 {
                let record = PeriodicReportRecord()
                (record.organisationID, record.kind, record.year, record.status) = (fixtures.agencyA.id!, "annual", 1900 + index, "issued")
                (record.periodStart, record.periodEnd, record.dueOn) = ("2025-12-15", "2026-12-14", "2026-12-15")
                (record.generatedAt, record.generatedBy, record.content, record.issuedAt) = (Date(), "test", "{}", Date())
                try await record.create(on: app.db)
            }
            let first = try await app.get("/periodic-reports?kind=annual", headers: session.headers).text
            #expect(first.components(separatedBy: "<td data-label=").count - 1 == 100 * 6)
            let paging = first.components(separatedBy: "class=\"paging\"").last ?? ""
            #expect(paging.contains("page=2") && paging.contains("kind=annual"))
            let second = try await app.get("/periodic-reports?kind=annual&page=2", headers: session.headers).text
            #expect(second.components(separatedBy: "<td data-label=").count - 1 == 6)
            #expect(second.contains("1900"))
        }
    }

    @Test("the administrator's templates: a new version is used by the next draft; a bad one is refused, naming the field")
    func templates() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let page = try await app.get("/settings/periodic-report-templates?kind=annual", headers: admin.headers)
            #expect(page.status == .ok && page.text.contains("{{agencies}}"))
            let bad = try await app.post("/settings/periodic-report-templates/annual", session: admin,
                                         form: ["body": "# T\n{{reference}}", "legalReference": "Thông tư 20/2017/TT-BTTTT", "effectiveFrom": "2020-01-01"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("reference"))
            let saved = try await app.post("/settings/periodic-report-templates/annual", session: admin,
                                           form: ["body": "# BÁO CÁO NĂM {{year}} — MẪU THỬ\n- Tiếp nhận: {{received}}\n{{agencies}}",
                                                  "legalReference": "Thông tư 20/2017/TT-BTTTT, mẫu số 05", "effectiveFrom": "2020-01-01"])
            #expect(saved.status == .seeOther)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let report = try await PeriodicReportAPITests.generate(app, token: coordinator, organisation: fixtures.agencyA)
                .content.decode(PeriodicReportAPITests.Report.self)
            let docx = try await app.api(.GET, "/api/v1/periodic-reports/\(report.id)/document.docx", token: coordinator)
            let xml = try ReportTests().part("word/document.xml", of: Data(docx.body.readableBytesView))
            #expect(xml.contains("MẪU THỬ") && xml.contains("Tiếp nhận: 0"))
            // Only a root's administrator edits: agency B's is refused.
            let other = try await app.signIn(fixtures.user("b_admin"))
            #expect(try await app.post("/settings/periodic-report-templates/annual", session: other, form: ["body": "# X"]).status == .forbidden)
        }
    }

    func reminders(_ app: Application) -> PeriodicReportReminders {
        let services = app.vigilServices
        return PeriodicReportReminders(repository: PeriodicReportRepository(), organisations: services.organisationRepository, users: services.userRepository,
                                       notifications: services.notifications, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
    }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("reminders 14 and 3 days before to the agency's focal points and leaders, once each; none once the report is issued")
    func reminderJob() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let job = reminders(app)
            let key = "notification.periodic_report_due.six_month"
            func told() async throws -> [String] {
                let records = try await NotificationRecord.query(on: app.db).filter(\.$messageKey == key).all()
                let names = Dictionary(uniqueKeysWithValues: fixtures.users.map { ($0.value.id!, $0.key) })
                return records.compactMap { names[$0.$user.id] }.sorted()
            }
            try await job.run(on: app.db, now: Self.at("2026-06-04T09:00:00+07:00"))
            #expect(try await told().isEmpty)
            // 14 days before 19 June; run twice.
            try await job.run(on: app.db, now: Self.at("2026-06-05T09:00:00+07:00"))
            try await job.run(on: app.db, now: Self.at("2026-06-06T09:00:00+07:00"))
            #expect(try await told() == ["focal_point", "leader"])
            let notification = try #require(try await NotificationRecord.query(on: app.db).filter(\.$messageKey == key).first())
            #expect(notification.argumentsText.hasPrefix("Sở Xây dựng"))

            // Agency A issues its report; at 3 days before only those still without one would hear.
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let report = try await PeriodicReportAPITests.generate(app, token: focal, organisation: fixtures.agencyA, kind: "six_month", year: 2026)
                .content.decode(PeriodicReportAPITests.Report.self)
            #expect(try await app.api(.POST, "/api/v1/periodic-reports/\(report.id)/issue", token: focal).status == .ok)
            try await job.run(on: app.db, now: Self.at("2026-06-16T09:00:00+07:00"))
            #expect(try await told() == ["focal_point", "leader"])
            let rows = try await PeriodicReportReminderRecord.query(on: app.db).all()
            // A, B and the province had the 14-day reminder; B and the province the 3-day one.
            #expect(rows.filter { $0.daysBefore == 14 }.count == 3 && rows.filter { $0.daysBefore == 3 }.count == 2)
            #expect(!rows.contains { $0.daysBefore == 3 && $0.organisationID == fixtures.agencyA.id })
            try await job.run(on: app.db, now: Self.at("2026-06-20T09:00:00+07:00"))
            #expect(try await PeriodicReportReminderRecord.query(on: app.db).count() == 5)
        }
    }
}
