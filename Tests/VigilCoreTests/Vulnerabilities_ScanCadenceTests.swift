import Foundation
import Testing
@testable import VigilCore

@Suite("Scan cadence")
struct ScanCadenceTests {
    let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        return calendar
    }()

    func date(_ text: String) -> Date { ISO8601.parse(text + "T03:00:00Z")! }

    @Test("due six months after the last scan; never scanned, overdue, due soon, current; one reminder per state and due date")
    func states() {
        let last = date("2026-05-20")
        #expect(ScanCadence.nextDue(lastScan: last, intervalMonths: 6, calendar: calendar) == date("2026-11-20"))
        #expect(ScanCadence.state(lastScan: nil, intervalMonths: 6, now: date("2026-11-25"), calendar: calendar) == .neverScanned)
        #expect(ScanCadence.state(lastScan: last, intervalMonths: 6, now: date("2026-11-25"), calendar: calendar) == .overdue)
        #expect(ScanCadence.state(lastScan: last, intervalMonths: 6, now: date("2026-11-10"), calendar: calendar) == .dueSoon)
        #expect(ScanCadence.state(lastScan: last, intervalMonths: 6, now: date("2026-10-01"), calendar: calendar) == .current)
        #expect(ScanCadence.state(lastScan: last, intervalMonths: 12, now: date("2026-11-25"), calendar: calendar) == .current)
        let soon = ScanCadence.reminderKey(lastScan: last, intervalMonths: 6, now: date("2026-11-10"), calendar: calendar)
        let overdue = ScanCadence.reminderKey(lastScan: last, intervalMonths: 6, now: date("2026-11-25"), calendar: calendar)
        #expect(soon != nil && overdue != nil && soon != overdue)
        #expect(ScanCadence.reminderKey(lastScan: last, intervalMonths: 6, now: date("2026-10-01"), calendar: calendar) == nil)
        // A new scan moves the due date, so the next reminders are new ones.
        #expect(ScanCadence.reminderKey(lastScan: date("2026-11-24"), intervalMonths: 1, now: date("2026-12-20"), calendar: calendar) != soon)
    }
}
