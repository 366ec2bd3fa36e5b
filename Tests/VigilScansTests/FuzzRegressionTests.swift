import Foundation
import Testing
import VigilCore
@testable import VigilScans

/// Inputs on which the fuzzer (scripts/fuzz.sh) once crashed or hung a scanner reader, kept in
/// `Tests/fuzz/regressions/TARGET/`: each must now be read or refused, in well under the fuzzer's
/// ten-second limit. A new finding is covered by copying its input there.
@Suite("Fuzzing regressions: scanner readers")
struct ScanFuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions")

    static func inputs(_ target: String) -> [String] {
        let directory = folder.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0).path }
    }

    static func read(_ target: String, _ path: String) throws {
        switch target {
        case "openvas": _ = try OpenVASReport.read(path: path) { _ in }
        case "nessus": _ = try NessusReport.read(path: path) { _ in }
        case "nmap": _ = try NmapReport.read(path: path) { _ in }
        case "trivy": _ = try TrivyReport.read(path: path) { _ in }
        case "csv": _ = try VigilCSVReport.read(path: path) { _ in }
        default: _ = try ScanReader.read(path: path) { _ in }
        }
    }

    @Test("every kept input is read or refused", .timeLimit(.minutes(1)), arguments: ["scan", "openvas", "nessus", "nmap", "trivy", "csv"])
    func survives(target: String) {
        for path in Self.inputs(target) {
            do {
                try Self.read(target, path)
            } catch is ScanReportError {
                // Refused with a place and a reason: what a malformed report should get.
            } catch {
                Issue.record("\(target) \(path): \(error)")
            }
        }
    }
}
