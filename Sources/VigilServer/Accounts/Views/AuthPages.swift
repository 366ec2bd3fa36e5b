import Vapor
import VigilCore

/// The view models `AuthController` renders (templates in Resources/Views); they never query.
extension AuthController {
    struct LoginPage: Encodable, Sendable {
        var form: FormState
        var next: String
        var expired: Bool
    }

    struct SecondFactorPage: Encodable, Sendable {
        var form: FormState
        var next: String
    }
}
