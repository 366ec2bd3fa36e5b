import Foundation

/// ISO 8601 date-times as the API takes them: `2026-11-25T08:30:00Z`, with fractions of a second
/// and with an offset (`+07:00`). Parsed by hand because check-ins arrive thousands of times a
/// second and `ISO8601DateFormatter` costs microseconds to build and to run; anything this parser
/// does not recognise goes to the formatter, so nothing valid is refused.
public enum ISO8601 {
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        // A date-time of the usual shape is decided here, so that an impossible day (31 November)
        // is refused rather than rolled over by the formatter; other shapes go to the formatter.
        guard hasUsualShape(bytes) else { return slow(text) }
        return fast(bytes)
    }

    private static func hasUsualShape(_ b: [UInt8]) -> Bool {
        b.count >= 20 && b[4] == UInt8(ascii: "-") && b[7] == UInt8(ascii: "-") && b[10] == UInt8(ascii: "T")
            && b[13] == UInt8(ascii: ":") && b[16] == UInt8(ascii: ":")
    }

    private static func slow(_ text: String) -> Date? {
        // Only date-time characters, a four-digit year and a sane length reach ICU: a year of
        // dozens of digits makes its parser divide by zero and kill the process (found by fuzzing,
        // Tests/fuzz/regressions/checkin).
        let b = Array(text.utf8)
        let allowed = Set("0123456789-:.+TZtz ".utf8)
        guard b.count >= 10, b.count <= 40, b.allSatisfy(allowed.contains), b[4] == UInt8(ascii: "-"),
              b[0..<4].allSatisfy({ (48...57).contains($0) }) else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) ?? fractional.date(from: text)
    }

    private static func fast(_ b: [UInt8]) -> Date? {
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let digit = Int(b[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, (48...57).contains(b[index]) {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count >= index + 6, b[index + 3] == UInt8(ascii: ":"),
                  let hours = number(index + 1, 2), let minutes = number(index + 4, 2), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (b[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        default:
            return nil
        }
        guard index == b.count else { return nil }
        // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        // A day past the month's end (31 November) is refused, as the formatter would.
        guard day <= daysIn(month: month, year: year) else { return nil }
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
