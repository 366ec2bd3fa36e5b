import Testing
@testable import VigilCore

@Suite("Indicators")
struct IndicatorExtractorTests {
    func extract(_ text: String) -> [String] {
        IndicatorExtractor.extract(from: text).map { "\($0.type.rawValue):\($0.value)" }
    }

    @Test("a defanged phishing report")
    func defanged() {
        let text = """
            Người dùng nhận thư từ ketoan[@]thue-gov[.]vn, có liên kết hxxps://thue-gov[.]vn/Login?id=42.
            Tệp đính kèm HoaDon_2026.docm (SHA256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855)
            kết nối về 185.220.101[.]4 và C2 update.evil-cdn[.]com, IPv6 2001:db8::dead:beef.
            """
        #expect(Set(extract(text)) == [
            "url:https://thue-gov.vn/Login?id=42",
            "email:ketoan@thue-gov.vn",
            "filename:HoaDon_2026.docm",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "ipv4:185.220.101.4",
            "domain:update.evil-cdn.com",
            "ipv6:2001:db8::dead:beef",
        ])
    }

    @Test("no phone numbers, versions, invalid addresses or plain numbers", arguments: [
        "Gọi 0912.345.678 hoặc +84 912 345 678",
        "Phiên bản 2.4.1 và 10.0.19045.3570 đã cập nhật",
        "Địa chỉ 300.1.2.3 không hợp lệ",
        "Mã lỗi 0x80070005, giá 1.500.000 đồng",
        "hash ngắn deadbeef và a1b2c3",
    ])
    func nothing(text: String) {
        #expect(extract(text).isEmpty, "\(extract(text))")
    }

    @Test("hash lengths map to their types; case is folded")
    func hashes() {
        #expect(extract("44D88612FEA8A8F36DE82E1278ABB02F") == ["md5:44d88612fea8a8f36de82e1278abb02f"])
        #expect(extract("3395856ce81f2b7382dee72602f798b642f14140") == ["sha1:3395856ce81f2b7382dee72602f798b642f14140"])
    }

    @Test("typed values are validated and normalised", arguments: [
        (IndicatorType.ipv4, "10.0.0.1", "10.0.0.1"), (.ipv4, "10.0.0.256", nil), (.ipv4, "01.2.3.4", nil),
        (.ipv6, "2001:DB8::1", "2001:db8::1"), (.ipv6, "::ffff:192.0.2.1", "::ffff:192.0.2.1"), (.ipv6, "1::2::3", nil),
        (.domain, "Example[.]COM", "example.com"), (.domain, "localhost", nil), (.domain, "-bad.com", nil),
        (.url, "hxxp://Evil.Example/Path", "http://evil.example/Path"), (.url, "javascript:alert(1)", nil),
        (.md5, "44d88612fea8a8f36de82e1278abb02f", "44d88612fea8a8f36de82e1278abb02f"), (.md5, "xyz", nil),
        (.email, "A.B@Sxd.Gov.VN", "a.b@sxd.gov.vn"), (.email, "a@b", nil),
        (.filename, "invoice.pdf.exe", "invoice.pdf.exe"), (.filename, "../etc/passwd", nil),
    ] as [(IndicatorType, String, String?)])
    func typed(type: IndicatorType, raw: String, expected: String?) {
        #expect(IndicatorExtractor.normalise(raw, as: type) == expected)
    }
}
