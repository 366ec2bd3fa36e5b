import Foundation
import Testing
import VigilCore
@testable import VigilScans

@Suite("Vigil CSV reports")
struct VigilCSVReportTests {
    @Test("results from any scanner: addresses or names, severity or CVSS, CVEs; semicolons as a spreadsheet saves them")
    func reads() throws {
        let text = """
            \u{FEFF}host;hostname;port;protocol;title;scanner_id;cves;cvss;severity;solution
            10.20.0.5;web01;443;tcp;"TLS 1.0 enabled; weak ciphers";tls-10;;5,0;medium;Disable TLS 1.0
            db01.sxd.local;;5432;;PostgreSQL outdated;pg-old;CVE-2023-5868 CVE-2023-5869;8.8;;Upgrade
            10.20.0.6;;;;Host information;;;;info;
            """.replacingOccurrences(of: "5,0", with: "5.0")
        let (summary, results) = try Samples.read(text: text)
        #expect(summary.format == .csv && results.count == 3)
        #expect(results[0].host == ScannedHost(address: "10.20.0.5", hostname: "web01") && results[0].title == "TLS 1.0 enabled; weak ciphers")
        #expect(results[1].host.hostname == "db01.sxd.local" && results[1].cves == ["CVE-2023-5868", "CVE-2023-5869"])
        #expect(results[1].severity == .high && results[1].transport == "tcp")
        #expect(results[2].severity == .info && results[2].port == nil)
        #expect(summary.hosts.count == 3)
    }

    @Test("a bad line refuses the whole file with its number and column")
    func refused() throws {
        let cases: [(String, String)] = [
            ("host,title,severity\n10.0.0.1,Ok,low\n,No host,low\n", "line 3, host"),
            ("host,title,severity\n10.0.0.1,Bad,urgent\n", "line 2, severity"),
            ("host,title,port,severity\n10.0.0.1,Bad,70000,low\n", "line 2, port"),
            ("host,title,cves,severity\n10.0.0.1,Bad,CVE-12,low\n", "line 2, cves"),
            ("host,title\n10.0.0.1,No severity\n", "line 2, severity"),
            ("host,title,severity\n10.0.0.1,\"Unclosed quote,low\n10.0.0.2,Next,low\n", "line 2, severity"),
        ]
        for (text, location) in cases {
            do {
                _ = try Samples.read(text: text)
                Issue.record("accepted: \(text)")
            } catch let error as ScanReportError {
                #expect(error.location == location, "\(text)")
            }
        }
    }
}
