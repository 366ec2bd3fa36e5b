import Foundation
import Testing
import VigilCore
@testable import VigilScans

@Suite("Nmap reports")
struct NmapReportTests {
    @Test("vulners: an open port with its service, and each listed CVE with its CVSS")
    func vulners() throws {
        let (summary, results) = try Samples.read(Samples.path("nmap/nmap_script_vulners.xml"))
        #expect(summary.format == .nmap && summary.hosts == [ScannedHost(address: "192.168.0.1")])
        #expect(results.count == 3 && summary.results == 3)
        let open = try #require(results.first { $0.scannerID == "nmap:open-port" })
        #expect(open.title == "Open port 5022/tcp: ssh (OpenSSH 7.4)" && open.severity == .info && open.port == 5022)
        let cves = results.filter { !$0.cves.isEmpty }
        #expect(cves.map(\.cves) == [["CVE-2018-15919"], ["CVE-2017-15906"]])
        #expect(cves.allSatisfy { $0.cvssScore == 5.0 && $0.severity == .medium && $0.component == "cpe:/a:openbsd:openssh:7.4" })
        #expect(cves[0].title == "CVE-2018-15919 in OpenSSH 7.4")
    }

    @Test("open ports are info results; a host without ports gives none; names prefer the user's")
    func ports() throws {
        let (_, none) = try Samples.read(Samples.path("nmap/nmap_0port.xml"))
        #expect(none.isEmpty)
        let (_, one) = try Samples.read(Samples.path("nmap/nmap_1port.xml"))
        #expect(one.map(\.title) == ["Open port 5432/tcp: postgresql"])
        #expect(one.first?.host == ScannedHost(address: "127.0.0.1", hostname: "localhost.localdomain"))
        let (summary, many) = try Samples.read(Samples.path("nmap/nmap_multiple_port.xml"))
        #expect(many.count >= 6 && many.allSatisfy { $0.severity == .info && $0.host.hostname == "joaquinlp.me" })
        #expect(summary.hosts.first?.address == "198.38.82.159")
    }

    @Test("down hosts and closed ports are skipped and counted; vuln scripts, old vulners text and exploit references")
    func variants() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE nmaprun>
            <nmaprun scanner="nmap">
            <host><status state="down"/><address addr="10.0.0.9" addrtype="ipv4"/></host>
            <host><status state="up"/><address addr="aa:bb:cc:dd:ee:ff" addrtype="mac"/><address addr="10.0.0.5" addrtype="ipv4"/>
            <os><osmatch name="Linux 5.4" accuracy="98"/></os>
            <ports><port protocol="tcp" portid="23"><state state="closed"/></port>
            <port protocol="tcp" portid="443"><state state="open"/><service name="https" product="OpenSSL" version="1.0.1f"/>
            <script id="ssl-heartbleed" output="&#xa;  VULNERABLE:&#xa;  The Heartbleed Bug is a serious vulnerability in OpenSSL.&#xa;    State: VULNERABLE&#xa;    Risk factor: High&#xa;    IDs:  CVE:CVE-2014-0160  BID:66690"/>
            <script id="ssl-cert" output="Subject: commonName=web"/>
            <script id="vulners" output="&#xa;  cpe:/a:openssl:openssl:1.0.1f: &#xa;    &#x9;CVE-2016-2108&#x9;10.0&#x9;https://vulners.com/cve/CVE-2016-2108&#xa;    &#x9;EDB-ID:32745&#x9;5.0&#x9;https://vulners.com/exploitdb/EDB-ID:32745&#x9;*EXPLOIT*"/>
            </port></ports></host>
            </nmaprun>
            """
        let (summary, results) = try Samples.read(text: text)
        #expect(summary.skipped == ["host down": 1, "port not open": 1])
        #expect(summary.merged["script output kept as the open port's evidence"] == 1)
        #expect(summary.merged["vulners exploit reference, merged into the port's results"] == 1)
        #expect(summary.hosts == [ScannedHost(address: "10.0.0.5", os: "Linux 5.4")])
        let heartbleed = try #require(results.first { $0.scannerID == "nmap:ssl-heartbleed" })
        #expect(heartbleed.cves == ["CVE-2014-0160"] && heartbleed.severity == .high && heartbleed.port == 443)
        #expect(heartbleed.title == "ssl-heartbleed: The Heartbleed Bug is a serious vulnerability in OpenSSL.")
        #expect(results.first { $0.scannerID == "vulners:CVE-2016-2108" }?.severity == .critical)
        #expect(results.first { $0.scannerID == "nmap:open-port" }?.evidence.contains("ssl-cert: Subject") == true)
        #expect(results.count == 3)
    }
}
