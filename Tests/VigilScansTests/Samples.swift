import Foundation
import VigilCore
@testable import VigilScans

/// Real scanner reports, and scratch files.
enum Samples {
    /// Copied from `../shared/samples/scans` with their sources (SOURCES.md: DefectDojo's test
    /// data, BSD-3-Clause), so that the tests run wherever the repository is cloned.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Samples")

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// Writes `text` to a temporary file and returns its path.
    static func file(_ text: String, name: String = UUID().uuidString) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-scan-\(name)")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Writes `text` to a temporary file, reads it as a report and removes the file.
    static func read(text: String) throws -> (ScanSummary, [ScanResult]) {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try read(path)
    }

    static func read(_ path: String) throws -> (ScanSummary, [ScanResult]) {
        var results: [ScanResult] = []
        let summary = try ScanReader.read(path: path) { results.append($0) }
        return (summary, results)
    }
}
