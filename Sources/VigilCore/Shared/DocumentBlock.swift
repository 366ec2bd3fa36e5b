/// One block of a document Vigil writes (an official report, a response plan): what the print page
/// and the DOCX writer both render, so that the two always say the same.
public enum DocumentBlock: Sendable, Equatable {
    case title(String)
    case centred(String)
    case heading(String)
    case paragraph(String)
    case listItem(String)
    case table(DocumentTable)
}

public struct DocumentTable: Sendable, Equatable, Codable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }
}

extension DocumentBlock {
    /// The words of blocks, for search and for tests.
    public static func plainText(_ blocks: [DocumentBlock]) -> String {
        blocks.map { block -> String in
            switch block {
            case .title(let text), .centred(let text), .heading(let text), .paragraph(let text), .listItem(let text):
                return text
            case .table(let table):
                return ([table.headers] + table.rows).map { $0.joined(separator: " | ") }.joined(separator: "\n")
            }
        }.joined(separator: "\n")
    }
}
