import Vapor

/// bcrypt with a configurable cost: 12 in production, the minimum in tests where speed matters
/// more than strength.
struct PasswordHasher: Sendable {
    let cost: Int

    func hash(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    func verify(_ password: String, hash: String) -> Bool {
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }

    /// Spends the time of a verification when there is no user, so that response time does not
    /// tell which e-mail addresses exist.
    func verifyNothing(_ password: String) {
        _ = try? Bcrypt.verify(password, created: "$2b$\(String(format: "%02d", cost))$abcdefghijklmnopqrstuuN2gHLn0vmWnd/9k0.6bZmOfnPlSxjgO")
    }
}
