import Vapor
import VigilCore

/// The view models `SettingsController` renders (templates in Resources/Views); they never query.
extension SettingsController {
    struct Page: Encodable, Sendable {
        let requireTwoFactor: Bool
        let signatureAgeDays: String
        let silenceDays: String
        let minDays: Int
        let maxDays: Int
        /// Remediation deadlines by severity, as the form shows them.
        let remediationCritical: String
        let remediationHigh: String
        let remediationMedium: String
        let remediationLow: String
        let editable: Bool
        let form: FormState
    }
}
