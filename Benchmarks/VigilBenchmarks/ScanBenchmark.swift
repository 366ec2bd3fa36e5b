import Foundation
import VigilCore
import VigilScans

/// `vigil bench scans FILE --parse-only`: how fast a report is read, with nothing stored, to set
/// beside the whole import (`vigil import`) and beside xmllint and Python on the same file
/// (scripts/bench-scans.sh).
public enum ScanBenchmark {
    public static func parse(file: String) throws -> String {
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
        let started = Date()
        var results = 0
        let summary = try ScanReader.read(path: file) { _ in results += 1 }
        let seconds = Date().timeIntervalSince(started)
        return String(format: "read %@ (%.1f MB, %@): %d results, %d hosts in %.3f s, %.1f MB/s", file, size / 1_048_576,
                      summary.format.rawValue, results, summary.hosts.count, seconds, size / 1_048_576 / seconds)
    }
}
