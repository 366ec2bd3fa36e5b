import Foundation
import Testing
import Vapor
import VigilServer
@testable import VigilBenchmarks

/// `vigil bench compliance`'s province at a tiny size, not timed: the bulk rows fit the schema and
/// every indicator's repository reads them, so the benchmark keeps compiling and measuring something.
@Suite struct ComplianceProvinceTests {
    struct Indicator: Decodable { let code: String; let numerator: Int; let denominator: Int? }
    struct Organisation: Decodable { let organisationId: String; let indicators: [Indicator] }
    struct Page: Decodable { let items: [Organisation] }
    struct Report: Decodable { let organisationId: String; let indicators: [Indicator] }

    @Test func aTinyProvinceIsReadByEveryIndicator() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-province-\(UUID().uuidString)")
        let app = try await Bench.scratchApplication(in: directory)
        do {
            let size = ComplianceProvince.Size(agencies: 3, unitsPerAgency: 1, systemsPerAgency: 10, hosts: 120, findings: 600, incidents: 60)
            let province = try await ComplianceProvince.seed(app, size: size)

            let response = try await Bench.send(app, .GET, "/api/v1/compliance/organisations", token: province.coordinatorToken)
            #expect(response.status == .ok)
            let items = try response.content.decode(Page.self).items
            #expect(items.count == 3)
            func total(_ code: String) -> (numerator: Int, denominator: Int) {
                let found = items.flatMap(\.indicators).filter { $0.code == code }
                return (found.map(\.numerator).reduce(0, +), found.compactMap(\.denominator).reduce(0, +))
            }
            // Every host is in an agency's subtree; most are protected, some in each way not.
            #expect(total("antimalware_coverage").denominator == 120)
            #expect((1..<120).contains(total("antimalware_coverage").numerator))
            #expect(total("scan_freshness").denominator == 30)
            #expect(total("scan_freshness").numerator > 0)
            #expect(total("plans_current").numerator > 0)
            #expect(total("drills_done").denominator > 0)
            #expect(total("immediate_findings_overdue").numerator > 0)
            #expect(total("findings_overdue").numerator > 0)
            #expect(total("advisories_overdue").numerator > 0)
            #expect(total("incidents_notified_on_time").denominator > 0)

            let own = try await Bench.send(app, .GET, "/api/v1/compliance", token: province.leaderToken)
            #expect(own.status == .ok)
            #expect(try own.content.decode(Report.self).organisationId == province.firstAgency.uuidString.lowercased())
            try await VigilOperations(attachedTo: app).runComplianceSnapshot()
        } catch {
            try? await app.asyncShutdown()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}
