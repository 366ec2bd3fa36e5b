import VigilCore

extension FuzzTarget {
    /// Free text (an incident's description, pasted logs) searched for indicators of compromise.
    static let indicators = FuzzTarget(name: "indicators") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        _ = IndicatorExtractor.extract(from: text)
        _ = IndicatorExtractor.refang(text)
        for type in IndicatorType.allCases { _ = IndicatorExtractor.normalise(text, as: type) }
    }
}
