import Foundation
import VigilCore
import VigilPages

extension FuzzTarget {
    /// A fetched web page: read with libxml2's HTML parser into a snapshot (hidden parts, style
    /// rules, links, scripts, frames, forms) and compared with a small baseline, as a defacement
    /// monitor does with every fetch.
    static let page = FuzzTarget(name: "page") { bytes in
        let page = PageReader.read(Data(bytes))
        _ = DefacementCheck.compare(baseline: pageBaseline, page: page, url: URL(string: "https://www.example.gov.vn/"),
                                    rules: DefacementRules(ignoredText: ["[0-9]+ lượt"], markers: ["tự do"]))
    }

    static let pageBaseline = PageReader.read(Data("""
        <html><head><title>Cổng thông tin</title><script src="/js/app.js?v=1"></script><style>.an{display:none}</style></head>
        <body><ul><li><a href="/">Trang chủ</a></li></ul><p>Tin tức 05/12/2026</p><a href="https://chinhphu.vn/">Chính phủ</a>
        <form action="/tim-kiem"><input name="q"></form></body></html>
        """.utf8))
}
