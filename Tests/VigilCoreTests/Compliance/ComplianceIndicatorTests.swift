import Foundation
import Testing
import VigilCore

@Suite("Compliance: the indicators' rules, thresholds and counts")
struct ComplianceIndicatorTests {
    let thresholds = ComplianceThresholds.standard
    let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        return calendar
    }()

    func day(_ text: String) -> Date { ISO8601.parse(text + "T03:00:00Z")! }

    @Test("every code has a target and a legal source with an effective date")
    func rulesCarryTheirSource() {
        for code in IndicatorCode.allCases {
            let rule = ComplianceRules.rule(code)
            #expect(rule.code == code)
            #expect(!rule.source.reference.isEmpty)
            #expect(rule.source.effectiveFrom.count == 10)
            switch code.kind {
            case .ratio: #expect(rule.target == 100)
            case .count: #expect(rule.target == 0)
            case .yesNo: #expect(rule.target == 1)
            }
        }
        #expect(ComplianceRules.rule(.incidentsNotifiedOnTime).source == ReportingRule.circular20of2017.source)
    }

    @Test("a ratio: ok at the target, a warning from the threshold, failing below", arguments: [
        (10, 10, IndicatorStatus.ok, 100.0),
        (96, 100, .warning, 96.0),
        (95, 100, .warning, 95.0),
        (94, 100, .failing, 94.0),
        (9999, 10000, .warning, 99.9),
        (0, 3, .failing, 0.0),
    ])
    func ratio(met: Int, total: Int, status: IndicatorStatus, value: Double) {
        let indicator = IndicatorEvaluation.ratio(.antimalwareCoverage, met: met, of: total, thresholds: thresholds, whenEmpty: .failing(.noHosts))
        #expect(indicator.status == status)
        #expect(indicator.value == value)
        #expect(indicator.numerator == met && indicator.denominator == total)
        #expect(indicator.reason == nil)
    }

    @Test("a ratio with nothing to count: failing with the reason when data is missing, ok when nothing was due")
    func emptyRatio() {
        let missing = IndicatorEvaluation.ratio(.plansCurrent, met: 0, of: 0, thresholds: thresholds, whenEmpty: .failing(.noSystems))
        #expect(missing.status == .failing && missing.reason == "no_systems" && missing.value == 0 && missing.denominator == 0)
        let nothing = IndicatorEvaluation.ratio(.incidentsNotifiedOnTime, met: 0, of: 0, thresholds: thresholds, whenEmpty: .ok(.nothingDue))
        #expect(nothing.status == .ok && nothing.reason == "nothing_due" && nothing.value == 100)
    }

    @Test("a count: ok at none, a warning up to the threshold, failing above; missing data fails", arguments: [
        (IndicatorCode.findingsOverdue, 0, IndicatorStatus.ok),
        (.findingsOverdue, 10, .warning),
        (.findingsOverdue, 11, .failing),
        (.immediateFindingsOverdue, 1, .failing),
        (.advisoriesOverdue, 0, .ok),
    ])
    func count(code: IndicatorCode, count: Int, status: IndicatorStatus) {
        let indicator = IndicatorEvaluation.count(code, count, thresholds: thresholds)
        #expect(indicator.status == status && indicator.value == Double(count) && indicator.denominator == nil)
        let missing = IndicatorEvaluation.count(code, 0, thresholds: thresholds, missing: .noScans)
        #expect(missing.status == .failing && missing.reason == "no_scans")
    }

    @Test("the focal point: met or failing with its first problem")
    func focalPoint() {
        let counts = ComplianceCounts()
        let met = counts.indicators(focalPointProblems: [], thresholds: thresholds).first { $0.code == .focalPoint }!
        #expect(met.status == .ok && met.value == 1 && met.reason == nil)
        let missing = counts.indicators(focalPointProblems: ["missing_deputy", "stale"], thresholds: thresholds).first { $0.code == .focalPoint }!
        #expect(missing.status == .failing && missing.value == 0 && missing.reason == "missing_deputy")
    }

    @Test("an organisation with no data: every code present, the missing ones failing with their reason, never hidden")
    func noData() {
        let indicators = ComplianceCounts().indicators(focalPointProblems: ["missing_focal_point"], thresholds: thresholds)
        #expect(indicators.map(\.code) == IndicatorCode.allCases)
        let byCode = Dictionary(uniqueKeysWithValues: indicators.map { ($0.code, $0) })
        #expect(byCode[.antimalwareCoverage]?.reason == "no_hosts")
        for code in [IndicatorCode.scanFreshness, .plansCurrent, .drillsDone, .immediateFindingsOverdue, .findingsOverdue] {
            #expect(byCode[code]?.status == .failing && byCode[code]?.reason == "no_systems", "\(code)")
        }
        #expect(byCode[.advisoriesOverdue]?.status == .ok)
        #expect(byCode[.incidentsNotifiedOnTime]?.status == .ok && byCode[.incidentsNotifiedOnTime]?.reason == "nothing_due")
    }

    @Test("counts add up over a subtree, and the indicators read them")
    func countsAddUp() {
        var agency = ComplianceCounts()
        agency.hosts = 10; agency.protectedHosts = 10; agency.systems = 2; agency.freshSystems = 2; agency.scans = 1
        agency.currentPlans = 1; agency.drillSystems = 1; agency.drilledSystems = 0; agency.incidentsDue = 2; agency.incidentsOnTime = 1
        var unit = ComplianceCounts()
        unit.hosts = 10; unit.protectedHosts = 9; unit.otherFindingsOverdue = 3; unit.immediateFindingsOverdue = 1; unit.advisoriesOverdue = 2
        let sum = agency + unit
        #expect(sum.hosts == 20 && sum.protectedHosts == 19 && sum.otherFindingsOverdue == 3)
        let byCode = Dictionary(uniqueKeysWithValues: sum.indicators(focalPointProblems: [], thresholds: thresholds).map { ($0.code, $0) })
        #expect(byCode[.antimalwareCoverage]?.value == 95 && byCode[.antimalwareCoverage]?.status == .warning)
        #expect(byCode[.scanFreshness]?.status == .ok)
        #expect(byCode[.plansCurrent]?.value == 50 && byCode[.plansCurrent]?.status == .failing)
        #expect(byCode[.drillsDone]?.status == .failing && byCode[.drillsDone]?.denominator == 1)
        #expect(byCode[.findingsOverdue]?.status == .warning && byCode[.immediateFindingsOverdue]?.status == .failing)
        #expect(byCode[.advisoriesOverdue]?.status == .failing)
        #expect(byCode[.incidentsNotifiedOnTime]?.value == 50)
    }

    @Test("systems but no level 3: the drill duty is ok, none required; systems but no scans: findings fail with no_scans")
    func reasonsWithSystems() {
        var counts = ComplianceCounts()
        counts.systems = 1
        let byCode = Dictionary(uniqueKeysWithValues: counts.indicators(focalPointProblems: [], thresholds: thresholds).map { ($0.code, $0) })
        #expect(byCode[.drillsDone]?.status == .ok && byCode[.drillsDone]?.reason == "none_required")
        #expect(byCode[.findingsOverdue]?.reason == "no_scans")
    }

    @Test("scan freshness: the cadence's states, a cadence over 6 months judged by 6")
    func scanFreshness() {
        let now = day("2026-07-01")
        #expect(ComplianceRules.isScanFresh(lastScan: day("2026-03-01"), intervalMonths: 6, now: now, calendar: calendar))
        #expect(ComplianceRules.isScanFresh(lastScan: day("2026-01-10"), intervalMonths: 6, now: now, calendar: calendar))
        #expect(!ComplianceRules.isScanFresh(lastScan: day("2025-12-01"), intervalMonths: 6, now: now, calendar: calendar))
        #expect(!ComplianceRules.isScanFresh(lastScan: nil, intervalMonths: 6, now: now, calendar: calendar))
        #expect(!ComplianceRules.isScanFresh(lastScan: day("2025-12-01"), intervalMonths: 12, now: now, calendar: calendar))
        #expect(ComplianceRules.isScanFresh(lastScan: day("2026-05-01"), intervalMonths: 3, now: now, calendar: calendar))
    }

    @Test("thresholds: defaults valid; out of range, unknown and focal-point codes refused; every problem named")
    func thresholdValidation() throws {
        #expect(ComplianceThresholds.standard.problems.isEmpty)
        var bad = ComplianceThresholds.standard
        bad.limits[.antimalwareCoverage] = 101
        bad.limits[.findingsOverdue] = 2.5
        bad.limits[.advisoriesOverdue] = -1
        bad.source = LegalSource(reference: " ", effectiveFrom: "2026-02-30")
        #expect(bad.problems == [.percentOutOfRange(.antimalwareCoverage), .countOutOfRange(.findingsOverdue), .countOutOfRange(.advisoriesOverdue),
                                 .referenceMissing, .effectiveFromInvalid])
        let read = ComplianceThresholds.limits(from: ["focal_point": 1, "nonsense": 3, "plans_current": 80])
        #expect(read.limits == [.plansCurrent: 80])
        #expect(read.problems == [.unknownCode("focal_point"), .unknownCode("nonsense")])
    }

    @Test("thresholds read back as they were saved, as JSON")
    func thresholdsJSON() throws {
        var thresholds = ComplianceThresholds.standard
        thresholds.limits[.drillsDone] = 70
        thresholds.source = LegalSource(reference: "Quyết định của Sở", effectiveFrom: "2026-03-01")
        let data = try JSONEncoder().encode(thresholds)
        #expect(try JSONDecoder().decode(ComplianceThresholds.self, from: data) == thresholds)
        #expect(thresholds.limit(.drillsDone) == 70)
    }

    @Test("a snapshot keeps the indicator's figures")
    func snapshot() {
        let indicator = IndicatorEvaluation.ratio(.plansCurrent, met: 1, of: 4, thresholds: thresholds, whenEmpty: .failing(.noSystems))
        let id = UUID()
        let snapshot = IndicatorSnapshot(organisationID: id, day: "2026-12-05", indicator: indicator)
        #expect(snapshot.code == .plansCurrent && snapshot.status == .failing && snapshot.value == 25 && snapshot.numerator == 1
                && snapshot.denominator == 4 && snapshot.organisationID == id)
        #expect(IndicatorStatus.allCases.max() == .failing)
    }
}
