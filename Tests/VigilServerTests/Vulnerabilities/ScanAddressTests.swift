import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilScans
@testable import VigilServer

/// A host address that is not an IP address (`192.168.1.1001`, as in a shared test report) is
/// kept as the scanner wrote it, on the host and in the findings list, and the import says so.
@Suite("Scan import: addresses kept as written")
struct ScanAddressTests {
    @Test("an invalid address is kept on the host, listed in the import's result and shown with the scan")
    func invalidAddressKept() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let path = try ScanImportTests.report([("192.168.1.1001", "1.3.6.1.4.1.25623.1.0.2001", "443/tcp"),
                                                   ("192.168.1.1001", "1.3.6.1.4.1.25623.1.0.2002", "80/tcp"),
                                                   ("10.0.0.7", "1.3.6.1.4.1.25623.1.0.2001", "443/tcp")])
            let outcome = try await ScanImportTests().importFile(app, path, organisation: fixtures.agencyA)
            #expect(outcome.findings == 3 && outcome.hosts == 2)
            #expect(outcome.changed == [ScanChange(kind: .invalidAddress, value: "192.168.1.1001", count: 2)])
            let hosts = try await HostRecord.query(on: app.db).sort(\.$hostname).all()
            #expect(Set(hosts.map(\.hostname)) == ["10.0.0.7", "192.168.1.1001"])
            let odd = try #require(hosts.first { $0.hostname == "192.168.1.1001" })
            #expect(odd.addresses == "192.168.1.1001", "kept as written in the host's addresses")

            // The same report again finds the same host, through the address as written.
            let again = try await ScanImportTests().importFile(app, try ScanImportTests.report([("192.168.1.1001", "1.3.6.1.4.1.25623.1.0.2001", "443/tcp")]),
                                                               organisation: fixtures.agencyA)
            #expect(again.new == 0 && again.unchanged == 1)
            #expect(try await HostRecord.query(on: app.db).count() == 2)

            // The findings page of that scan lists what was changed.
            let session = try await app.signIn(fixtures.user("root_admin"))
            let page = try await app.testing().sendRequest(.GET, "/vulnerabilities/findings?scan=\(outcome.scanId)", headers: session.headers)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("data-testid=\"scan-changes\""))
            #expect(page.body.string.contains("192.168.1.1001"))
        }
    }

    @Test("the readers keep an invalid address as written and count it")
    func readers() throws {
        var summary = ScanSummary(format: .nessus)
        let nessus = NessusReport.host(name: "web", properties: ["host-ip": "10.0.0.300", "host-fqdn": "web.example"], summary: &summary)
        #expect(nessus.address == nil && nessus.reportedAddress == "10.0.0.300" && nessus.hostname == "web.example")
        #expect(summary.changed == [ScanChange(kind: .invalidAddress, value: "10.0.0.300", count: 1)])
        #expect(IPAddress.looksLikeAddress("192.168.1.1001") && !IPAddress.looksLikeAddress("web-01") && IPAddress.looksLikeAddress("fe80::zz") == false)
        var many = ScanSummary(format: .openvas)
        for index in 0..<(ScanChange.distinctLimit + 5) { many.change(.invalidAddress, "10.0.0.\(300 + index)") }
        #expect(many.changed.count == ScanChange.distinctLimit + 1 && many.changed.last == ScanChange(kind: .invalidAddress, value: "", count: 5))
    }
}

@Suite("Scan uploads left by a killed server")
struct StaleUploadTests {
    @Test("the next upload sweeps old leftovers and leaves fresh uploads alone")
    func sweep() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("vigil-scan-old")
        let fresh = folder.appendingPathComponent("vigil-scan-fresh")
        let other = folder.appendingPathComponent("someone-else")
        for file in [old, fresh, other] { try Data("x".utf8).write(to: file) }
        let yesterday = Date().addingTimeInterval(-86_400)
        for file in [old, other] { try FileManager.default.setAttributes([.modificationDate: yesterday], ofItemAtPath: file.path) }
        ScanUpload.sweepStale(in: folder, force: true)
        #expect(!FileManager.default.fileExists(atPath: old.path))
        #expect(FileManager.default.fileExists(atPath: fresh.path) && FileManager.default.fileExists(atPath: other.path))
    }
}
