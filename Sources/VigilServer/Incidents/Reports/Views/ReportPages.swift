import Vapor
import VigilCore

/// The view models `ReportController` renders (templates in Resources/Views); they never query.
extension ReportController {
    struct PrintPage: Encodable, Sendable {
        struct Block: Encodable, Sendable {
            let type: String
            let text: String
            let headers: [String]
            let rows: [[String]]
            let empty: Bool

            init(_ block: ReportBlock) {
                var headers: [String] = []
                var rows: [[String]] = []
                let type: String
                var text = ""
                switch block {
                case .title(let value): type = "title"; text = value
                case .centred(let value): type = "centred"; text = value
                case .heading(let value): type = "heading"; text = value
                case .paragraph(let value): type = "paragraph"; text = value
                case .listItem(let value): type = "item"; text = value
                case .table(let table): type = "table"; headers = table.headers; rows = table.rows
                }
                self.type = type
                self.text = text
                self.headers = headers
                self.rows = rows
                self.empty = type == "table" && rows.isEmpty
            }
        }
        let incidentID: String
        let reference: String
        let kind: String
        let kindLabel: String
        let title: String
        let blocks: [Block]
        let templateVersion: Int
        let legalSource: String
        let canIssue: Bool
        let defaultRecipients: String
        let issued: [IssuedRow]
        let hasIssued: Bool
    }
}
