import Foundation
import Testing
@testable import VigilCore

@Suite("Anti-malware protection")
struct ProtectionTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let policy = ProtectionPolicy.standard
    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
    var defender: AntiMalwareState {
        AntiMalwareState(product: "Microsoft Defender Antivirus", version: "4.18", enabled: true, realTimeProtection: true,
                         centrallyManaged: true, signatureDate: daysAgo(1))
    }

    @Test("an active product with real-time protection, fresh signatures and a recent report is protected")
    func protected() {
        #expect(policy.evaluate(products: [defender], lastReport: daysAgo(0.5), now: now) == ProtectionVerdict(status: .protected, reason: nil))
    }

    @Test("each way of not being protected has its reason, checked in a fixed order")
    func reasons() {
        func verdict(_ products: [AntiMalwareState], _ report: Date?) -> ProtectionVerdict {
            policy.evaluate(products: products, lastReport: report, now: now)
        }
        #expect(verdict([defender], nil) == .init(status: .unknown, reason: .neverReported))
        #expect(verdict([defender], daysAgo(4)) == .init(status: .stale, reason: .notReported(days: 4)))
        #expect(verdict([], daysAgo(1)) == .init(status: .unprotected, reason: .noProduct))
        var off = defender
        off.enabled = false
        #expect(verdict([off], daysAgo(1)) == .init(status: .unprotected, reason: .productDisabled))
        var noRealTime = defender
        noRealTime.realTimeProtection = false
        #expect(verdict([noRealTime], daysAgo(1)) == .init(status: .unprotected, reason: .realTimeOff))
        var old = defender
        old.signatureDate = daysAgo(9)
        #expect(verdict([old], daysAgo(1)) == .init(status: .unprotected, reason: .signaturesOld(days: 9)))
        old.signatureDate = nil
        #expect(verdict([old], daysAgo(1)) == .init(status: .unprotected, reason: .signaturesUnknown))
        // A second product that protects is enough.
        #expect(verdict([off, defender], daysAgo(1)).status == .protected)
        // Exactly at the windows is still inside them.
        old.signatureDate = daysAgo(7)
        #expect(verdict([old], daysAgo(3)).status == .protected)
    }

    @Test("coverage counts, rolls up, and never shows an empty inventory as meeting the target")
    func coverage() {
        var unit = Coverage()
        unit.add(.init(status: .protected, reason: nil))
        unit.add(.init(status: .unprotected, reason: .realTimeOff))
        unit.add(.init(status: .stale, reason: .notReported(days: 5)))
        #expect(unit.total == 3 && unit.protected == 1 && unit.percent == 33.3)
        #expect(unit.byReason == ["real_time_off": 1, "not_reported": 1])
        var agency = Coverage()
        agency.add(.init(status: .protected, reason: nil))
        let province = unit + agency
        #expect(province.total == 4 && province.percent == 50 && province.byReason["real_time_off"] == 1)
        #expect(!Coverage().meetsTarget && Coverage().percent == 100)
        #expect(agency.meetsTarget)
    }

    @Test("the judgement from a host's kept facts agrees with the verdict from its products, at every boundary")
    func keptFactsAgree() {
        let policy = ProtectionPolicy.standard
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
        for reported in [nil, 0.5, 2.9, 3.0, 3.99, 4.0, 10] as [Double?] {
            for signatures in [nil, 1, 7.5, 7.99, 8.0] as [Double?] {
                for (enabled, realTime) in [(true, true), (true, false), (false, false), (false, true)] {
                    for count in [0, 1, 2] {
                        let products = (0..<count).map { index in
                            AntiMalwareState(product: "P\(index)", enabled: enabled, realTimeProtection: realTime, centrallyManaged: true,
                                             signatureDate: signatures.map(ago))
                        }
                        let verdict = policy.evaluate(products: products, lastReport: reported.map(ago), now: now)
                        let protecting = products.filter { $0.enabled && $0.realTimeProtection }
                        let kept = policy.protects(lastReport: reported.map(ago), products: products.count, enabled: products.contains(where: \.enabled),
                                                   realTime: !protecting.isEmpty, signatureAt: protecting.compactMap(\.signatureDate).max(), now: now)
                        #expect(kept == (verdict.status == .protected), "reported \(String(describing: reported)), signatures \(String(describing: signatures)), \(enabled) \(realTime) ×\(count)")
                    }
                }
            }
        }
    }
}
