import Foundation
import Testing
import VigilCore

@Suite("Finding identity")
struct FindingIdentityTests {
    /// Keys already stored in findings: a change to how the key is made must give the same ones, or
    /// every finding would be new at its next scan.
    @Test("the key is the host without dashes and 32 hex digits of the SHA-256 of its parts, as stored",
          arguments: [
              (ScanResult(host: ScannedHost(address: "10.0.0.1"), port: 443, transport: "TCP", title: "Check", scannerID: "1.3.6.1.4.1.25623.1.0.1",
                          severity: .high),
               "0190a6b27c1d7e3f8a9b0c1d2e3f4a5b03db9614620e4861689e8f1e3548b269"),
              (ScanResult(host: ScannedHost(address: "10.0.0.1"), transport: "package", title: "OpenSSL Ünïcode", scannerID: "", severity: .low,
                          component: "OpenSSL 3.0.2"),
               "0190a6b27c1d7e3f8a9b0c1d2e3f4a5bf94607920078d5125e87cb7a81bd2637"),
          ])
    func storedKeys(result: ScanResult, key: String) throws {
        let host = try #require(UUID(uuidString: "0190a6b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b"))
        #expect(FindingIdentity.digest(hostID: host, result: result) == key)
        // Spelled out: the parts joined by U+001F, hashed.
        let text = [host.uuidString.lowercased(), result.port.map(String.init) ?? "", result.transport.lowercased(),
                    result.scannerID.isEmpty ? result.title.lowercased() : result.scannerID, result.component.lowercased()]
            .joined(separator: "\u{1F}")
        #expect(key == host.uuidString.lowercased().replacingOccurrences(of: "-", with: "") + Secrets.sha256Hex(text).prefix(32))
    }
}
