import Testing
@testable import VigilCore

@Suite("Search text")
struct SearchTextTests {
    @Test("Vietnamese is folded, punctuation cuts terms")
    func tokens() {
        #expect(SearchText.tokens("Cổng thông tin bị THAY ĐỔI giao diện") == ["cong", "thong", "tin", "bi", "thay", "doi", "giao", "dien"])
        #expect(SearchText.tokens("C2 185.220.101[.]4, hxxp://evil-cdn.com/x.js") == ["c2", "185", "220", "101", "4", "hxxp", "evil", "cdn", "com", "x", "js"])
        #expect(SearchText.document(["SXD-2026-0042", "Đà Nẵng"]) == "sxd 2026 0042 da nang")
    }

    @Test("queries: phrases per word, the last one a prefix; nothing of the user's is syntax")
    func queries() throws {
        let query = try #require(SearchText.Query("185.220.101.4 thay đổ"))
        #expect(query.phrases == [["185", "220", "101", "4"], ["thay"], ["do"]])
        #expect(query.fts5 == "\"185 220 101 4\" \"thay\" \"do\"*")
        #expect(query.tsquery == "(185 <-> 220 <-> 101 <-> 4) & thay & do:*")
        let hostile = try #require(SearchText.Query("\"x\" OR NEAR(a b) ' ; -- & | ! :*"))
        #expect(hostile.fts5 == "\"x\" \"or\" \"near a\" \"b\"*")
        #expect(SearchText.Query("  ;; -- ") == nil)
    }
}
