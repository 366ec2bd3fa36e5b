import Foundation
import Testing
@testable import VigilCore

@Suite("Inventory import lines")
struct InventoryTests {
    let parseDate: (String) -> Date? = { ISO8601DateFormatter().date(from: $0) }

    @Test("a full host line, with yes/no in Vietnamese and a date without time")
    func host() {
        let (draft, problems) = HostDraft.parse([
            "hostname": " ws-ketoan-01 ", "machine_id": "4c4c4544", "role": "Laptop", "addresses": "10.0.0.5; fe80::1",
            "criticality": "high", "systems": "Cổng thông tin; Một cửa", "av_product": "Kaspersky Endpoint Security",
            "av_enabled": "có", "av_real_time": "Không", "av_signature_date": "2026-11-24",
        ], parseDateTime: parseDate)
        #expect(problems.isEmpty)
        #expect(draft.hostname == "ws-ketoan-01" && draft.role == .laptop && draft.criticality == .high)
        #expect(draft.addresses == ["10.0.0.5", "fe80::1"] && draft.systems == ["Cổng thông tin", "Một cửa"])
        #expect(draft.antimalware?.enabled == true && draft.antimalware?.realTimeProtection == false)
        #expect(draft.antimalware?.signatureDate == parseDate("2026-11-24T00:00:00Z"))
    }

    @Test("every problem of a line is named, with the value that caused it")
    func problems() {
        let (_, problems) = HostDraft.parse([
            "hostname": "", "role": "toaster", "addresses": "10.0.0.300", "av_product": "X", "av_enabled": "maybe",
            "av_signature_date": "yesterday",
        ], parseDateTime: parseDate)
        #expect(problems.map(\.field) == ["hostname", "addresses", "av_enabled", "av_signature_date", "role"])
        #expect(problems.first { $0.field == "role" }?.arguments.first == "toaster")
    }

    @Test("systems need a name and a level 1–5; URLs are http(s)")
    func system() {
        let (draft, problems) = SystemDraft.parse(["name": "Cổng thông tin điện tử", "security_level": "3", "hosting": "provincial_data_centre",
                                                  "public_urls": "https://sxd.thainguyen.gov.vn", "national_critical": "no"])
        #expect(problems.isEmpty && draft.securityLevel == 3 && draft.hosting == .provincialDataCentre)
        let (_, bad) = SystemDraft.parse(["name": "X", "security_level": "6", "public_urls": "ftp://x"])
        #expect(bad.map(\.field) == ["security_level", "public_urls"])
        let (_, missing) = SystemDraft.parse(["name": "X"])
        #expect(missing.map(\.key) == ["import.error.required"])
    }
}
