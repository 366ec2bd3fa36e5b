import Foundation
import Testing
import VigilCore
@testable import VigilPages

@Suite("Page reader")
struct PageReaderTests {
    static func read(_ html: String) -> PageSnapshot { PageReader.read(Data(html.utf8)) }

    @Test("text, title, links, scripts, frames, forms and a refresh are read; hidden parts are marked")
    func parts() {
        let page = Self.read("""
            <html><head><title> Cổng thông tin   điện tử </title><meta http-equiv="Refresh" content="0;url=https://x.example/">
            <style>/* x */ .ft-x { display : none } @media screen { #off{left:-9999px;position:absolute} } a:hover{display:none} div.box .inner {visibility:hidden}</style>
            <script src="/js/main.js?v=1"></script><script>var a = 1;</script></head>
            <body><p>Tin tức &amp; sự kiện</p><div class="ft-x"><a href="https://kubet.example/">nhà cái</a></div>
            <div id="off">ẩn</div><span class="inner">cũng ẩn</span><p hidden>ẩn nữa</p><noscript><a href="https://s.example">x</a></noscript>
            <div style="font-size:1px">nhỏ</div><a href="/gioi-thieu">Giới thiệu</a>
            <iframe src="https://f.example/" width="1" height="1"></iframe><iframe src="https://youtube.example/embed"></iframe>
            <form action="https://evil.example/login"><input type="password" name="p"></form>
            </body></html><a href="https://after.example">sau html</a>
            """)
        #expect(page.title == "Cổng thông tin điện tử")
        #expect(page.refresh == "0;url=https://x.example/")
        #expect(page.text.contains("Tin tức & sự kiện"))
        #expect(Set(page.hiddenText).isSuperset(of: ["nhà cái", "ẩn", "cũng ẩn", "ẩn nữa", "nhỏ"]))
        #expect(!page.text.contains("nhà cái") && !page.text.contains("ẩn"))
        #expect(page.links.first { $0.href == "https://kubet.example/" }?.hidden == true)
        #expect(page.links.first { $0.href == "https://s.example" }?.hidden == true)
        #expect(page.links.first { $0.href == "/gioi-thieu" }?.hidden == false)
        #expect(page.links.contains { $0.href == "https://after.example" }, "text after </html> is read")
        #expect(page.scripts == [.init(source: "/js/main.js?v=1", body: ""), .init(source: nil, body: "var a = 1;")])
        #expect(page.frames == [.init(source: "https://f.example/", hidden: true), .init(source: "https://youtube.example/embed", hidden: false)])
        #expect(page.forms == [.init(action: "https://evil.example/login", asksPassword: true, hidden: false)])
    }

    @Test("UTF-8 without a declared encoding is read as UTF-8; broken and empty input give a snapshot, not a crash")
    func hostileInput() {
        #expect(Self.read("<p>Sở Tài nguyên và Môi trường</p>").text == ["Sở Tài nguyên và Môi trường"])
        #expect(PageReader.read(Data()).text.isEmpty)
        let deep = String(repeating: "<div>", count: 20_000) + "sâu" + String(repeating: "</div>", count: 20_000)
        #expect(Self.read(deep).cutShort, "a page nested past the parser's limit is marked, not read as shorter")
        #expect(!Self.read("<p>x</p>").cutShort)
        let binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        _ = PageReader.read(binary)
        #expect(Self.read("<a href='x'>unclosed <b>tags <p>go on").links.count == 1)
    }

    @Test("declarations that hide, and some that do not")
    func hidingStyle() {
        for style in ["display:none", "DISPLAY: NONE !important", "visibility:hidden", "position:absolute;left:-9999px", "text-indent:-5000px",
                      "font-size:0", "font-size:1px", "height:0;overflow:hidden", "opacity:0", "clip:rect(0 0 0 0)", "color:#fff",
                      "color:#123;background-color:#123", "transform: scale(0)"] {
            #expect(HidingStyle.hides(style), "\(style)")
        }
        for style in ["display:block", "left:10px;position:absolute", "font-size:12px", "height:0", "color:#fff;background:#003366", "opacity:0.9"] {
            #expect(!HidingStyle.hides(style), "\(style)")
        }
    }
}
