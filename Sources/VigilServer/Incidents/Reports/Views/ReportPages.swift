import Vapor
import VigilCore

/// The view models `ReportController` renders (templates in Resources/Views); they never query.
extension ReportController {
    struct PrintPage: Encodable, Sendable {
        let incidentID: String
        let reference: String
        let kind: String
        let kindLabel: String
        let title: String
        let blocks: [PaperBlock]
        let templateVersion: Int
        let legalSource: String
        let canIssue: Bool
        let defaultRecipients: String
        let issued: [IssuedRow]
        let hasIssued: Bool
    }
}
