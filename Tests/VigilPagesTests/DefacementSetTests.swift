import Foundation
import Testing
import VigilCore
@testable import VigilPages

/// Precision and recall of the defacement check on the labelled set in `Tests/fixtures/defacement`
/// (12 fictitious Vietnamese portals, 85 attacks, 80 legitimate changes; its README says how it was
/// made). The figures are printed; the test holds them above a floor so that a change that makes
/// the check worse fails.
@Suite("Defacement check on the labelled set")
struct DefacementSetTests {
    struct Case: Decodable {
        let baseline: String
        let page: String
        let url: String
        let defaced: Bool
        let kind: String
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/defacement")

    @Test("precision and recall on the labelled set")
    func precisionAndRecall() throws {
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: Self.folder.appendingPathComponent("labels.json")))
        #expect(cases.count >= 150)
        var baselines: [String: PageSnapshot] = [:]
        var (truePositives, falsePositives, falseNegatives, trueNegatives) = (0, 0, 0, 0)
        var wrong: [String] = []
        for item in cases {
            let baseline = try baselines[item.baseline] ?? PageReader.read(Data(contentsOf: Self.folder.appendingPathComponent(item.baseline)))
            baselines[item.baseline] = baseline
            let page = PageReader.read(try Data(contentsOf: Self.folder.appendingPathComponent(item.page)))
            let verdict = DefacementCheck.compare(baseline: baseline, page: page, url: URL(string: item.url))
            switch (item.defaced, verdict.defaced) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1; wrong.append("false alarm: \(item.page) \(verdict.reasons.map(\.code))")
            case (true, false): falseNegatives += 1; wrong.append("missed: \(item.page)")
            case (false, false): trueNegatives += 1
            }
        }
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        print("defacement set: \(cases.count) cases, precision \(String(format: "%.3f", precision)), recall \(String(format: "%.3f", recall)) "
              + "(tp \(truePositives), fp \(falsePositives), fn \(falseNegatives), tn \(trueNegatives))")
        for line in wrong { print("  " + line) }
        #expect(precision >= 0.95, "\(wrong)")
        #expect(recall >= 0.95, "\(wrong)")
    }
}
