import Foundation
import Testing
import VigilCore

@Suite("Periodic reports: periods, due dates, reminders")
struct PeriodicReportScheduleTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    @Test("the period and due day of each kind (Decree 09/2019's cut-off, Circular 20/2017's due dates)",
          arguments: [
              (PeriodicReportKind.sixMonth, 2026, "2025-12-15", "2026-06-14", "2026-06-19"),
              (.annual, 2026, "2025-12-15", "2026-12-14", "2026-12-14"),
              (.sixMonth, 2028, "2027-12-15", "2028-06-14", "2028-06-19"),
              (.annual, 2000, "1999-12-15", "2000-12-14", "2000-12-14"),
          ])
    func periods(kind: PeriodicReportKind, year: Int, start: String, end: String, due: String) {
        let deadline = PeriodicReportSchedule.deadline(kind, year: year)
        #expect(deadline.periodStart.description == start)
        #expect(deadline.periodEnd.description == end)
        #expect(deadline.dueOn.description == due)
        #expect(deadline.source.reference.contains("20/2017"))
    }

    @Test("a year's deadlines, earliest first; consecutive annual periods leave no day out")
    func deadlines() {
        let deadlines = PeriodicReportSchedule.deadlines(year: 2026)
        #expect(deadlines.map(\.kind) == [.sixMonth, .annual])
        let next = PeriodicReportSchedule.deadline(.annual, year: 2027)
        #expect(deadlines[1].periodEnd.adding(days: 1) == next.periodStart)
        #expect(PeriodicReportRule.annual.periodSource.reference.contains("09/2019"))
    }

    @Test("reminders 14 and 3 days before the due day, a late one still sent, none after",
          arguments: [
              ("2026-06-04", nil as Int?), ("2026-06-05", 14), ("2026-06-10", 14), ("2026-06-15", 14), ("2026-06-16", 3),
              ("2026-06-19", 3), ("2026-06-20", nil),
          ])
    func reminders(today: String, expected: Int?) {
        #expect(PeriodicReportSchedule.reminder(dueOn: Self.day("2026-06-19"), today: Self.day(today)) == expected)
    }

    @Test("valid years: 2000 to next year; a period has ended the day after its last day")
    func yearsAndEnd() {
        #expect(PeriodicReportSchedule.validYears(today: Self.day("2026-12-05")) == 2000...2027)
        let deadline = PeriodicReportSchedule.deadline(.sixMonth, year: 2026)
        #expect(!PeriodicReportSchedule.hasEnded(deadline, today: Self.day("2026-06-14")))
        #expect(PeriodicReportSchedule.hasEnded(deadline, today: Self.day("2026-06-15")))
    }

    @Test("calendar days: exact yyyy-MM-dd of a real day only; arithmetic across months and years")
    func calendarDays() {
        #expect(CalendarDay(iso: "2026-02-30") == nil)
        #expect(CalendarDay(iso: "2026-2-3") == nil)
        #expect(CalendarDay(iso: "2024-02-29") != nil)
        #expect(Self.day("2026-12-31").adding(days: 1).description == "2027-01-01")
        #expect(Self.day("2026-06-05").days(to: Self.day("2026-06-19")) == 14)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let start = Self.day("2026-06-15").start(in: calendar)
        #expect(start == Date(timeIntervalSince1970: 1_781_456_400))   // 2026-06-14T17:00:00Z
    }
}

@Suite("Periodic reports: figures from plain counts")
struct PeriodicFiguresTests {
    let tallies = [
        IncidentTally(causeGroup: "cyber_attack", scenario: "ransomware", severity: "high", status: "closed", disposition: "open", count: 2),
        IncidentTally(causeGroup: "cyber_attack", scenario: "defacement", severity: "medium", status: "containing", disposition: "open", count: 1),
        IncidentTally(causeGroup: nil, scenario: nil, severity: nil, status: "received", disposition: "open", count: 3),
        IncidentTally(causeGroup: nil, scenario: nil, severity: nil, status: "received", disposition: "not_incident", count: 1),
        IncidentTally(causeGroup: "cyber_attack", scenario: "ransomware", severity: "high", status: "verifying", disposition: "duplicate", count: 1),
    ]

