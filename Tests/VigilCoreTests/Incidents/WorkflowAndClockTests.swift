import Foundation
import Testing
@testable import VigilCore

@Suite("Incident workflow")
struct WorkflowTests {
    @Test("forward one step at a time", arguments: [
        (IncidentStatus.received, IncidentStatus.verifying), (.verifying, .initialResponse), (.initialResponse, .containing),
        (.containing, .recovering),
    ])
    func forward(from: IncidentStatus, to: IncidentStatus) throws {
        try IncidentWorkflow.check(from: from, to: to, note: nil, hasReview: false)
    }

    @Test func refusals() {
        #expect(throws: TransitionError.skipsSteps(from: .received, to: .containing)) {
            try IncidentWorkflow.check(from: .received, to: .containing, note: nil, hasReview: false)
        }
        #expect(throws: TransitionError.reviewRequired) {
            try IncidentWorkflow.check(from: .recovering, to: .closed, note: nil, hasReview: false)
        }
        #expect(throws: TransitionError.noteRequired) {
            try IncidentWorkflow.check(from: .recovering, to: .containing, note: "  ", hasReview: false)
        }
        #expect(throws: TransitionError.sameStatus) {
            try IncidentWorkflow.check(from: .verifying, to: .verifying, note: nil, hasReview: false)
        }
        #expect(throws: TransitionError.cannotReturnToReceived) {
            try IncidentWorkflow.check(from: .verifying, to: .received, note: "why", hasReview: false)
        }
    }

    @Test func closingAndReopening() throws {
        try IncidentWorkflow.check(from: .recovering, to: .closed, note: nil, hasReview: true)
        try IncidentWorkflow.check(from: .closed, to: .verifying, note: "the attacker came back", hasReview: true)
        #expect(IncidentWorkflow.next(from: .containing) == [.verifying, .initialResponse, .recovering])
    }
}

@Suite("Reporting clock")
struct ReportingClockTests {
    let discovered = Date(timeIntervalSince1970: 1_764_000_000)

    @Test("five days from discovery; due soon in the last day; overdue after")
    func fiveDays() {
        let rule = ReportingRule.circular20of2017
        let clock = { (now: TimeInterval) in
            ReportingClock.notification(discoveredAt: self.discovered, serious: false, beyondCapacity: false, notifiedAt: nil,
                                        now: self.discovered.addingTimeInterval(now), rule: rule)
        }
        #expect(clock(3600).due == discovered.addingTimeInterval(5 * 86_400))
        #expect(clock(3600).state == .pending)
        #expect(clock(4.5 * 86_400).state == .dueSoon)
        #expect(clock(5 * 86_400 + 1).state == .overdue)
        #expect(clock(0).explanation.key == "clock.notification_days")
    }

    @Test("immediately for a serious incident or one beyond capacity")
    func immediate() {
        let serious = ReportingClock.notification(discoveredAt: discovered, serious: true, beyondCapacity: false, notifiedAt: nil,
                                                  now: discovered.addingTimeInterval(60))
        #expect(serious.immediate)
        #expect(serious.state == .dueSoon)
        let late = ReportingClock.notification(discoveredAt: discovered, serious: false, beyondCapacity: true,
                                               notifiedAt: discovered.addingTimeInterval(2 * 86_400), now: discovered.addingTimeInterval(3 * 86_400))
        #expect(late.state == .overdue)
        let onTime = ReportingClock.notification(discoveredAt: discovered, serious: false, beyondCapacity: false,
                                                 notifiedAt: discovered.addingTimeInterval(86_400), now: discovered.addingTimeInterval(30 * 86_400))
        #expect(onTime.state == .met)
    }
}

@Suite("Reporting rule versions")
struct ReportingRuleBookTests {
    @Test("an incident is judged by the rule in force on the day it was discovered")
    func versions() {
        let newer = ReportingRule(notificationDays: 3, immediateWithinHours: 12,
                                  source: LegalSource(reference: "Nghị định hướng dẫn Luật An ninh mạng 2025", effectiveFrom: "2026-07-01"))
        let book = ReportingRuleBook([newer])
        #expect(book.rule(onDay: "2026-06-30") == .circular20of2017)
        #expect(book.rule(onDay: "2026-07-01") == newer)
        #expect(book.rule(onDay: "2010-01-01") == .circular20of2017)
        #expect(newer.problems.isEmpty)
        #expect(ReportingRule(notificationDays: 0, immediateWithinHours: 500, source: newer.source).problems == [.daysOutOfRange, .hoursOutOfRange])
    }
}

@Suite("Severity criteria versions")
struct SeverityCriteriaBookTests {
    @Test("thresholds must be positive and rising; the version of the discovery day applies")
    func versions() {
        var stricter = SeverityCriteria()
        stricter.highFrom = 4
        stricter.source = LegalSource(reference: "Quy chế ứng cứu sự cố của tỉnh 2026", effectiveFrom: "2026-09-01")
        #expect(stricter.problems.isEmpty)
        let book = SeverityCriteriaBook([stricter])
        #expect(book.criteria(onDay: "2026-08-31").highFrom == 5)
        #expect(book.criteria(onDay: "2026-09-01").highFrom == 4)
        var broken = SeverityCriteria()
        broken.mediumFrom = 6
        broken.usersMedium = 5000
        broken.outageHoursMedium = 0
        #expect(broken.problems == [.notPositive, .scopeOrder, .levelOrder])
    }
}
