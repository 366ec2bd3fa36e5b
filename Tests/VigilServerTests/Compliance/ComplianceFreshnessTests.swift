import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The counts kept between requests (`ComplianceCountsCache`): what changed is counted again at
/// once, what did not is read back, and nothing is kept past `maxAge`.
@Suite("Compliance: counts kept between requests")
struct ComplianceFreshnessTests {
    struct Province: Decodable {
        struct Item: Decodable { let organisationId: String; let indicators: [ComplianceAPITests.Indicator] }
        let items: [Item]
    }

    static func province(_ app: Application, token: String) async throws -> [String: [String: ComplianceAPITests.Indicator]] {
        let response = try await app.api(.GET, "/api/v1/compliance/organisations", token: token)
        #expect(response.status == .ok, "\(response.text)")
        let items = try JSONDecoder.vigil.decode(Province.self, from: Data(response.body.readableBytesView)).items
        return Dictionary(uniqueKeysWithValues: items.map { item in
            (item.organisationId, Dictionary(uniqueKeysWithValues: item.indicators.map { ($0.code, $0) }))
        })
    }

    @Test("the province view moves at once on a check-in that installs anti-malware and on an audited write; other agencies are read back")
    func changesAreCountedAtOnce() async throws {
        try await withVigilApp { app in
            // Setup: an agent in agency A reports a workstation with no anti-malware; a host in B.
            let fixtures = try await Fixtures.make(app)
            let (a, b) = (ComplianceAPITests.id(fixtures.agencyA), ComplianceAPITests.id(fixtures.agencyB))
            let enrolment = try await app.enrolmentToken(for: fixtures.agencyA)
            let sent = Date().addingTimeInterval(-120)
            #expect(try await app.checkIn(checkInJSON(machine: "ws-a-1", sentAt: sent, product: nil), token: enrolment).status == .created)
            _ = try await CoverageTests().host(app, fixtures.agencyB, "b-1", reportedDaysAgo: 0.1, now: Date())
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let before = try await Self.province(app, token: coordinator)
            #expect(before[a]?["antimalware_coverage"]?.numerator == 0 && before[a]?["antimalware_coverage"]?.denominator == 1)
            #expect(before[b]?["plans_current"]?.denominator == 0)

            // Action 1: the agent reports the workstation again, now with anti-malware running.
            #expect(try await app.checkIn(checkInJSON(machine: "ws-a-1", sentAt: sent.addingTimeInterval(60)), token: enrolment).status == .ok)
            let afterCheckIn = try await Self.province(app, token: coordinator)

            // Check: A's coverage moved; B, untouched, is read back.
            #expect(afterCheckIn[a]?["antimalware_coverage"]?.numerator == 1)
            #expect(afterCheckIn[b]?["antimalware_coverage"]?.numerator == 1)

            // Action 1b: its signatures grow old (written behind Vigil's back), then the agent
            // reports fresh ones, with the same products: the verdict changes, so the counts do.
            let host = try #require(try await HostRecord.query(on: app.db).filter(\.$machineID == "ws-a-1").first())
            host.avSignatureAt = Date().addingTimeInterval(-30 * 86_400)
            try await host.update(on: app.db)
            app.vigilServices.compliance.cache.removeAll()
            #expect(try await Self.province(app, token: coordinator)[a]?["antimalware_coverage"]?.numerator == 0)
            #expect(try await app.checkIn(checkInJSON(machine: "ws-a-1", sentAt: sent.addingTimeInterval(90)), token: enrolment).status == .ok)
            #expect(try await Self.province(app, token: coordinator)[a]?["antimalware_coverage"]?.numerator == 1)

            // Action 2: B's administrator records an information system (an audited write).
            let bAdmin = try await app.token(for: fixtures.user("b_admin"))
            let system = try await app.api(.POST, "/api/v1/systems", token: bAdmin, json: #"{"name": "Cổng thông tin", "securityLevel": 2}"#)
            #expect(system.status == .created, "\(system.text)")
            let afterSystem = try await Self.province(app, token: coordinator)

            // Check: B's per-system indicators count it; A's coverage still as it was.
            #expect(afterSystem[b]?["plans_current"]?.denominator == 1)
            #expect(afterSystem[b]?["scan_freshness"]?.denominator == 1)
            #expect(afterSystem[a]?["antimalware_coverage"]?.numerator == 1)

            // A host written behind Vigil's back (no audit entry, no check-in) waits for `maxAge`;
            // once the kept counts are past it, it is counted.
            _ = try await CoverageTests().host(app, fixtures.agencyB, "b-2", reportedDaysAgo: nil, now: Date())
            #expect(try await Self.province(app, token: coordinator)[b]?["antimalware_coverage"]?.denominator == 1)
            app.vigilServices.compliance.cache.removeAll()
            #expect(try await Self.province(app, token: coordinator)[b]?["antimalware_coverage"]?.denominator == 2)

            // The leader's own view answers from the same counts, with when they were computed.
            let leader = try await app.token(for: fixtures.user("leader"))
            let report = try await ComplianceAPITests.report(app, token: leader)
            #expect(abs(report.computedAt.timeIntervalSinceNow) < 60)
        }
    }

    @Test("a change drops the counts of its organisation and those below it, once later than their mark; nothing is kept past maxAge")
    func survivingEntries() throws {
        let (root, agency, unit, other) = (UUID(), UUID(), UUID(), UUID())
        func path(_ ids: UUID...) -> String { "/" + ids.map { $0.uuidString.lowercased() + "/" }.joined() }
        let paths = [root: path(root), agency: path(root, agency), unit: path(root, agency, unit), other: path(root, other)]
        let now = Date()
        let stateMark = UUID.timeOrdered(at: now.addingTimeInterval(-10))
        let mark = ComplianceCountsCache.Mark(audit: 10, hostState: stateMark)
        let entries = Dictionary(uniqueKeysWithValues: [root, agency, unit, other].map {
            ($0, ComplianceCountsCache.Entry(counts: ComplianceCounts(), computedAt: now, mark: mark))
        })
        func kept(after changes: [ComplianceCountsCache.Change]) -> Set<UUID> {
            Set(ComplianceCountsCache.surviving(entries, paths: paths, after: changes).keys)
        }

        #expect(kept(after: []) == [root, agency, unit, other])
        #expect(kept(after: [.audited(sequence: 11, organisation: agency)]) == [root, other])
        #expect(kept(after: [.audited(sequence: 11, organisation: unit)]) == [root, agency, other])
        #expect(kept(after: [.audited(sequence: 11, organisation: root)]).isEmpty)
        #expect(kept(after: [.audited(sequence: 11, organisation: nil)]).isEmpty)
        #expect(kept(after: [.audited(sequence: 10, organisation: agency)]) == [root, agency, unit, other])
        #expect(kept(after: [.hostState(id: UUID.timeOrdered(at: now), organisation: other)]) == [root, agency, unit])
        #expect(kept(after: [.hostState(id: UUID.timeOrdered(at: now.addingTimeInterval(-20)), organisation: other)]) == [root, agency, unit, other])
        #expect(ComplianceCountsCache.isAfter(stateMark, nil))
        #expect(!ComplianceCountsCache.isAfter(stateMark, stateMark))

        let cache = ComplianceCountsCache(maxAge: 60)
        cache.store([agency: ComplianceCounts()], computedAt: now, mark: mark)
        #expect(cache.entries(for: [agency, other], now: now.addingTimeInterval(59)).keys.sorted() == [agency])
        #expect(cache.entries(for: [agency], now: now.addingTimeInterval(61)).isEmpty)
        // Counts from older records never replace those from newer ones.
        var newer = ComplianceCounts()
        newer.hosts = 5
        cache.store([agency: newer], computedAt: now, mark: ComplianceCountsCache.Mark(audit: 12, hostState: stateMark))
        cache.store([agency: ComplianceCounts()], computedAt: now, mark: mark)
        #expect(cache.entries(for: [agency], now: now)[agency]?.counts.hosts == 5)
        // Entries found still true take the new mark, keeping their age; one counted again meanwhile is left alone.
        let checked = cache.entries(for: [agency], now: now)
        let later = ComplianceCountsCache.Mark(audit: 20, hostState: stateMark)
        cache.confirm(checked, as: later)
        #expect(cache.entries(for: [agency], now: now)[agency]?.mark == later)
        #expect(cache.entries(for: [agency], now: now)[agency]?.computedAt == now)
        cache.store([agency: ComplianceCounts()], computedAt: now.addingTimeInterval(1), mark: ComplianceCountsCache.Mark(audit: 25, hostState: stateMark))
        cache.confirm(checked, as: ComplianceCountsCache.Mark(audit: 30, hostState: stateMark))
        #expect(cache.entries(for: [agency], now: now.addingTimeInterval(1))[agency]?.mark.audit == 25)
    }
}
