import CLibXML2
import Foundation
import VigilCore
import VigilPages

/// `vigil bench defacement`: the time of one defacement check's own work on a page, as a monitor
/// does it after the fetch: read the fetched page (`PageReader.read`, libxml2 and the walk) and
/// compare it with the baseline prepared once (`DefacementCheck.prepare`, kept by the monitor until
/// the baseline or its rules change); also what that preparation costs. In the same run, for comparison: libxml2's HTML parser alone on the same page (the
/// floor of reading it), `PageReader.read` alone, and the comparison alone. Not a test: figures go
/// to docs/PERFORMANCE.md.
public enum DefacementBenchmark {
    /// `baseline` and `pages` are read from the files; the site's URL is what the labelled set gives.
    public static func run(baseline baselineFile: URL, pages files: [URL], url: URL?, iterations: Int,
                           report: @escaping @Sendable (String) -> Void) throws {
        let baselineData = try Data(contentsOf: baselineFile)
        let baseline = PageReader.read(baselineData)
        let stored = String(decoding: try JSONEncoder().encode(baseline), as: UTF8.self)
        report("baseline \(baselineFile.lastPathComponent): \(baselineData.count) bytes, snapshot: \(baseline.text.count) text blocks, "
               + "\(baseline.links.count) links, \(baseline.scripts.count) scripts; stored snapshot \(stored.utf8.count) bytes of JSON")
        report("\(iterations) iterations per case (after 5 not counted), times in ms")
        for file in [baselineFile] + files {
            let data = try Data(contentsOf: file)
            let name = file == baselineFile ? "\(file.lastPathComponent) (unchanged)" : file.lastPathComponent
            let verdict = DefacementCheck.compare(baseline: baseline, page: PageReader.read(data), url: url)
            report("== \(name): \(data.count) bytes, verdict \(verdict.defaced ? "defaced" : "not defaced") (score \(verdict.score)"
                   + (verdict.reasons.isEmpty ? "" : ", \(verdict.reasons.prefix(3).map(\.code).joined(separator: ","))") + ")")
            let page = PageReader.read(data)
            let prepared = DefacementCheck.prepare(baseline: baseline, url: url)
            let cases: [(String, () -> Void)] = [
                ("read + compare (the check: the baseline prepared, as the monitor keeps it)", {
                    _ = DefacementCheck.compare(prepared, page: PageReader.read(data))
                }),
                ("compare alone (the page read, the baseline prepared)", {
                    _ = DefacementCheck.compare(prepared, page: page)
                }),
                ("comparison: PageReader.read alone", { _ = PageReader.read(data) }),
                ("comparison: libxml2 htmlReadMemory alone (parse, free)", { parseOnly(data) }),
                ("once per baseline: decode the stored snapshot and prepare it", {
                    let decoded = try! JSONDecoder().decode(PageSnapshot.self, from: Data(stored.utf8))
                    _ = DefacementCheck.prepare(baseline: decoded, url: url)
                }),
                ("both snapshots, the baseline not prepared (compare(baseline:page:))", {
                    _ = DefacementCheck.compare(baseline: baseline, page: page, url: url)
                }),
            ]
            for (label, body) in cases {
                let timings = time(iterations: iterations, body)
                report(String(format: "%@: p50 %.2f, p95 %.2f, max %.2f", label, timings.p50, timings.p95, timings.max))
            }
        }
    }

    struct Timings { let p50: Double; let p95: Double; let max: Double }

    static func time(iterations: Int, _ body: () -> Void) -> Timings {
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for index in 0..<(iterations + 5) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            if index >= 5 { samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        samples.sort()
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        return Timings(p50: percentile(0.5), p95: percentile(0.95), max: samples.last ?? 0)
    }

    /// libxml2's HTML parser with the options `PageReader` uses, the document freed, nothing walked.
    static func parseOnly(_ data: Data) {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            if let document = htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, "UTF-8", options) {
                xmlFreeDoc(document)
            }
        }
    }
}
