import Vapor
import VigilCore

/// The view models `ReportTemplateController` renders (templates in Resources/Views); they never query.
extension ReportTemplateController {
    struct Page: Encodable, Sendable {
        struct Version: Encodable, Sendable {
            let version: Int
            let legalReference: String
            let effectiveFrom: String
            let createdAt: String
            let createdBy: String
            let inForce: Bool
        }
        let kinds: [SelectOption]
        let kind: String
        let kindLabel: String
        let body: String
        let legalReference: String
        let effectiveFrom: String
        let versionInForce: Int
        let versions: [Version]
        let fields: [String]
        let tableFields: [String]
        let editable: Bool
        let form: FormState
    }
}
