/// What a new password must satisfy. Length over composition rules (NIST SP 800-63B), plus a
/// refusal of passwords that merely repeat the e-mail address.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    public var maximumLength: Int

    public init(minimumLength: Int = 10, maximumLength: Int = 128) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    public enum Violation: Error, Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case containsEmail
        case tooFewDistinctCharacters
    }

    public func check(_ password: String, email: String?) throws(Violation) {
        if password.count < minimumLength { throw .tooShort(minimum: minimumLength) }
        // bcrypt reads at most 72 bytes; a longer limit in characters would silently be ignored.
        if password.utf8.count > min(maximumLength, 72) { throw .tooLong(maximum: min(maximumLength, 72)) }
        if Set(password).count < 4 { throw .tooFewDistinctCharacters }
        if let email, let local = email.split(separator: "@").first, local.count >= 4,
           password.lowercased().contains(local.lowercased()) {
            throw .containsEmail
        }
    }
}
