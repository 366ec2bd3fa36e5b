import Foundation
import Testing
import VigilCore
@testable import VigilScans

@Suite("Greenbone/OpenVAS reports")
struct OpenVASReportTests {
    @Test("one result: host, port, NVT, CVEs from refs, CVSS, severity, solution, evidence")
    func one() throws {
        let (summary, results) = try Samples.read(Samples.path("openvas/one_vuln.xml"))
        #expect(summary.format == .openvas && summary.results == 1 && summary.skipped.isEmpty)
        let result = try #require(results.first)
        #expect(result.host.address == "10.0.101.2")
        #expect(result.port == nil && result.transport == "tcp")
        #expect(result.scannerID == "1.3.6.1.4.1.25623.1.0.832260")
        #expect(result.title == "Mozilla Firefox Security Update (mfsa_2023-32_2023-36) - Windows")
        #expect(result.cves.starts(with: ["CVE-2023-4573", "CVE-2023-4574", "CVE-2023-4575"]))
        #expect(result.cvssScore == 10.0 && result.severity == .critical)
        #expect(result.description.contains("Mozilla Firefox is prone to multiple vulnerabilities"))
        #expect(!result.solution.isEmpty)
    }

    @Test("many results: every one read, names for hosts that are not IP addresses, titles unwrapped")
    func many() throws {
        let (summary, results) = try Samples.read(Samples.path("openvas/many_vuln.xml"))
        #expect(summary.results == 44 && results.count == 44)
        #expect(Set(results.map(\.host.key)) == ["b6b9f466d63"])
        #expect(results.allSatisfy { $0.host.address == nil && $0.host.hostname == "b6b9f466d63" })
        #expect(results.filter { $0.severity == .critical }.count == 8)
        #expect(results.allSatisfy { !$0.title.contains("\n") && !$0.scannerID.isEmpty })
        let dh = try #require(results.first { $0.scannerID == "1.3.6.1.4.1.25623.1.0.106223" })
        #expect(dh.title == "SSL/TLS: Diffie-Hellman Key Exchange Insufficient DH Group Strength Vulnerability")
        #expect(dh.port == 5432 && dh.transport == "tcp" && dh.severity == .medium)
        // Tag values lose the indentation of the XML around them, line by line.
        #expect(dh.description.hasPrefix("The SSL/TLS service uses Diffie-Hellman groups with insufficient\nstrength"))
        #expect(!results.contains { $0.description.contains("\n    ") })
    }

