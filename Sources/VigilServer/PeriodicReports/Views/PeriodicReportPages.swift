import Vapor
import VigilCore

/// The view models `PeriodicReportPageController` and `PeriodicReportTemplateController` render
/// (templates in Resources/Views/periodic-reports); they never query.
extension PeriodicReportPageController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let organisation: String
            let kind: String
            let year: Int
            let period: String
            let dueOn: String
            let status: String
            let statusCode: String
            let when: String
        }
        struct Deadline: Encodable, Sendable {
            let kind: String
            let year: Int
            let period: String
            let dueOn: String
            let source: String
        }
        let rows: [Row]
        let noRows: Bool
        let deadlines: [Deadline]
        let organisations: [SelectOption]
        let kinds: [SelectOption]
        let year: String
        let canManage: Bool
        let form: FormState
        let paging: ListPaging
    }

    struct ReportPage: Encodable, Sendable {
        let id: String
        let title: String
        let organisation: String
        let kind: String
        let year: Int
        let status: String
        let statusCode: String
        let generatedAt: String
        let generatedBy: String
        let issuedAt: String
        let issuedBy: String
        let sha256: String
        let templateVersion: Int
        let legalSource: String
        let isDraft: Bool
        let canManage: Bool
        let blocks: [PaperBlock]
    }
}

extension PeriodicReportTemplateController {
    typealias Page = TemplateEditorPage
}
