import Foundation
import Testing
@testable import VigilServer

/// The one-pass text helpers every page uses: placeholders filled, markup escaped.
@Suite("Localized and escaped text")
struct MarkupTextTests {
    @Test("placeholders: each filled wherever it appears; an argument's own braces are left alone; one with no argument stays")
    func placeholders() {
        #expect(Localizer.fill("{0}/{1} máy ({0})", ["3", "5"]) == "3/5 máy (3)")
        #expect(Localizer.fill("{0} và {1}", ["{1}", "x"]) == "{1} và x")
        #expect(Localizer.fill("{2} {x} {} {-1} {+0} {0", ["a"]) == "{2} {x} {} {-1} {+0} {0")
        #expect(Localizer.fill("không có", ["a"]) == "không có")
        #expect(Localizer.fill("{0}", []) == "{0}")
        #expect(Localizer.fill("Sở {0}: {1}%", ["Y tế", "97,5"]) == "Sở Y tế: 97,5%")
    }

    @Test("XML text: markup escaped, characters XML cannot hold dropped, Vietnamese and emoji kept")
    func xml() {
        #expect(XMLText.escape("Sở Y tế · Đầu mối") == "Sở Y tế · Đầu mối")
        #expect(XMLText.escape(#"a<b>&"c""#) == "a&lt;b&gt;&amp;&quot;c&quot;")
        #expect(XMLText.escape("x\u{1}y\u{FFFE}z\tw\n") == "xyz\tw\n")
        #expect(XMLText.escape("\u{F8FF}🙂") == "\u{F8FF}🙂")
        #expect(SVGChart.escape("<t>") == DocxWriter.escape("<t>"))
    }
}
