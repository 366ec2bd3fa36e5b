import Foundation
import Testing
import VigilCore
@testable import VigilScans

@Suite("Nessus reports")
struct NessusReportTests {
    @Test("a report with CVSS v3: every item, Nessus's severities, CVEs, ports, the host's address and name")
    func cvss3() throws {
        let (summary, results) = try Samples.read(Samples.path("nessus/nessus_with_cvssv3.nessus"))
        #expect(summary.format == .nessus && summary.results == 49 && results.count == 49)
        #expect(summary.hosts == [ScannedHost(address: "44.228.249.3", hostname: "testphp.vulnweb.com", os: "Linux Kernel 2.6")])
        let counts = Dictionary(grouping: results, by: \.severity).mapValues(\.count)
        #expect(counts == [.info: 23, .low: 1, .medium: 13, .high: 10, .critical: 2])
        let php = try #require(results.first { $0.scannerID == "31649" })
        #expect(php.port == 80 && php.transport == "tcp" && php.title == "PHP 5.x < 5.2 Multiple Vulnerabilities")
        #expect(php.cves.starts(with: ["CVE-2006-1015", "CVE-2006-1549", "CVE-2006-2660"]))
        #expect(results.filter { !$0.cves.isEmpty }.count == 19)
        let info = try #require(results.first { $0.scannerID == "45590" })
        #expect(info.port == nil && info.severity == .info && !info.evidence.isEmpty)
        #expect(results.contains { $0.cvssVector?.hasPrefix("CVSS:3") == true })
    }

    @Test("an informational report: seven items, all kept as info")
    func informational() throws {
        let (summary, results) = try Samples.read(Samples.path("nessus/nessus_many_vuln.xml"))
        #expect(summary.results == 7 && results.allSatisfy { $0.severity == .info })
        #expect(results.allSatisfy { $0.host.address == "12.233.108.201" && $0.host.hostname == "preprod.boardvantage.net" })
    }

    @Test("properties after the items, an IP as the host's name; a bad severity refuses the whole report")
    func variants() throws {
        let text = """
            <?xml version="1.0" ?><NessusClientData_v2><Report name="r"><ReportHost name="10.9.8.7">
            <ReportItem port="443" svc_name="www" protocol="tcp" severity="4" pluginID="12345" pluginName="OpenSSL &lt; 3.0.7">
            <cve>CVE-2022-3602</cve><cve>CVE-2022-3786</cve><cvss_base_score>7.5</cvss_base_score><cvss_vector>CVSS2#AV:N</cvss_vector>
            <solution>Upgrade.</solution><plugin_output>Installed: 3.0.2</plugin_output></ReportItem>
            <HostProperties><tag name="netbios-name">SRV-KT</tag><tag name="operating-system">Windows Server 2019</tag></HostProperties>
            </ReportHost></Report></NessusClientData_v2>
            """
        let (summary, results) = try Samples.read(text: text)
        let result = try #require(results.first)
        #expect(result.host == ScannedHost(address: "10.9.8.7", hostname: "SRV-KT", os: "Windows Server 2019"))
        #expect(result.title == "OpenSSL < 3.0.7" && result.severity == .critical && result.cvssScore == 7.5 && result.cvssVector == "CVSS2#AV:N")
        #expect(result.cves == ["CVE-2022-3602", "CVE-2022-3786"] && result.evidence == "Installed: 3.0.2")
        #expect(summary.hosts.count == 1)
        let bad = text.replacingOccurrences(of: #"severity="4""#, with: #"severity="high""#)
        #expect(throws: ScanReportError.self) { try Samples.read(text: bad) }
    }
}
