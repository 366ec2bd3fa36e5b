import CSV
import Foundation
import VigilCore

extension FuzzTarget {
    /// An advisory file in CSV: split into cells with CSV.swift as the server's import does (its
    /// `CSVImport.cells` lives in the server, which the fuzzer does not build), then read into drafts
    /// and each draft validated.
    static let advisoryCSV = FuzzTarget(name: "advisory-csv") { bytes in
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let firstLine = text.prefix { $0 != "\n" }
        let delimiter: UnicodeScalar = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        let reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true, delimiter: delimiter)
        let header = (reader.headerRow ?? []).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        var rows: [[String: String]] = []
        while let row = reader.next(), rows.count <= 20_000 {
            if row.allSatisfy({ $0.isEmpty }) { continue }
            rows.append(Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first }))
        }
        for draft in try AdvisoryFile.drafts(csvRows: rows) { _ = draft.validated() }
    }
}
