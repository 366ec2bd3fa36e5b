import Foundation

/// Text for XML markup (the SVG charts, the DOCX parts): the markup characters escaped and the
/// characters XML 1.0 cannot hold dropped, in one pass over the text, and no pass at all over the
/// usual text with nothing to escape. (Four `replacingOccurrences` per text, through Foundation,
/// made the province's heat map of 450 cells a quarter of its page's time.)
enum XMLText {
    static func escape(_ text: String) -> String {
        // Bytes that may need work: the four markup characters, controls, and 0xEF, which starts
        // U+F000…U+FFFF (among them U+FFFE and U+FFFF, which XML excludes).
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0xEF }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default:
                let value = scalar.value
                let allowed = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                    || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
                if allowed { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
