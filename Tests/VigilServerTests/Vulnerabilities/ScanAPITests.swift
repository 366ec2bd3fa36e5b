import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Scan API")
struct ScanAPITests {
    struct Outcome: Decodable {
        let scanId: String
        let format: String
        let hosts: Int
        let findings: Int
        let new: Int
        let unchanged: Int
        let fixed: Int
        let reopened: Int
        let cves: Int
        let seconds: Double
    }

    struct Finding: Decodable {
        struct Host: Decodable { let id: String; let address: String?; let hostname: String }
        let id: String
        let host: Host
        let port: Int?
        let `protocol`: String
        let title: String
        let scannerId: String
        let cves: [String]
        let cvss: Double?
        let severity: String
        let status: String
    }

    struct Page: Decodable {
        let items: [Finding]
        let nextCursor: String?
    }

    func form(_ sample: String, org: OrganisationRecord) throws -> Multipart {
        var form = Multipart()
        form.field("org", org.id!.uuidString)
        let path = ScanImportTests.samples.appendingPathComponent(sample).path
        form.file("file", URL(fileURLWithPath: path).lastPathComponent, try Data(contentsOf: URL(fileURLWithPath: path)))
        return form
    }

    @Test("every sample report uploads with its format found from the content; findings list by scan, host and status, paged")
    func uploads() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let expected: [(String, String, Int)] = [
                ("openvas/one_vuln.xml", "openvas", 1), ("openvas/many_vuln.xml", "openvas", 44), ("openvas/no_vuln.xml", "openvas", 0),
                ("nessus/nessus_with_cvssv3.nessus", "nessus", 48), ("nessus/nessus_many_vuln.xml", "nessus", 7),
                ("nmap/nmap_script_vulners.xml", "nmap", 3), ("nmap/nmap_multiple_port.xml", "nmap", 13),
                ("trivy/scheme_2_many_vulns.json", "trivy", 5), ("trivy/scheme_2_no_vuln.json", "trivy", 0),
            ]
            var scans: [String: Outcome] = [:]
            for (sample, format, findings) in expected {
                let response = try await app.upload("/api/v1/scans", token: token, try form(sample, org: fixtures.agencyA))
                #expect(response.status == .created, "\(sample): \(response.text)")
                let outcome = try response.content.decode(Outcome.self)
                #expect(outcome.format == format && outcome.findings == findings, "\(sample)")
                scans[sample] = outcome
            }
            let nessus = try #require(scans["nessus/nessus_with_cvssv3.nessus"])
            let page = try await app.api(.GET, "/api/v1/findings?scan=\(nessus.scanId)&limit=20", token: token).content.decode(Page.self)
            #expect(page.items.count == 20 && page.nextCursor != nil)
            #expect(page.items.allSatisfy { $0.host.address == "44.228.249.3" && $0.host.hostname == "testphp.vulnweb.com" })
            var all = page.items
            var cursor = page.nextCursor
            while let next = cursor {
                let more = try await app.api(.GET, "/api/v1/findings?scan=\(nessus.scanId)&limit=20&cursor=\(next)", token: token).content.decode(Page.self)
                all += more.items
                cursor = more.nextCursor
            }
            #expect(all.count == 48 && Set(all.map(\.id)).count == 48)
            let php = try #require(all.first { $0.scannerId == "31649" })
            #expect(php.port == 80 && php.protocol == "tcp" && php.cves.contains("CVE-2006-1015") && php.severity == "high" && php.status == "open")
            let host = try await app.api(.GET, "/api/v1/findings?host=\(php.host.id)&status=open&limit=100", token: token).content.decode(Page.self)
            #expect(host.items.count == 48)
            #expect(try await app.api(.GET, "/api/v1/findings?status=bogus", token: token).status == .unprocessableEntity)
        }
    }

    @Test("a broken report is refused with the place and reason, and nothing is stored; scope and roles hold")
    func refusals() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            var broken = Multipart()
            broken.field("org", fixtures.agencyA.id!.uuidString)
            broken.file("file", "report.nessus", Data("<?xml version=\"1.0\"?><NessusClientData_v2><Report><ReportHost name=\"h\"><ReportItem port=\"x\"".utf8))
            let refused = try await app.upload("/api/v1/scans", token: token, broken)
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_report")
            #expect(try await ScanRecord.query(on: app.db).count() == 0)
            #expect(try await FindingRecord.query(on: app.db).count() == 0)

            var xxe = Multipart()
            xxe.field("org", fixtures.agencyA.id!.uuidString)
            xxe.file("file", "x.xml", Data("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><report>&x;</report>".utf8))
            #expect(try await app.upload("/api/v1/scans", token: token, xxe).status == .unprocessableEntity)

            // Another agency's organisation is not the caller's to import into; a leader may only read.
            #expect(try await app.upload("/api/v1/scans", token: token, try form("openvas/one_vuln.xml", org: fixtures.agencyB)).status
                    == .unprocessableEntity)
            let leader = try await app.token(for: fixtures.user("leader"))
            #expect(try await app.upload("/api/v1/scans", token: leader, try form("openvas/one_vuln.xml", org: fixtures.agencyA)).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/findings", token: leader).status == .ok)
            var noFile = Multipart()
            noFile.field("org", fixtures.agencyA.id!.uuidString)
            #expect(try await app.upload("/api/v1/scans", token: token, noFile).status == .unprocessableEntity)
            #expect(try await app.api(.POST, "/api/v1/scans", token: token, json: "{}").status == .unsupportedMediaType)

            // Agency B's responder sees none of agency A's findings.
            _ = try await app.upload("/api/v1/scans", token: token, try form("openvas/one_vuln.xml", org: fixtures.agencyA))
            let other = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await app.api(.GET, "/api/v1/findings", token: other).content.decode(Page.self).items.isEmpty)
        }
    }
}
