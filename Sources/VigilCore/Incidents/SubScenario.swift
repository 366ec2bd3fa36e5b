import Foundation

/// A finer scenario an administrator adds under one of the seed's scenarios (for example
/// "phishing by SMS" under `spoofing`). It inherits its scenario's cause group and exchange class.
public struct SubScenario: Codable, Equatable, Sendable {
    public var code: String
    public var scenario: Scenario
    public var label: LocalizedText

    public init(code: String, scenario: Scenario, label: LocalizedText) {
        self.code = code
        self.scenario = scenario
        self.label = label
    }

    public enum Problem: Error, Equatable, Sendable {
        /// Lower-case letters, digits and underscores, 2 to 40, starting with a letter.
        case badCode
        /// A scenario's own code cannot be reused for a sub-scenario.
        case codeIsAScenario
        case missingLabel
        case labelTooLong
    }

    public var problems: [Problem] {
        var problems: [Problem] = []
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        if !(2...40).contains(code.count) || !code.allSatisfy(allowed.contains) || !(code.first?.isLetter ?? false) {
            problems.append(.badCode)
        }
        if Scenario(rawValue: code) != nil { problems.append(.codeIsAScenario) }
        if label.vi.trimmingCharacters(in: .whitespaces).isEmpty || label.en.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.missingLabel)
        }
        if label.vi.count > 120 || label.en.count > 120 { problems.append(.labelTooLong) }
        return problems
    }
}
