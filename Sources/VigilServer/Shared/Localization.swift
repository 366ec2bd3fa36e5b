import Foundation
import Vapor

/// The UI's languages: Vietnamese first, English second.
enum UILanguage: String, CaseIterable, Codable, Sendable {
    case vi
    case en

    static let `default` = UILanguage.vi

    /// Picks a language from an `Accept-Language` header, for API clients without a session.
    static func preferred(acceptLanguage: String?) -> UILanguage {
        guard let header = acceptLanguage?.lowercased() else { return .default }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if tag.hasPrefix("vi") { return .vi }
            if tag.hasPrefix("en") { return .en }
        }
        return .default
    }
}

/// The localization tables: one JSON object of key -> text per language, in
/// `Resources/Localization/<lang>.json`. A key missing from a table falls back to Vietnamese,
/// then to the key itself so that a gap shows instead of breaking the page; a test checks that
/// both tables have the same keys.
struct Localizer: Sendable {
    let tables: [UILanguage: [String: String]]

    static func load(from directory: URL) throws -> Localizer {
        var tables: [UILanguage: [String: String]] = [:]
        for language in UILanguage.allCases {
            let url = directory.appendingPathComponent("\(language.rawValue).json")
            let data = try Data(contentsOf: url)
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Localizer(tables: tables)
    }

    func text(_ key: String, _ language: UILanguage, _ arguments: [String] = []) -> String {
        Self.fill(tables[language]?[key] ?? tables[.default]?[key] ?? key, arguments)
    }

    /// Puts the arguments in place of `{0}`, `{1}`…, in one pass: an argument's own text is never
    /// read for placeholders, and a placeholder with no argument stays as written. (One
    /// `replacingOccurrences` per argument, through Foundation, was a tenth of a page of 450
    /// figures.)
    static func fill(_ template: String, _ arguments: [String]) -> String {
        guard !arguments.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = ""
        result.reserveCapacity(template.utf8.count + arguments.reduce(0) { $0 + $1.utf8.count })
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let start = rest.index(after: open)
            if let close = rest[start...].firstIndex(of: "}"), close > start, rest[start..<close].allSatisfy(\.isASCIIDigit),
               let index = Int(rest[start..<close]), arguments.indices.contains(index) {
                result += arguments[index]
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[start...]
            }
        }
        return result + rest
    }

    func has(_ key: String) -> Bool { tables[.default]?[key] != nil }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

/// Dates and numbers are formatted here and nowhere else.
struct DisplayFormat: Sendable {
    let timeZone: TimeZone

    func dateTime(_ date: Date, _ language: UILanguage) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: language == .vi ? "vi_VN" : "en_GB")
        formatter.dateFormat = language == .vi ? "dd/MM/yyyy HH:mm" : "d MMM yyyy HH:mm"
        return formatter.string(from: date)
    }

    func date(_ date: Date, _ language: UILanguage) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: language == .vi ? "vi_VN" : "en_GB")
        formatter.dateFormat = language == .vi ? "dd/MM/yyyy" : "d MMM yyyy"
        return formatter.string(from: date)
    }
}

extension Application {
    private struct LocalizerKey: StorageKey { typealias Value = Localizer }
    private struct DisplayFormatKey: StorageKey { typealias Value = DisplayFormat }

    var localizer: Localizer {
        get { storage[LocalizerKey.self]! }
        set { storage[LocalizerKey.self] = newValue }
    }

    var displayFormat: DisplayFormat {
        get { storage[DisplayFormatKey.self] ?? DisplayFormat(timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!) }
        set { storage[DisplayFormatKey.self] = newValue }
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = UILanguage }

    /// The language of this request: the user's choice, else the language cookie, else Vietnamese.
    var language: UILanguage {
        get { storage[LanguageKey.self] ?? .default }
        set { storage[LanguageKey.self] = newValue }
    }

    func t(_ key: String, _ arguments: String...) -> String {
        application.localizer.text(key, language, arguments)
    }
}

/// Reads the language cookie before anything else runs; the session authenticator then applies the
/// signed-in user's own choice.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "vigil_lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let value = request.cookies[Self.cookieName]?.string, let language = UILanguage(rawValue: value) {
            request.language = language
        } else if request.url.path.hasPrefix("/api/") {
            request.language = UILanguage.preferred(acceptLanguage: request.headers.first(name: .acceptLanguage))
        }
        return try await next.respond(to: request)
    }
}
