import Fluent
import SQLKit
import Foundation
import Testing
import Vapor
import VigilScans
import VigilCore
@testable import VigilServer

@Suite("Scan import")
struct ScanImportTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("VigilScansTests/Samples")

    static func report(_ results: [(host: String, oid: String, port: String)]) throws -> String {
        let body = results.map { result in
            """
            <result id="\(UUID().uuidString)"><name>Check \(result.oid)</name><host>\(result.host)</host><port>\(result.port)</port>
            <nvt oid="\(result.oid)"><name>Check \(result.oid)</name><cvss_base>7.5</cvss_base><tags>summary=Remote code execution in the service.</tags>
            <refs><ref type="cve" id="CVE-2024-\(result.oid.suffix(4))"/></refs></nvt><threat>High</threat><severity>9.8</severity>
            <description>seen</description></result>
            """
        }.joined()
        let text = "<report id=\"r\"><report id=\"r\"><results>\(body)</results></report></report>"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-import-\(UUID().uuidString).xml")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Imports the report at `path`, and removes it if it was written to the temporary folder.
    func importFile(_ app: Application, _ path: String, organisation: OrganisationRecord) async throws -> ScanImportService.Outcome {
        defer { if path.hasPrefix(FileManager.default.temporaryDirectory.path) { try? FileManager.default.removeItem(atPath: path) } }
        return try await ScanImportService().importFile(at: path, fileName: "report.xml", organisationID: try organisation.requireID(), systemID: nil,
                                                 importedBy: .commandLine, importedByName: "tests", on: app.db)
    }

    @Test("findings stored with the first form of identity (the whole digest) are rewritten and seen again, not new")
    func identityMigration() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let results: [(host: String, oid: String, port: String)] = [("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1001", "443/tcp"),
                                                                        ("10.0.0.2", "1.3.6.1.4.1.25623.1.0.1002", "general/tcp")]
            #expect(try await importFile(app, try Self.report(results), organisation: fixtures.agencyA).new == 2)
            // As the first form stored them: the SHA-256 of the same text, whole.
            for finding in try await FindingRecord.query(on: app.db).all() {
                let host = finding.hostID.uuidString.lowercased()
                let text = [host, finding.port.map(String.init) ?? "", finding.transport, finding.scannerID, finding.component].joined(separator: "\u{1F}")
                finding.identity = Secrets.sha256Hex(text)
                try await finding.save(on: app.db)
            }
            try await ClusterFindingIdentities().prepare(on: app.db)
            let again = try await importFile(app, try Self.report(results), organisation: fixtures.agencyA)
            #expect(again.new == 0 && again.unchanged == 2)
            #expect(try await FindingRecord.query(on: app.db).count() == 2)
        }
    }

    @Test("on SQLite the sightings move to one tree keyed by scan and finding, and back, keeping every row")
    func compactSightings() async throws {
        try await withVigilApp { app in
            guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
            let fixtures = try await Fixtures.make(app)
            let results: [(host: String, oid: String, port: String)] = [("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1001", "443/tcp"),
                                                                        ("10.0.0.2", "1.3.6.1.4.1.25623.1.0.1002", "general/tcp")]
            _ = try await importFile(app, try Self.report(results), organisation: fixtures.agencyA)
            let second = try await importFile(app, try Self.report(Array(results.prefix(1))), organisation: fixtures.agencyA)
            #expect(second.unchanged == 1)
            struct Schema: Decodable { let sql: String }
            func definition() async throws -> String {
                try await sql.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'finding_sightings'").first(decoding: Schema.self)?.sql ?? ""
            }
            #expect(try await definition().contains("WITHOUT ROWID"))
            let before = try await FindingSightingRecord.query(on: app.db).all().map { "\($0.scanID) \($0.findingID) \($0.change)" }.sorted()
            #expect(before.count == 3)
            try await CompactFindingSightings().revert(on: app.db)
            #expect(try await !definition().contains("WITHOUT ROWID"))
            try await CompactFindingSightings().prepare(on: app.db)
            #expect(try await definition().contains("WITHOUT ROWID"))
            #expect(try await FindingSightingRecord.query(on: app.db).all().map { "\($0.scanID) \($0.findingID) \($0.change)" }.sorted() == before)
            let third = try await importFile(app, try Self.report(results), organisation: fixtures.agencyA)
            #expect(third.unchanged == 2 && third.new == 0)
        }
    }

    @Test("a finding seen again as it was is last seen by the second scan, though its row is not rewritten")
    func lastSeenBySighting() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let results: [(host: String, oid: String, port: String)] = [("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1001", "443/tcp")]
            _ = try await importFile(app, try Self.report(results), organisation: fixtures.agencyA)
            try await Task.sleep(for: .milliseconds(20))
            let second = try await importFile(app, try Self.report(results), organisation: fixtures.agencyA)
            #expect(second.unchanged == 1)
            let finding = try #require(try await FindingRecord.query(on: app.db).first())
            let scan = try #require(try await ScanRecord.find(UUID(uuidString: second.scanId), on: app.db))
            let seen = try await FindingRepository().lastSeen([finding.requireID()], on: app.db)
            #expect(abs((seen[finding.id!] ?? .distantPast).timeIntervalSince(scan.importedAt)) < 0.001)
            #expect(finding.lastSeenAt < scan.importedAt)
            let listed = try await FindingRepository().list(scope: [fixtures.agencyA.requireID()], filter: .init(), after: nil, limit: 10, on: app.db)
            #expect(listed.count == 1 && abs(listed[0].last_seen_at.timeIntervalSince(scan.importedAt)) < 0.001)
        }
    }

    @Test("a second scan: unchanged, new, fixed (only for its own format and hosts), then reopened by a third")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let first = try await importFile(app, try Self.report([("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1001", "443/tcp"),
                                                                  ("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1002", "22/tcp"),
                                                                  ("10.0.0.2", "1.3.6.1.4.1.25623.1.0.1003", "general/tcp")]), organisation: fixtures.agencyA)
            #expect(first.new == 3 && first.hosts == 2 && first.findings == 3 && first.cves == 3)
            // Another scanner on the same host: its findings do not make the OpenVAS ones fixed.
            _ = try await importFile(app, Self.samples.appendingPathComponent("nmap/nmap_script_vulners.xml").path, organisation: fixtures.agencyA)
            // The second scan covers 10.0.0.1 only: 1002 is gone (fixed), 1004 is new; 10.0.0.2 was not scanned.
            let second = try await importFile(app, try Self.report([("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1001", "443/tcp"),
                                                                   ("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1004", "443/tcp")]), organisation: fixtures.agencyA)
            #expect(second.unchanged == 1 && second.new == 1 && second.fixed == 1 && second.reopened == 0)
            let fixedFinding = try #require(try await FindingRecord.query(on: app.db).filter(\.$scannerID == "1.3.6.1.4.1.25623.1.0.1002").first())
            #expect(fixedFinding.status == "fixed" && fixedFinding.fixedAt != nil)
            #expect(try await FindingRecord.query(on: app.db).filter(\.$format == "nmap").filter(\.$status == "open").count() == 3)
            #expect(try await FindingRecord.query(on: app.db).filter(\.$scannerID == "1.3.6.1.4.1.25623.1.0.1003").first()?.status == "open")
            let third = try await importFile(app, try Self.report([("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1001", "443/tcp"),
                                                                  ("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1002", "22/tcp"),
                                                                  ("10.0.0.1", "1.3.6.1.4.1.25623.1.0.1004", "443/tcp")]), organisation: fixtures.agencyA)
            #expect(third.reopened == 1 && third.unchanged == 2 && third.fixed == 0)
            #expect(try await FindingRecord.find(fixedFinding.id, on: app.db)?.status == "open")
            // Remote code execution at 9.8: due at once.
            let finding = try #require(try await FindingRecord.query(on: app.db).filter(\.$scannerID == "1.3.6.1.4.1.25623.1.0.1001").first())
            #expect(finding.allowsIntrusion && finding.dueAt == finding.firstSeenAt && finding.severity == "critical")
            let sightings = try await FindingSightingRecord.query(on: app.db).all().map(\.change)
            #expect(sightings.filter { $0 == "fixed" }.count == 1 && sightings.filter { $0 == "reopened" }.count == 1)
        }
    }

    @Test("hosts are matched to the inventory by address or name; unknown ones are created, flagged as found by a scan")
    func hosts() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.enrolmentToken(for: fixtures.agencyA)
            _ = try await app.checkIn(checkInJSON(machine: "m-1", hostname: "web01", sentAt: Date().addingTimeInterval(-5)), token: token)
            let known = try #require(try await HostRecord.query(on: app.db).first())
            _ = try await importFile(app, try Self.report([("10.20.1.15", "1.3.6.1.4.1.25623.1.0.2001", "80/tcp"),
                                                          ("10.99.0.1", "1.3.6.1.4.1.25623.1.0.2002", "80/tcp")]), organisation: fixtures.agencyA)
            let findings = try await FindingRecord.query(on: app.db).all()
            #expect(findings.first { $0.scannerID.hasSuffix("2001") }?.hostID == known.id)
            let created = try #require(try await HostRecord.query(on: app.db).filter(\.$source == "scan").first())
            #expect(created.hostname == "10.99.0.1" && created.addresses == "10.99.0.1" && created.$organisation.id == fixtures.agencyA.id)
            // Another agency's import never touches agency A's hosts.
            _ = try await importFile(app, try Self.report([("10.20.1.15", "1.3.6.1.4.1.25623.1.0.2001", "80/tcp")]), organisation: fixtures.agencyB)
            #expect(try await HostRecord.query(on: app.db).filter(\.$organisation.$id == fixtures.agencyB.id!).count() == 1)
        }
    }

    @Test("a report refused half-way stores nothing: no scan, no host, no finding")
    func refused() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            var text = try String(contentsOfFile: try Self.report((1...1200).map { ("10.1.\($0 / 250).\($0 % 250 + 1)", "1.3.6.1.4.1.25623.1.0.\($0)", "80/tcp") }),
                                  encoding: .utf8)
            text = String(text.prefix(text.count - 2000))
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-truncated-\(UUID().uuidString).xml")
            try Data(text.utf8).write(to: url)
            await #expect(throws: ScanReportError.self) { try await importFile(app, url.path, organisation: fixtures.agencyA) }
            #expect(try await ScanRecord.query(on: app.db).count() == 0)
            #expect(try await HostRecord.query(on: app.db).count() == 0)
            #expect(try await FindingRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("written without SQLite's key lookups, an import leaves no broken reference; an unknown organisation is refused; keys are checked again after")
    func foreignKeys() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            // 50 hosts, 30 results each, over more than one batch.
            let results = (1...1500).map { ("10.2.0.\($0 % 50 + 1)", "1.3.6.1.4.1.25623.1.0.\($0)", "\($0 % 3 + 80)/tcp") }
            #expect(try await importFile(app, try Self.report(results), organisation: fixtures.agencyA).new == 1500)
            let again = try await importFile(app, try Self.report(Array(results.dropLast(100))), organisation: fixtures.agencyA)
            #expect(again.unchanged == 1400 && again.fixed == 100)
            let sql = app.db as! any SQLDatabase
            if sql.dialect.name == "sqlite" {
                #expect(try await sql.raw("PRAGMA foreign_key_check").all().isEmpty)
            }
            await #expect(throws: ScanReportError.self) {
                try await ScanImportService().importFile(at: try Self.report(results), fileName: "r.xml", organisationID: UUID(), systemID: nil,
                                                         importedBy: .commandLine, importedByName: "tests", on: app.db)
            }
            // Every connection checks keys again: a sighting of no scan is refused, whichever serves it.
            for _ in 0..<8 {
                await #expect(throws: (any Error).self) {
                    try await app.db.write { db in
                        try await (db as! any SQLDatabase).raw("""
                            INSERT INTO finding_sightings (id, scan_id, finding_id, change) VALUES (\(bind: UUID()), \(bind: UUID()), \(bind: UUID()), 'new')
                            """).run()
                    }
                }
            }
            #expect(try await ScanRecord.query(on: app.db).count() == 2)
        }
    }

    @Test("a finding's identity starts with its host, and ids are bound as Fluent stores them")
    func identityAndIDs() throws {
        let host = UUID()
        let results = [
            ScanResult(host: ScannedHost(address: "10.0.0.1"), port: 443, transport: "TCP", title: "Check", scannerID: "1.3.6.1.4.1.25623.1.0.1", severity: .high),
            ScanResult(host: ScannedHost(address: "10.0.0.1"), transport: "package", title: "OpenSSL Ünïcode", scannerID: "", severity: .low,
                       component: "OpenSSL 3.0.2"),
        ]
        for result in results {
            let key = FindingIdentity.digest(hostID: host, result: result)
            #expect(FindingIdentity.key(hostText: host.uuidString.lowercased(), hostPrefix: FindingIdentity.prefix(hostText: host.uuidString.lowercased()),
                                        result: result) == key)
            // The host first (its findings side by side in the index), then 32 digits of the digest.
            #expect(key.count == 64 && key.hasPrefix(host.uuidString.lowercased().replacingOccurrences(of: "-", with: "")))
        }
        #expect(FindingIdentity.digest(hostID: host, result: results[0]) != FindingIdentity.digest(hostID: UUID(), result: results[0]))
        for _ in 0..<100 {
            let uuid = UUID()
            #expect(BoundValues.text(uuid) == uuid.uuidString)
            #expect(BoundValues.uuid(uuid.uuidString) == uuid && BoundValues.uuid(uuid.uuidString.lowercased()) == uuid)
        }
        for text in ["", "not a uuid", "0190A6B2-7C1D-7E3F-8A9B-0C1D2E3F4A5", "0190A6B2X7C1D-7E3F-8A9B-0C1D2E3F4A5B", "0190A6B2-7C1D-7E3F-8A9B-0C1D2E3F4A5G"] {
            #expect(BoundValues.uuid(text) == nil)
        }
        let now = Date()
        var ids = TimeOrderedIDs(at: now)
        // More than one block of random steps.
        let made = (0..<10_000).map { _ in ids.next() }
        #expect(Set(made).count == made.count)
        // Increasing, as SQLite compares them (the upper-case text Fluent stores).
        #expect(zip(made, made.dropFirst()).allSatisfy { BoundValues.text($0) < BoundValues.text($1) })
        let reference = UUID.timeOrdered(at: now).uuid
        for id in made.prefix(5) {
            let bytes = id.uuid
            #expect((bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5) == (reference.0, reference.1, reference.2, reference.3, reference.4, reference.5))
            #expect(bytes.6 >> 4 == 7 && bytes.8 >> 6 == 2)
        }
    }
}
