import CSV
import Foundation
import Vapor

/// CSV downloads of lists, written with CSV.swift. UTF-8 with a byte-order mark so that Excel
/// opens Vietnamese text correctly; cells that a spreadsheet would run as a formula are defused.
enum CSVExport {
    static func response(filename: String, header: [String], rows: [[String]]) throws -> Response {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: header)
        for row in rows { try writer.write(row: row.map(defuse)) }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw Abort(.internalServerError, reason: "CSV writer produced no data")
        }
        var body = Data([0xEF, 0xBB, 0xBF])
        body.append(data)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: filename)
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    /// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to a spreadsheet
    /// (CSV injection); a leading apostrophe makes it text.
    static func defuse(_ cell: String) -> String {
        guard let first = cell.first, "=+-@\t\r".contains(first) else { return cell }
        return "'" + cell
    }
}
