import Foundation

/// The page of a versioned report template (the incident reports' and the periodic reports'):
/// the version in force, its body and legal basis, the earlier versions and the fields it may use.
struct TemplateEditorPage: Encodable, Sendable {
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
