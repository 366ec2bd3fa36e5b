import VigilCore

/// A document block as the print pages render it (`<article class="paper">`): the same blocks the
/// DOCX writer writes, so that the page and the file say the same.
struct PaperBlock: Encodable, Sendable {
    let type: String
    let text: String
    let headers: [String]
    let rows: [[String]]
    let empty: Bool

    init(_ block: DocumentBlock) {
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