    @Test("titles: line breaks, tabs and runs of spaces become one space; other text is kept as it is",
          arguments: [
              ("Distributed Ruby (dRuby/DRb) Multiple Remote Code Execution\n                        Vulnerabilities",
               "Distributed Ruby (dRuby/DRb) Multiple Remote Code Execution Vulnerabilities"),
              ("  leading,\ttabbed,\r\n  trailing  ", "leading, tabbed, trailing"),
              ("already clean", "already clean"),
              ("", ""),
              ("   ", ""),
              ("a\u{01}b  c", "a\u{01}b c"),
              ("Lỗ hổng\n   bảo mật\u{00A0}\u{00A0}nghiêm trọng", "Lỗ hổng bảo mật nghiêm trọng"),
          ])
    func titles(raw: String, collapsed: String) {
        #expect(raw.collapsingWhitespace == collapsed)
        #expect(raw.collapsingWhitespace == raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    @Test("a report without results is read, with nothing in it")
    func none() throws {
        let (summary, results) = try Samples.read(Samples.path("openvas/no_vuln.xml"))
        #expect(summary.format == .openvas && results.isEmpty && summary.results == 0)
    }

    static func report(_ results: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <get_reports_response status="200" status_text="OK"><report id="r1"><report id="r1">
        <results start="1" max="-1">\(results)</results>
        <host><ip>10.1.2.3</ip><detail><name>hostname</name><value>web01.sxd.local</value></detail>
          <detail><name>best_os_txt</name><value>Ubuntu 22.04</value></detail></host>
        </report></report></get_reports_response>
        """
    }

    static func result(threat: String = "High", severity: String = "7.5", port: String = "443/tcp", host: String = "10.1.2.3",
                       extra: String = "") -> String {
        """
        <result id="\(UUID().uuidString)"><name>Check</name><host>\(host)<asset asset_id="a"/></host><port>\(port)</port>
        <nvt oid="1.3.6.1.4.1.25623.1.0.1"><type>nvt</type><name>OpenSSL Vulnerability</name><cvss_base>7.5</cvss_base>
        <tags>summary=Summary with a | pipe.|insight=Why|cvss_base_vector=AV:N/AC:L/Au:N/C:P/I:P/A:P|solution_type=VendorFix</tags>
        <solution type="VendorFix">Update to 3.0.8.</solution><cve>CVE-2023-0286, NOCVE</cve>\(extra)</nvt>
        <threat>\(threat)</threat><severity>\(severity)</severity><description>Installed version: 3.0.2</description></result>
        """
    }

    @Test("the same check on several hosts: tags read once, yet a result whose tags differ gets its own")
    func sameCheckTags() throws {
        let other = Self.result(host: "10.1.2.4").replacingOccurrences(of: "summary=Summary with a | pipe.", with: "summary=Another summary.")
        let text = Self.report(Self.result() + Self.result(host: "10.1.2.5") + other + Self.result(host: "10.1.2.6"))
        let (_, results) = try Samples.read(text: text)
        #expect(results.map(\.description) == ["Summary with a | pipe.\n\nWhy", "Summary with a | pipe.\n\nWhy", "Another summary.\n\nWhy",
                                                "Summary with a | pipe.\n\nWhy"])
        #expect(results.allSatisfy { $0.cvssVector == "AV:N/AC:L/Au:N/C:P/I:P/A:P" })
    }

    @Test("GMP variants: a response wrapper, the older CVE list, tags with pipes, log, false positive and error results")
    func variants() throws {
        let text = Self.report(Self.result() + Self.result(threat: "Log", severity: "0.0", port: "general/tcp")
                               + Self.result(threat: "False Positive", severity: "-1") + Self.result(threat: "Error", severity: "-3", port: "package"))
        let (summary, results) = try Samples.read(text: text)
        #expect(results.count == 2 && summary.results == 2)
        #expect(summary.skipped == ["marked false positive by the scanner": 1, "scanner error": 1])
        let high = results[0]
        #expect(high.cves == ["CVE-2023-0286"] && high.cvssVector == "AV:N/AC:L/Au:N/C:P/I:P/A:P")
        #expect(high.description.hasPrefix("Summary with a | pipe.") && high.solution == "Update to 3.0.8.")
        #expect(high.evidence == "Installed version: 3.0.2" && high.severity == .high && high.port == 443)
        #expect(results[1].severity == .info && results[1].port == nil)
        #expect(summary.hosts == [ScannedHost(address: "10.1.2.3", hostname: "web01.sxd.local", os: "Ubuntu 22.04")])
    }

    @Test("a result without a host, or a truncated report, is refused whole with the line")
    func refused() throws {
        let noHost = Self.report(Self.result(host: ""))
        #expect(throws: ScanReportError.self) { try Samples.read(text: noHost) }
        let truncated = String(Self.report(Self.result()).prefix(400))
        do {
            _ = try Samples.read(text: truncated)
            Issue.record("a truncated report was read")
        } catch let error as ScanReportError {
            #expect(error.location.hasPrefix("line ") && error.reason.contains("XML"))
            #expect(error.reason.contains("may be truncated"))
        }
        // A tag broken in the last piece of the file is named as such, not as a cut.
        do {
            _ = try Samples.read(text: "<report><results><result></host></result></results></report>")
            Issue.record("a mismatched tag was read")
        } catch let error as ScanReportError {
            #expect(!error.reason.contains("truncated"))
        }
    }
}
