import Foundation
import Testing
@testable import VigilCore

@Suite("Check-in documents")
struct CheckInTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    var good: CheckInDocument {
        CheckInDocument(
            machineId: "4c4c4544-0042-3510-8051-b7c04f503232", hostname: "ws-ketoan-01", sentAt: now.addingTimeInterval(-5),
            addresses: ["10.20.1.15", "fe80::1c2d:3eff:fe4f:5a6b"], os: .init(name: "Windows 11 Pro", version: "10.0.22631"),
            role: "workstation", software: [.init(name: "Google Chrome", vendor: "Google LLC", version: "131.0.6778.86")],
            antimalware: [.init(product: "Microsoft Defender Antivirus", version: "4.18.24090.11", enabled: true, realTime: true,
                                managed: true, signatureDate: now.addingTimeInterval(-3600))])
    }

    @Test("a well-formed report has no problems")
    func valid() {
        #expect(good.problems(now: now).isEmpty)
    }

    @Test("every problem is named by its JSON path")
    func problems() {
        var bad = good
        bad.machineId = "x y"
        bad.hostname = " "
        bad.sentAt = now.addingTimeInterval(3600)
        bad.addresses = ["10.0.0.300", "10.0.0.1"]
        bad.role = "toaster"
        bad.software = [.init(name: "")]
        let fields = bad.problems(now: now).map(\.field)
        #expect(fields == ["machineId", "hostname", "sentAt", "addresses[0]", "role", "software[0].name"])
        var old = good
        old.sentAt = now.addingTimeInterval(-8 * 86_400)
        #expect(old.problems(now: now) == [.init("sentAt", "checkin.error.too_old")])
    }

    @Test("addresses: v4 and v6 literals only")
    func addresses() {
        for valid in ["192.168.1.1", "::1", "2001:db8::dead:beef", "fe80::1"] { #expect(IPAddress.isValid(valid), "\(valid)") }
        for invalid in ["256.1.1.1", "1.2.3", "example.com", "", "1.2.3.4/24", "fe80::1%eth0"] { #expect(!IPAddress.isValid(invalid), "\(invalid)") }
    }
}
