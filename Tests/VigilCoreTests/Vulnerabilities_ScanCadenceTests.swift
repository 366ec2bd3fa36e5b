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

@Suite("Finding transitions and deadlines")
struct FindingTransitionTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("a note for a fix by hand, a reason and an expiry within a year for an accepted risk; no move to the same status")
    func rules() throws {
        #expect(throws: FindingTransition.Problem.noteRequired) { try FindingTransition(from: .open, to: .fixed, note: "  ", acceptedUntil: nil, now: now) }
        #expect(throws: FindingTransition.Problem.untilRequired) { try FindingTransition(from: .open, to: .riskAccepted, note: "why", acceptedUntil: nil, now: now) }
        #expect(throws: FindingTransition.Problem.untilOutOfRange) {
            try FindingTransition(from: .open, to: .riskAccepted, note: "why", acceptedUntil: now.addingTimeInterval(400 * 86_400), now: now)
        }
        #expect(throws: FindingTransition.Problem.sameStatus) { try FindingTransition(from: .open, to: .open, note: "", acceptedUntil: nil, now: now) }
        let accepted = try FindingTransition(from: .inProgress, to: .riskAccepted, note: " waiting ", acceptedUntil: now.addingTimeInterval(86_400), now: now)
        #expect(accepted.note == "waiting" && accepted.acceptedUntil != nil)
        #expect(try FindingTransition(from: .fixed, to: .open, note: "", acceptedUntil: now, now: now).acceptedUntil == nil)
    }

    @Test("deadlines by severity; at once for what allows intrusion; the intrusion rule's words and known-exploited CVEs")
    func deadlines() {
        let policy = RemediationPolicy.standard
        #expect(policy.due(severity: .critical, allowsIntrusion: false, firstSeen: now) == now.addingTimeInterval(3 * 86_400))
        #expect(policy.due(severity: .low, allowsIntrusion: false, firstSeen: now) == now.addingTimeInterval(90 * 86_400))
        #expect(policy.due(severity: .info, allowsIntrusion: false, firstSeen: now) == nil)
        #expect(policy.due(severity: .medium, allowsIntrusion: true, firstSeen: now) == now)
        let rce = ScanResult(host: ScannedHost(address: "10.0.0.1"), title: "Apache Struts Remote Code Execution", scannerID: "1", severity: .critical)
        let medium = ScanResult(host: ScannedHost(address: "10.0.0.1"), title: "Remote Code Execution (theoretical)", scannerID: "2", severity: .medium)
        let kev = ScanResult(host: ScannedHost(address: "10.0.0.1"), title: "Something", scannerID: "3", cves: ["CVE-2023-4966"], severity: .medium)
        let rule = IntrusionRule(knownExploited: ["CVE-2023-4966"])
        #expect(rule.allowsIntrusion(rce) && !rule.allowsIntrusion(medium) && rule.allowsIntrusion(kev))
    }
}
