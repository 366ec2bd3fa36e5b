import Foundation
import VigilCore
import ZIPFoundation

/// Writes a document (an official report, a response plan) as a DOCX (Office Open XML, ECMA-376):
/// a ZIP of a few XML parts, built with ZIPFoundation. The XML is written here by hand: no library
/// on the list writes WordprocessingML, and the part Vigil needs (paragraphs, headings, tables) is
/// small.
///
/// Layout follows the usual Vietnamese administrative document (Decree 30/2020): A4, Times New
/// Roman 13 pt, left margin 3 cm.
struct DocxWriter: Sendable {
    /// The document's language, for the spelling checker of the word processor (`vi-VN`, `en-GB`).
    var language = "vi-VN"
    /// What an empty table says.
    var noRows = "(không có)"

    static let contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    func write(title: String, blocks: [DocumentBlock]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(title: title)),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/styles.xml", styles),
            ("word/document.xml", body(blocks)),
        ]
        for (path, xml) in parts {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw VigilError.internal }
        return data
    }

    // MARK: The document

    func body(_ blocks: [DocumentBlock]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#
        for block in blocks {
            switch block {
            case .title(let text): xml += paragraph(text, style: "Title", centred: true)
            case .centred(let text): xml += paragraph(text, centred: true, bold: true)
            case .heading(let text): xml += paragraph(text, style: "Heading1")
            case .paragraph(let text): xml += paragraph(text)
            case .listItem(let text): xml += paragraph("•\t" + text, style: "ListItem")
            case .table(let table): xml += self.table(table)
            }
        }
        xml += #"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>"#
        xml += #"<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>"#
        xml += "</w:body></w:document>"
        return xml
    }

    func paragraph(_ text: String, style: String? = nil, centred: Bool = false, bold: Bool = false) -> String {
        var xml = "<w:p>"
        if style != nil || centred {
            xml += "<w:pPr>"
            if let style { xml += #"<w:pStyle w:val="\#(style)"/>"# }
            if centred { xml += #"<w:jc w:val="center"/>"# }
            xml += "</w:pPr>"
        }
        xml += run(text, bold: bold)
        return xml + "</w:p>"
    }

    /// One run; line breaks in the text become `<w:br/>`, tabs `<w:tab/>`.
    func run(_ text: String, bold: Bool = false) -> String {
        var xml = "<w:r>" + (bold ? "<w:rPr><w:b/></w:rPr>" : "")
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { xml += "<w:br/>" }
            let pieces = line.split(separator: "\t", omittingEmptySubsequences: false)
            for (pieceIndex, piece) in pieces.enumerated() {
                if pieceIndex > 0 { xml += "<w:tab/>" }
                if !piece.isEmpty { xml += #"<w:t xml:space="preserve">\#(Self.escape(String(piece)))</w:t>"# }
            }
        }
        return xml + "</w:r>"
    }

    func table(_ table: DocumentTable) -> String {
        let columns = max(table.headers.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0, !table.rows.isEmpty else { return paragraph(noRows) }
        let width = 9071 / columns   // the text width of A4 with these margins, in twentieths of a point
        var xml = #"<w:tbl><w:tblPr><w:tblStyle w:val="DocumentTable"/><w:tblW w:w="5000" w:type="pct"/>"#
        xml += "<w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += #"<w:\#(edge) w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#
        }
        xml += "</w:tblBorders></w:tblPr><w:tblGrid>"
        xml += String(repeating: #"<w:gridCol w:w="\#(width)"/>"#, count: columns)
        xml += "</w:tblGrid>"
        func row(_ cells: [String], header: Bool) -> String {
            var xml = header ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>"
            for index in 0..<columns {
                let text = index < cells.count ? cells[index] : ""
                xml += #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/></w:tcPr><w:p>\#(run(text, bold: header))</w:p></w:tc>"#
            }
            return xml + "</w:tr>"
        }
        if !table.headers.isEmpty { xml += row(table.headers, header: true) }
        for cells in table.rows { xml += row(cells, header: false) }
        return xml + "</w:tbl>" + paragraph("")
    }

    /// Escapes markup and drops the characters XML 1.0 cannot hold at all.
    static func escape(_ text: String) -> String {
        XMLText.escape(text)
    }

    // MARK: The package parts

    let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
    <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
    </Types>
    """

    let packageRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
    </Relationships>
    """

    let documentRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    </Relationships>
    """

    func coreProperties(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(Self.escape(title))</dc:title><dc:creator>Vigil</dc:creator></cp:coreProperties>
        """
    }

    var styles: String {
        """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
    <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>\
    <w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="\(Self.escape(language))"/></w:rPr></w:rPrDefault>\
    <w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="ListItem"><w:name w:val="List Item"/><w:basedOn w:val="Normal"/>\
    <w:pPr><w:tabs><w:tab w:val="left" w:pos="360"/></w:tabs><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>\
    <w:style w:type="table" w:styleId="DocumentTable"><w:name w:val="Report Table"/>\
    <w:tblPr><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>\
    <w:rPr><w:sz w:val="22"/></w:rPr></w:style>\
    </w:styles>
    """
    }
}
