import Foundation
import VigilCore

/// Reads a scanner report of any supported format, told apart by its content (never by the file
/// name), calling `onResult` for each result as it is read. A report that breaks its format is
/// refused with the place and the reason; the caller stores nothing of it (results are only
/// written once the whole file has been read, see the server's scan import).
public enum ScanReader {
    public static func read(path: String, onResult: (ScanResult) throws -> Void) throws -> ScanSummary {
        switch try detect(path: path) {
        case .openvas: return try OpenVASReport.read(path: path, onResult: onResult)
        case .nessus: return try NessusReport.read(path: path, onResult: onResult)
        case .nmap: return try NmapReport.read(path: path, onResult: onResult)
        case .trivy: return try TrivyReport.read(path: path, onResult: onResult)
        case .csv: return try VigilCSVReport.read(path: path, onResult: onResult)
        }
    }

    /// The format, from the first bytes of the file.
    public static func detect(path: String) throws -> ScanFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScanReportError(.cannotOpen) }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16 * 1024)) ?? Data()
        guard let format = detect(head: Array(head)) else {
            throw ScanReportError(.notAReport)
        }
        return format
    }

    static func detect(head: [UInt8]) -> ScanFormat? {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        bytes = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = bytes.first else { return nil }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .trivy }
        if first == UInt8(ascii: "<") {
            switch rootElement(bytes) {
            case "report", "get_reports_response": return .openvas
            case "NessusClientData_v2": return .nessus
            case "nmaprun": return .nmap
            default: return nil
            }
        }
        let header = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self).lowercased()
        let columns = Set(header.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(["\""])) })
        if columns.isSuperset(of: ["host", "title"]) { return .csv }
        return nil
    }

    /// The first element's name after the prolog (declaration, comments, instructions, doctype).
    private static func rootElement(_ bytes: ArraySlice<UInt8>) -> String? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) else { return nil }
            let next = bytes.index(after: open)
            guard next < bytes.endIndex else { return nil }
            if bytes[next...].starts(with: Array("!--".utf8)) {
                // A comment may hold `>`: it ends at `-->`.
                var end = next + 3
                while end + 2 < bytes.endIndex, !bytes[end...].starts(with: Array("-->".utf8)) { end += 1 }
                index = end + 3
                continue
            }
            if bytes[next] == UInt8(ascii: "?") || bytes[next] == UInt8(ascii: "!") {
                // Skip to the end of this declaration or instruction.
                guard let close = bytes[next...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                index = bytes.index(after: close)
                continue
            }
            let name = bytes[next...].prefix { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "/")) }
            let text = String(decoding: name, as: UTF8.self)
            // A namespace prefix does not change what the element is.
            return text.split(separator: ":").last.map(String.init)
        }
        return nil
    }
}
