import Foundation

/// A telephone number as Vigil stores it: E.164 (`+84912345678`), or the bare digits of a
/// Vietnamese hotline (`1900…`, `1800…`), which has no international form.
///
/// Accepted as people write them: mobiles `0912 345 678`, `+84 912 345 678`, `84912345678`;
/// landlines with their area code since the 2017 renumbering (`024 3823 4567`, `0236 3822 111`:
/// `02x`/`02xx` and 11 digits in all); hotlines `1900 1234`, `1800 123 456`; and, for suppliers
/// abroad, any other country's number written with `+` (8–15 digits). Spaces, dots, hyphens and
/// brackets are separators. A number that fits none of these is refused with its reason, never
/// guessed at (a digit too many is a typo the person should see).
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// `+84…` or `+<country>…`, or the hotline's digits.
    public let normalised: String

    public enum Problem: Error, Equatable, Sendable {
        case empty
        /// Letters or other characters than digits, `+` and separators.
        case badCharacters
        /// Not the number of digits a Vietnamese number of its kind has.
        case wrongLength
        /// A Vietnamese number whose first digits are no mobile, landline or hotline prefix.
        case unknownPrefix
    }

    /// Mobile prefixes after the leading 0 (since the 2018 move of 11-digit numbers to 10).
    static let mobileFirstDigits: Set<Character> = ["3", "5", "7", "8", "9"]

    public init(_ raw: String) throws {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Problem.empty }
        let separators = Set(" .-()\u{00A0}")
        guard text.allSatisfy({ ($0.isASCII && $0.isNumber) || separators.contains($0) || $0 == "+" }),
              !text.dropFirst().contains("+") else { throw Problem.badCharacters }
        let digits = String(text.filter { $0.isASCII && $0.isNumber })
        if text.hasPrefix("+") {
            if digits.hasPrefix("84") {
                normalised = try Self.vietnamese(national: String(digits.dropFirst(2)))
            } else {
                guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { throw Problem.wrongLength }
                normalised = "+" + digits
            }
        } else if digits.hasPrefix("1800") || digits.hasPrefix("1900") {
            guard digits.count == 8 || digits.count == 10 else { throw Problem.wrongLength }
            normalised = digits
        } else if digits.hasPrefix("0") {
            normalised = try Self.vietnamese(national: String(digits.dropFirst()))
        } else if digits.hasPrefix("84"), digits.count == 11 || digits.count == 12 {
            // 84912345678 (country code without `+`), as copied from messaging apps.
            normalised = try Self.vietnamese(national: String(digits.dropFirst(2)))
        } else {
            throw Problem.unknownPrefix
        }
    }

    /// The number after the country code or trunk 0: 9 digits for mobiles, 10 for landlines.
    private static func vietnamese(national: String) throws -> String {
        guard let first = national.first else { throw Problem.wrongLength }
        if mobileFirstDigits.contains(first) {
            guard national.count == 9 else { throw Problem.wrongLength }
        } else if first == "2" {
            guard national.count == 10 else { throw Problem.wrongLength }
        } else {
            throw Problem.unknownPrefix
        }
        return "+84" + national
    }

    /// As people in Viet Nam read it: `0912 345 678`, `024 3823 4567`, `0236 382 2111`; foreign
    /// numbers and hotlines as stored.
    public var national: String {
        guard normalised.hasPrefix("+84") else { return normalised }
        let digits = Array("0" + normalised.dropFirst(3))
        func group(_ sizes: [Int]) -> String {
            var parts: [String] = [], index = 0
            for size in sizes where index < digits.count {
                parts.append(String(digits[index..<min(digits.count, index + size)]))
                index += size
            }
            return parts.joined(separator: " ")
        }
        if digits.count == 10 { return group([4, 3, 3]) }
        // Hà Nội (024) and Thành phố Hồ Chí Minh (028) have 3-digit area codes and 8-digit numbers.
        if digits[2] == "4" || digits[2] == "8" { return group([3, 4, 4]) }
        return group([4, 3, 4])
    }

    public var description: String { normalised }

    /// Whether `text` is a number this type accepts (the staff notice keeps the phone as typed).
    public static func isValid(_ text: String) -> Bool {
        (try? PhoneNumber(text)) != nil
    }
}
