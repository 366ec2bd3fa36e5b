import Foundation
import Testing
@testable import VigilCore

@Suite("Response plans: when an approved plan is due for review")
struct PlanReviewTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        return calendar
    }()

    static func day(_ text: String) -> Date {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 9))!
    }

    static func facts(approved: String, now: String, fields: Set<String> = [], included: [String: Int] = ["malware": 1],
                      current: [String: Int] = ["malware": 1], requests: [PlanReviewRequestKind] = []) -> PlanReviewFacts {
        PlanReviewFacts(approvedAt: day(approved), systemFieldsChanged: fields, includedPlaybooks: included, currentPlaybooks: current,
                        requests: requests, now: day(now))
    }

    static func reasons(_ facts: PlanReviewFacts, month: Int = 11) -> [PlanReviewReason] {
        PlanReviewRule.reasons(facts, cycle: PlanReviewCycle(month: month, source: PlanReviewCycle.standard.source), calendar: calendar)
    }

    @Test("approved in this November, nothing changed: not due")
    func fresh() {
        #expect(Self.reasons(Self.facts(approved: "2026-11-10", now: "2027-02-01")).isEmpty)
    }

    @Test("the November cycle: approved before the last November began, due; approved after it, not",
          arguments: [("2026-10-20", "2026-10-31", false), ("2026-10-20", "2026-11-01", true), ("2026-12-15", "2027-10-30", false),
                      ("2026-12-15", "2027-11-02", true), ("2026-03-01", "2026-06-01", false)])
    func cycle(approved: String, now: String, due: Bool) {
        #expect(Self.reasons(Self.facts(approved: approved, now: now)).contains(.cycleMissed) == due, "\(approved) → \(now)")
    }

    @Test("the cycle's month is a setting: with June, a plan approved in May is due from June 1st")
    func otherMonth() {
        #expect(Self.reasons(Self.facts(approved: "2026-05-20", now: "2026-06-01"), month: 6) == [.cycleMissed])
        #expect(Self.reasons(Self.facts(approved: "2026-05-20", now: "2026-05-31"), month: 6).isEmpty)
    }

    @Test("a year after approval, due", arguments: [("2026-11-10", "2027-11-09", false), ("2026-11-10", "2027-11-10", true)])
    func year(approved: String, now: String, due: Bool) {
        #expect(Self.reasons(Self.facts(approved: approved, now: now)).contains(.yearPassed) == due)
    }

    @Test("the system's level, hosts, suppliers and addresses; not its description")
    func systemChanges() {
        let facts = Self.facts(approved: "2026-11-10", now: "2026-12-01", fields: ["hosts", "security_level", "purpose", "public_urls", "suppliers"])
        #expect(Self.reasons(facts) == [.securityLevelChanged, .hostsChanged, .suppliersChanged, .urlsChanged])
        #expect(Self.reasons(Self.facts(approved: "2026-11-10", now: "2026-12-01", fields: ["purpose", "responsible"])).isEmpty)
    }

    @Test("a newer playbook of an included scenario; a playbook not included does not count")
    func playbooks() {
        #expect(Self.reasons(Self.facts(approved: "2026-11-10", now: "2026-12-01", current: ["malware": 2])) == [.playbookChanged])
        #expect(Self.reasons(Self.facts(approved: "2026-11-10", now: "2026-12-01", current: ["malware": 1, "ddos": 9])).isEmpty)
    }

    @Test("an incident's or a drill's recommendation")
    func requests() {
        let facts = Self.facts(approved: "2026-11-10", now: "2026-12-01", requests: [.drill, .incident, .drill])
        #expect(Self.reasons(facts) == [.incidentRecommended, .drillRecommended])
    }

    @Test("the last cycle's start, in the plan's time zone")
    func lastStart() {
        let cycle = PlanReviewCycle.standard
        #expect(cycle.lastStart(before: Self.day("2027-03-01"), calendar: Self.calendar) == Self.calendar.date(from: DateComponents(year: 2026, month: 11, day: 1)))
        #expect(cycle.lastStart(before: Self.day("2027-11-01"), calendar: Self.calendar) == Self.calendar.date(from: DateComponents(year: 2027, month: 11, day: 1)))
        #expect(cycle.month == 11 && !cycle.source.reference.isEmpty)
    }
}