    @Test("received counts every report; groups count kept incidents; outcomes count all")
    func aggregate() {
        let figures = PeriodicFigures.aggregate(incidents: tallies, handled: 4, drills: 2, scans: ScanTally(scans: 3, systemsScanned: 2, findingsFound: 10, findingsFixed: 4))
        #expect(figures.received == 8)
        #expect(figures.incidents == 6)
        #expect(figures.handled == 4)
        #expect(figures.byCause == ["cyber_attack": 3, "unclassified": 3])
        #expect(figures.byScenario == ["ransomware": 2, "defacement": 1, "unclassified": 3])
        #expect(figures.bySeverity == ["high": 2, "medium": 1, "unclassified": 3])
        #expect(figures.byStatus == ["closed": 2, "containing": 1, "received": 3])
        #expect(figures.byOutcome == ["resolved": 2, "in_progress": 4, "not_incident": 1, "duplicate": 1])
        #expect(figures.drills == 2 && figures.scans.findingsFound == 10)
    }

    @Test("adding figures adds every count (a province's total)")
    func sum() {
        let one = PeriodicFigures.aggregate(incidents: tallies, handled: 1, drills: 1, scans: ScanTally(scans: 1, systemsScanned: 1, findingsFound: 1, findingsFixed: 0))
        let total = one + one
        #expect(total.received == 16 && total.handled == 2 && total.drills == 2 && total.scans.scans == 2)
        #expect(total.byCause["cyber_attack"] == 6)
        let content = PeriodicReportContent(
            figures: total, members: [.init(organisationID: UUID(), name: "A", figures: one), .init(organisationID: UUID(), name: "B", figures: one)],
            own: PeriodicFigures(), indicators: [], indicatorSource: .computed, indicatorDay: "2026-12-05", countedUntil: Date(), generatedAt: Date())
        #expect(content.membersTotal == total)
    }

    @Test("rows in the law's order, every code listed at zero, unclassified only when there are some")
    func rows() {
        let rows = PeriodicFigures.rows(["system_failure": 2], order: PeriodicFigures.causeOrder)
        #expect(rows.map(\.code) == ["cyber_attack", "system_failure", "operator_error", "natural_disaster"])
        #expect(rows.map(\.count) == [0, 2, 0, 0])
        #expect(PeriodicFigures.rows(["unclassified": 1, "retired_code": 1], order: ["a"]).map(\.code) == ["a", "unclassified", "retired_code"])
    }

    @Test("outcomes: closed is resolved; set aside reports keep their disposition")
    func outcomes() {
        #expect(IncidentOutcome.of(status: "closed", disposition: "open") == .resolved)
        #expect(IncidentOutcome.of(status: "recovering", disposition: "open") == .inProgress)
        #expect(IncidentOutcome.of(status: "closed", disposition: "duplicate") == .duplicate)
    }
}

@Suite("Periodic reports: templates")
struct PeriodicReportTemplateTests {
    @Test("the default template is valid and fills its fields and tables")
    func defaultTemplate() {
        let template = DefaultPeriodicReportTemplates.template(for: .sixMonth)
        #expect(PeriodicReportTemplate.validate(template.body) == nil)
        let facts = ReportFacts(values: ["organisation": "Sở Xây dựng", "kind": "6 THÁNG ĐẦU NĂM", "year": "2026", "received": "7"],
                                tables: ["by_cause": DocumentTable(headers: ["Nhóm", "Số lượng"], rows: [["Tấn công mạng", "7"]])], missing: "…")
        let (title, blocks) = template.render(facts)
        #expect(title.hasPrefix("BÁO CÁO 6 THÁNG ĐẦU NĂM 2026"))
        let text = DocumentBlock.plainText(blocks)
        #expect(text.contains("Sở Xây dựng") && text.contains("Số báo cáo sự cố đã tiếp nhận: 7") && text.contains("Tấn công mạng | 7"))
    }

    @Test("problems: no title, an unknown field, a table inside a line, an incident report's field")
    func problems() {
        #expect(PeriodicReportTemplate.validate("") == .empty)
        #expect(PeriodicReportTemplate.validate("Chỉ có đoạn văn") == .noTitle)
        #expect(PeriodicReportTemplate.validate("# T\n{{nope}}") == .unknownField("nope"))
        #expect(PeriodicReportTemplate.validate("# T\nBảng {{agencies}} ở đây") == .tableNotAlone("agencies"))
        #expect(PeriodicReportTemplate.validate("# T\n{{reference}}") == .unknownField("reference"))
    }
}
