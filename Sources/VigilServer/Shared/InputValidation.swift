import Foundation

/// Checks of free-text input shared by forms, the API and the command line.
enum InputValidation {
    static func email(_ raw: String) throws -> String {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              email.allSatisfy({ !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "\"" })
        else { throw VigilError.invalid("email", "validation.email") }
        return email
    }

    static func name(_ raw: String, field: String = "name", maxLength: Int = 200) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw VigilError.invalid(field, "validation.required") }
        guard name.count <= maxLength else { throw VigilError.invalid(field, "validation.too_long", [String(maxLength)]) }
        guard !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw VigilError.invalid(field, "validation.control_characters")
        }
        return name
    }

    /// Longer free text (descriptions, notes): required, bounded, no control characters but line breaks.
    static func text(_ raw: String, field: String, maxLength: Int) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw VigilError.invalid(field, "validation.required") }
        guard text.count <= maxLength else { throw VigilError.invalid(field, "validation.too_long", [String(maxLength)]) }
        let allowed = CharacterSet(charactersIn: "\n\r\t")
        guard !text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) && !allowed.contains($0) }) else {
            throw VigilError.invalid(field, "validation.control_characters")
        }
        return text
    }

    /// An optional short text: empty becomes nil.
    static func optionalName(_ raw: String?, field: String, maxLength: Int) throws -> String? {
        guard let raw, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try name(raw, field: field, maxLength: maxLength)
    }

    /// Organisation codes prefix reference numbers: 2 to 12 letters, digits or dashes.
    static func organisationCode(_ raw: String) throws -> String {
        let code = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard (2...12).contains(code.count), code.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" })
        else { throw VigilError.invalid("code", "validation.org_code") }
        return code
    }

    static func uuid(_ raw: String?, field: String) throws -> UUID? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else { throw VigilError.invalid(field, "validation.id") }
        return id
    }
}

extension String {
    var nilIfEmpty: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
