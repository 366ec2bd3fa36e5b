import Foundation
import Testing
import VigilCore

/// Inputs on which the fuzzer (scripts/fuzz.sh) once crashed or hung a core parser, kept in
/// `Tests/fuzz/regressions/TARGET/`: each must now be read or refused. A new finding is covered by
/// copying its input there.
@Suite("Fuzzing regressions: core parsers")
struct CoreFuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions")

    static func inputs(_ target: String) -> [Data] {
        let directory = folder.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { FileManager.default.contents(atPath: directory.appendingPathComponent($0).path) }
    }

    @Test("check-in JSON", .timeLimit(.minutes(1)))
    func checkIn() {
        for data in Self.inputs("checkin") {
            _ = try? data.withUnsafeBytes { try CheckInDocument.decode(json: $0) }.problems(now: Date())
        }
    }

    @Test("indicator extraction", .timeLimit(.minutes(1)))
    func indicators() {
        for data in Self.inputs("indicators") {
            let text = String(decoding: data, as: UTF8.self)
            _ = IndicatorExtractor.extract(from: text)
            for type in IndicatorType.allCases { _ = IndicatorExtractor.normalise(text, as: type) }
        }
    }

    @Test("advisory JSON", .timeLimit(.minutes(1)))
    func advisoryJSON() {
        for data in Self.inputs("advisory-json") {
            for draft in (try? AdvisoryFile.drafts(json: data)) ?? [] { _ = draft.validated() }
        }
    }
}
