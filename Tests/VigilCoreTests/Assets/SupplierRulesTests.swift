import Foundation
import Testing
@testable import VigilCore

@Suite("Supplier rules")
struct SupplierRulesTests {
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        return calendar
    }
    func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T05:00:00Z")! }

    @Test("contracts: running, ending within 30 days, ended, open-ended")
    func contracts() {
        let today = day("2026-11-25")
        #expect(SupplierRules.contract(endsOn: day("2027-06-30"), today: today, calendar: calendar) == .running)
        #expect(SupplierRules.contract(endsOn: day("2026-12-25"), today: today, calendar: calendar) == .endingSoon(days: 30))
        #expect(SupplierRules.contract(endsOn: day("2026-11-25"), today: today, calendar: calendar) == .endingSoon(days: 0))
        #expect(SupplierRules.contract(endsOn: day("2026-11-20"), today: today, calendar: calendar) == .ended(daysAgo: 5))
        #expect(SupplierRules.contract(endsOn: nil, today: today, calendar: calendar) == .open)
    }

    @Test("reviews: due an interval after the last one; never reviewed is overdue")
    func reviews() {
        let today = day("2026-11-25")
        #expect(!SupplierRules.reviewOverdue(lastReview: day("2025-12-01"), intervalMonths: 12, today: today, calendar: calendar))
        #expect(SupplierRules.reviewOverdue(lastReview: day("2025-11-01"), intervalMonths: 12, today: today, calendar: calendar))
        #expect(SupplierRules.reviewOverdue(lastReview: nil, intervalMonths: 12, today: today, calendar: calendar))
    }
}
