import Foundation
import Testing
@testable import VigilCore

/// The byte-level text functions the defacement check runs on every fetch agree with what they
/// replace (Foundation's folding, `Character`'s properties) on the text pages carry.
@Suite("Page text")
struct PageTextTests {
    /// The earlier, per-`Character` folding, as the reference.
    static func referenceFold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        func append(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                if !lastWasSpace { scalars.append(" ") }
                lastWasSpace = true
                return
            }
            lastWasSpace = false
            scalars.append(PageText.lookalikes[scalar.value] ?? scalar)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if PageText.invisible.contains(value) || (0x0300...0x036F).contains(value) { continue }
            if (0xFF01...0xFF5E).contains(value) {
                let ascii = Unicode.Scalar(value - 0xFEE0)!
                append(ascii.properties.isUppercase ? Unicode.Scalar(ascii.value + 0x20)! : ascii)
            } else if (0x00C0...0x024F).contains(value) || (0x1E00...0x1EFF).contains(value) {
                for part in SearchText.fold(String(Character(scalar))).unicodeScalars { append(part) }
            } else {
                for part in scalar.properties.lowercaseMapping.unicodeScalars { append(part) }
            }
        }
        if scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }

    @Test("folding agrees with the reference on Vietnamese, look-alikes, full-width and invisible characters")
    func folding() {
        let samples = [
            "Cổng thông tin điện tử  TỈNH Hòa Lâm\u{00A0}— Đảng bộ, chính quyền",
            "Ηасkеd  bу Cуbеr Tеаm", "ＨＡＣＫＥＤ ｂｙ", "ha\u{200B}cked\u{00AD} by", "Ǆ ǅ Ə ẞ ß Ø æ Œ ı ℓ",
            "  leading and trailing\t\n", "ĐÀ NẴNG – Ưu đãi ƯỚC", "日本語のテキスト", "emoji 🙂 ok", "",
        ]
        for text in samples {
            #expect(PageText.fold(text) == Self.referenceFold(text), "\(text)")
        }
        // Every code point the table holds folds as the reference does.
        for range in PageText.FoldTable.ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = "a" + String(scalar) + "b"
                #expect(PageText.fold(text) == Self.referenceFold(text), "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test("white space collapses as Character.isWhitespace says, no-break spaces included")
    func collapsing() {
        for text in ["  a \u{00A0}\u{00A0} b\n\tc  ", "\u{3000}x\u{2028}y\u{85}", "", "   ", "một  hai"] {
            let expected = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            var copy = text
            #expect(copy.withUTF8(PageText.collapsed) == expected, "\(text.debugDescription)")
        }
    }

    @Test("masking, leetspeak, spaced letters and words")
    func transforms() {
        #expect(PageText.masked("ngay 12/05/2026 luot xem 1234") == "ngay 0/0/0 luot xem 0")
        #expect(PageText.masked("token a1b2c3d4e5f6a7b8c9 ok") == "token # ok")
        #expect(PageText.unleet("h4ck3d by") == "hacked by")
        #expect(PageText.unleet("h a c k e d  b y x z") == "hacked  byxz")
        #expect(PageText.unleet("h a c k e d  b y") == "hacked  b y")
        #expect(PageText.unleet("a b") == "a b")
        #expect(PageText.letters("h.a.c.k-ed 88 bé") == "hackedbé")
        #expect(PageText.words("xin chào, thế-giới 2026!").map(String.init) == ["xin", "chào", "thế", "giới", "2026"])
        var hashes: [Int] = []
        PageText.forEachWordHash("a bb, a") { hashes.append($0) }
        #expect(hashes.count == 3 && hashes[0] == hashes[2] && hashes[0] != hashes[1])
    }

    @Test("a phrase set finds what single searches find, in one pass")
    func phraseSet() {
        let phrases = ["hacked by", "defaced", "xx", "nha cai", "was here", "a", "zzzz"]
        let set = PhraseSet(phrases)
        for text in ["trang nay da bi hacked by x", "nha cai uy tin was here", "defaced", "xx", "", "ab", "zzz"] {
            let searchable = SearchableText(text)
            #expect(set.found(in: searchable) == phrases.map { searchable.contains($0) }, "\(text)")
        }
    }
}
