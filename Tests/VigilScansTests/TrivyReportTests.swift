import Foundation
import Testing
import VigilCore
@testable import VigilScans

@Suite("Trivy reports")
struct TrivyReportTests {
    @Test("schema 2: each vulnerability with its package, versions, severity and NVD's CVSS; the image is the host")
    func schema2() throws {
        let (summary, results) = try Samples.read(Samples.path("trivy/scheme_2_many_vulns.json"))
        #expect(summary.format == .trivy && summary.results == 5 && results.count == 5)
        #expect(summary.hosts == [ScannedHost(hostname: "teamdojo:latest")])
        #expect(Dictionary(grouping: results, by: \.severity).mapValues(\.count) == [.medium: 3, .high: 1, .critical: 1])
        let freetype = try #require(results.first { $0.scannerID == "CVE-2020-15999" })
        #expect(freetype.cves == ["CVE-2020-15999"] && freetype.component == "freetype 2.9.1-r2" && freetype.transport == "alpine")
        #expect(freetype.cvssScore == 6.5 && freetype.cvssVector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H")
        #expect(freetype.solution == "Upgrade freetype to 2.9.1-r3 or later." && freetype.evidence.contains("Installed: freetype 2.9.1-r2"))
        let (none, nothing) = try Samples.read(Samples.path("trivy/scheme_2_no_vuln.json"))
        #expect(nothing.isEmpty && none.results == 0)
    }

    @Test("the older top-level array, a cluster report, misconfigurations and secrets")
    func shapes() throws {
        let array = """
            [{"Target": "web (debian 11.6)", "Type": "debian", "Vulnerabilities": [
              {"VulnerabilityID": "CVE-2023-0286", "PkgName": "openssl", "InstalledVersion": "1.1.1n-0+deb11u3", "FixedVersion": "1.1.1n-0+deb11u4",
               "Severity": "HIGH", "CVSS": {"redhat": {"V3Score": 7.4}}, "SeveritySource": "redhat"}]}]
            """
        let (_, old) = try Samples.read(text: array)
        #expect(old.count == 1 && old[0].host.hostname == "web (debian 11.6)" && old[0].cvssScore == 7.4 && old[0].severity == .high)
        let cluster = """
            {"ClusterName": "k8s-sxd", "Resources": [
              {"Namespace": "cong", "Kind": "Deployment", "Name": "portal", "Results": [
                {"Target": "nginx:1.21 (debian 11)", "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": [
                  {"VulnerabilityID": "CVE-2022-41741", "PkgName": "nginx", "InstalledVersion": "1.21.0", "Severity": "CRITICAL"}]},
                {"Target": "Deployment/portal", "Class": "config", "Type": "kubernetes", "Misconfigurations": [
                  {"ID": "KSV001", "AVDID": "AVD-KSV-0001", "Title": "Process can elevate its own privileges", "Severity": "MEDIUM", "Status": "FAIL",
                   "Resolution": "Set allowPrivilegeEscalation to false."},
                  {"ID": "KSV002", "AVDID": "AVD-KSV-0002", "Title": "Default AppArmor profile", "Severity": "LOW", "Status": "PASS"}]},
                {"Target": "/app/.env", "Class": "secret", "Secrets": [
                  {"RuleID": "aws-access-key-id", "Category": "AWS", "Severity": "CRITICAL", "Title": "AWS Access Key ID", "StartLine": 3, "Match": "AKIA****"}]}
              ]}]}
            """
        let (summary, results) = try Samples.read(text: cluster)
        #expect(results.count == 3 && summary.skipped == ["passed configuration check": 1])
        #expect(results.allSatisfy { $0.host.hostname == "cong/Deployment/portal" })
        #expect(results.first { $0.scannerID == "AVD-KSV-0001" }?.solution == "Set allowPrivilegeEscalation to false.")
        let secret = try #require(results.first { $0.transport == "secret" })
        #expect(secret.severity == .critical && !secret.evidence.contains("AKIA") && secret.evidence.contains("line 3"))
    }

    @Test("broken structure is refused whole with the JSON path")
    func refused() throws {
        let missing = #"{"SchemaVersion": 2, "ArtifactName": "x", "Results": [{"Target": "t", "Vulnerabilities": [{"PkgName": "a"}]}]}"#
        do {
            _ = try Samples.read(text: missing)
            Issue.record("accepted a vulnerability without an id")
        } catch let error as ScanReportError {
            #expect(error.location == "Results[0].Vulnerabilities[0].VulnerabilityID" && error.reason == "missing")
        }
        let wrongType = #"{"SchemaVersion": 2, "Results": {"Target": "t"}}"#
        #expect(throws: ScanReportError.self) { try Samples.read(text: wrongType) }
        let truncated = String(missing.prefix(60))
        #expect(throws: ScanReportError.self) { try Samples.read(text: truncated) }
    }
}
