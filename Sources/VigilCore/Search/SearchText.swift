import Foundation

/// How text is cut into search terms, the same for what is indexed and what is asked, on both
/// databases: lower case, Vietnamese diacritics folded (so "thay doi" finds "thay đổi"), and cut
/// at everything that is not a letter or a digit (so `185.220.101.4` is the phrase
/// `185 220 101 4`, found by the address or by part of it).
///
/// The folding is done here rather than by the databases' tokenizers: SQLite's unicode61 does not
/// fold "đ", and PostgreSQL's `unaccent` is an extension that may not be installed.
public enum SearchText {
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d")
            .replacingOccurrences(of: "Đ", with: "d")
    }

    public static func tokens(_ text: String) -> [String] {
        fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// The indexed form of a document: its terms, separated by single spaces.
    public static func document(_ parts: [String]) -> String {
        parts.flatMap(tokens).joined(separator: " ")
    }

    /// A parsed search: each word the user typed is a phrase of one or more terms; every word must
    /// match; the last word may be the start of a term (search as you type).
    public struct Query: Equatable, Sendable {
        public let phrases: [[String]]

        public init?(_ text: String, maxWords: Int = 8) {
            let phrases = text.split(whereSeparator: \.isWhitespace).prefix(maxWords)
                .map { tokens(String($0)).map { String($0.prefix(64)) } }
                .filter { !$0.isEmpty }
            guard !phrases.isEmpty else { return nil }
            self.phrases = Array(phrases)
        }

        /// SQLite FTS5 syntax: `"185 220 101 4" "thay" "doi"*`. Terms hold letters and digits only,
        /// so nothing in them is FTS5 syntax.
        public var fts5: String {
            phrases.enumerated().map { index, terms in
                "\"" + terms.joined(separator: " ") + "\"" + (index == phrases.count - 1 ? "*" : "")
            }.joined(separator: " ")
        }

        /// PostgreSQL `to_tsquery` syntax: `185 <-> 220 <-> 101 <-> 4 & thay & doi:*`.
        public var tsquery: String {
            phrases.enumerated().map { index, terms in
                var phrase = terms.joined(separator: " <-> ")
                if index == phrases.count - 1 { phrase += ":*" }
                return terms.count > 1 ? "(" + phrase + ")" : phrase
            }.joined(separator: " & ")
        }
    }
}
