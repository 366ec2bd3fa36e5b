import Foundation

/// The words the defacement check looks for, folded (`PageText.fold`: lower case, no diacritics).
/// Markers and trusted domains are extended by the administrator (`DefacementRules`); these are
/// the defaults, from what defacements of Vietnamese government portals have shown.
public enum DefacementVocabulary {
    /// What defacers sign their work with. Only phrases that legitimate news rarely carries: "bị
    /// hack" alone appears in warnings ("tài khoản Zalo bị hack"), "hacked by" does not.
    public static let markers: [String] = [
        "hacked by", "hack by", "hacked and owned", "defaced by", "deface by", "defaced", "pwned by", "owned by hacker",
        "greetz", "greets to", "greetings to all", "was here", "your security is", "security is low", "security is an illusion",
        "patch your system", "fix your security", "cyber army", "cyber team", "cyber ghost", "cyber error system",
        "we are anonymous", "expect us", "touched by", "hacked you", "hack boi", "da bi hack boi", "bi hack boi",
        "website nay da bi hack", "trang web nay da bi hack", "hacked lol", "just hacked",
    ]

    /// Gambling and spam vocabulary (phrases of whole words).
    public static let spamPhrases: [String] = [
        "nha cai", "ca cuoc", "ca do bong da", "no hu", "tai xiu", "game bai", "danh bai", "da ga", "soi keo", "keo nha cai",
        "xoc dia", "lo de", "ban ca doi thuong", "doi thuong", "cong game", "casino", "slot gacor", "slot online", "situs judi",
        "judi online", "judi slot", "togel", "gacor", "maxwin", "sbobet", "poker online", "baccarat", "live casino", "sportsbook",
        "viagra", "cialis", "phim sex", "sex", "porn", "xxx", "jav", "escort", "bong88",
        "khuyen mai nap", "rut tien nhanh", "ty le keo", "ty le cuoc", "bet", "betting", "jackpot",
    ]

    /// Betting brands seen in Vietnamese SEO spam; besides these, a short word of letters and
    /// digits ending in "bet", "88", "club" or "win" ("f8bet", "hi88") counts as one.
    public static let spamBrands: Set<String> = [
        "kubet", "ku11", "789bet", "new88", "hi88", "jun88", "f8bet", "shbet", "sv388", "fb88", "w88", "8xbet", "fun88", "m88",
        "v9bet", "12bet", "go88", "sunwin", "b52club", "iwin", "rikvip", "hitclub", "789club", "okvip", "mb66", "nbet", "qh88",
        "debet", "ae888", "vn88", "ee88", "mu88", "j88", "188bet", "letou", "dafabet", "vwin", "bk8", "hb88", "kuwin", "rr88",
        "tf88", "xo88", "33win", "98win", "i9bet", "nhatvip", "sodo66", "s666", "one88", "loto188", "win79", "typhu88", "lucky88",
    ]

    /// What a hoster's default, suspended or parked page says (folded); a portal that starts to say
    /// it no longer serves its own page.
    public static let defaultPages: [String] = [
        "welcome to nginx", "apache2 debian default page", "apache2 ubuntu default page", "it works!", "iis windows server",
        "internet information services", "account suspended", "this account has been suspended", "website suspended",
        "site suspended", "index of /", "this domain is for sale", "domain is for sale", "buy this domain", "parked free",
        "domain parked", "this domain has been registered", "ten mien nay dang duoc rao ban", "trang web tam ngung hoat dong",
        "test page for the nginx", "test page for the apache", "default web site page", "congratulations! your website is up",
        "future home of something quite cool", "cpanel", "plesk", "hostinger",
    ]

    static func isBrand(_ word: Substring) -> Bool {
        guard (2...10).contains(word.utf8.count) else { return false }
        if spamBrands.contains(String(word)) { return true }
        guard word.utf8.count >= 4, word.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }), word.utf8.contains(where: UTF8Scan.isASCIILetter) else {
            return false
        }
        return word.hasSuffix("bet") || word.hasSuffix("88") || word.hasSuffix("888") || word.hasSuffix("club") || word.hasSuffix("win")
    }

    /// The spam phrases, each between spaces (whole words), searched in one pass.
    static let spamSet = PhraseSet(spamPhrases.map { " " + $0 + " " })

    /// The spam phrases and brands a folded text contains, each once.
    public static func spam(in folded: String) -> [String] {
        let words = PageText.words(folded)
        guard !words.isEmpty else { return [] }
        var joined: [UInt8] = [0x20]
        joined.reserveCapacity(folded.utf8.count + 2)
        for word in words {
            joined.append(contentsOf: word.utf8)
            joined.append(0x20)
        }
        var found = zip(spamPhrases, spamSet.found(in: SearchableText(bytes: joined))).compactMap { $1 ? $0 : nil }
        for word in words where isBrand(word) && !found.contains(String(word)) { found.append(String(word)) }
        return found
    }

    /// The same, in a web address: its host and path, where words run together ("nhacaiuytin",
    /// "slot-gacor", "kubet88").
    public static func spam(inAddress address: String) -> [String] {
        let folded = PageText.fold(address)
        var found: [String] = []
        let squeezed = SearchableText(folded.filter { $0.isLetter || $0.isNumber })
        for phrase in spamPhrases {
            let joined = phrase.replacingOccurrences(of: " ", with: "")
            if joined.count >= 5, squeezed.contains(joined) { found.append(phrase) }
        }
        for word in PageText.words(folded) where isBrand(word) || word.contains("casino") || word.contains("judi") || word.contains("gacor") {
            if !found.contains(String(word)) { found.append(String(word)) }
        }
        return found
    }
}
