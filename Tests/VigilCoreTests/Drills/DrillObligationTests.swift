import Foundation
import Testing
import VigilCore

@Suite("Drills: the yearly obligation and the status rules")
struct DrillObligationTests {
    let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        return calendar
    }()

    func day(_ text: String) -> Date { ISO8601.parse(text + "T03:00:00Z")! }

    @Test("level 3 and above only; a year after the last completed drill, or after the system entered the inventory")
    func dueDates() {
        let (portal, mail, intranet) = (UUID(), UUID(), UUID())
        let systems = [DrillObligation.System(id: portal, securityLevel: 3, since: day("2025-01-10")),
                       DrillObligation.System(id: mail, securityLevel: 4, since: day("2026-02-01")),
                       DrillObligation.System(id: intranet, securityLevel: 2, since: day("2020-01-01"))]
        let drills = [DrillObligation.Drill(systemIDs: [portal], status: .completed, completedAt: day("2025-06-01")),
                      DrillObligation.Drill(systemIDs: [portal, intranet], status: .completed, completedAt: day("2026-03-15")),
                      DrillObligation.Drill(systemIDs: [portal], status: .completed, completedAt: day("2025-12-01"))]
        let standings = DrillObligation.standings(systems: systems, drills: drills, now: day("2026-12-05"), calendar: calendar)
        #expect(standings.map(\.systemID) == [portal, mail])
        #expect(standings[0].lastDrill == day("2026-03-15") && standings[0].nextDue == day("2027-03-15") && !standings[0].overdue)
        #expect(standings[1].lastDrill == nil && standings[1].nextDue == day("2027-02-01") && !standings[1].overdue)
    }

    @Test("planned and running drills do not count; a missed year is overdue")
    func completedOnly() {
        let portal = UUID()
        let systems = [DrillObligation.System(id: portal, securityLevel: 3, since: day("2024-01-01"))]
        let drills = [DrillObligation.Drill(systemIDs: [portal], status: .completed, completedAt: day("2025-05-01")),
                      DrillObligation.Drill(systemIDs: [portal], status: .running, completedAt: nil),
                      DrillObligation.Drill(systemIDs: [portal], status: .planned, completedAt: nil)]
        let standing = DrillObligation.standings(systems: systems, drills: drills, now: day("2026-06-01"), calendar: calendar)[0]
        #expect(standing.lastDrill == day("2025-05-01") && standing.nextDue == day("2026-05-01") && standing.overdue)
        let never = DrillObligation.standings(systems: systems, drills: [], now: day("2026-06-01"), calendar: calendar)[0]
        #expect(never.lastDrill == nil && never.overdue)
    }

    @Test("status moves forward only; injects and actions stop when the drill is completed")
    func statusRules() {
        #expect(DrillStatus.planned.next == .running && DrillStatus.running.next == .completed && DrillStatus.completed.next == nil)
        #expect(DrillStatus.completed.accepts(.finding) && DrillStatus.completed.accepts(.lesson))
        #expect(!DrillStatus.completed.accepts(.inject) && !DrillStatus.completed.accepts(.action) && DrillStatus.planned.accepts(.inject))
        #expect(DrillOrganiser(nil) == .own && DrillOrganiser("superior") == .superior && DrillOrganiser("Sở Thông tin") == .named("Sở Thông tin"))
        #expect(DrillOrganiser(String(repeating: "x", count: 201)) == nil && DrillOrganiser("a\u{0}b") == nil)
    }
}
