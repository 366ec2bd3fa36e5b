/// The seed's four cause groups (section 3.2 of the source document).
public enum CauseGroup: String, CaseIterable, Codable, Sendable {
    case cyberAttack = "cyber_attack"
    case systemFailure = "system_failure"
    case operatorError = "operator_error"
    case naturalDisaster = "natural_disaster"
}

/// The seed's scenarios (section 3.3), each in exactly one cause group.
public enum Scenario: String, CaseIterable, Codable, Sendable {
    case ddos
    case spoofing
    case malware
    case intrusion
    case defacement
    case ransomware
    case destruction
    case espionage
    case combinedAttack = "combined_attack"
    case otherAttack = "other_attack"
    case powerFailure = "power_failure"
    case internetFailure = "internet_failure"
    case systemFault = "system_fault"
    case operatorError = "operator_error"
    case naturalDisaster = "natural_disaster"

    public var causeGroup: CauseGroup {
        switch self {
        case .ddos, .spoofing, .malware, .intrusion, .defacement, .ransomware, .destruction, .espionage,
             .combinedAttack, .otherAttack:
            .cyberAttack
        case .powerFailure, .internetFailure, .systemFault: .systemFailure
        case .operatorError: .operatorError
        case .naturalDisaster: .naturalDisaster
        }
    }

    public static func scenarios(in group: CauseGroup) -> [Scenario] {
        allCases.filter { $0.causeGroup == group }
    }

    /// The Reference Security Incident Taxonomy (ENISA / CSIRTs network) class and type used when
    /// an incident is exchanged with another CSIRT.
    public var rsit: RSITClass {
        switch self {
        case .ddos: RSITClass(classification: "availability", type: "ddos")
        case .spoofing: RSITClass(classification: "fraud", type: "masquerade")
        case .malware: RSITClass(classification: "malicious-code", type: "infected-system")
        case .intrusion: RSITClass(classification: "intrusions", type: "system-compromise")
        case .defacement: RSITClass(classification: "intrusions", type: "application-compromise")
        case .ransomware: RSITClass(classification: "malicious-code", type: "infected-system")
        case .destruction: RSITClass(classification: "availability", type: "sabotage")
        case .espionage: RSITClass(classification: "information-content-security", type: "unauthorised-information-access")
        case .combinedAttack: RSITClass(classification: "other", type: "other")
        case .otherAttack: RSITClass(classification: "other", type: "other")
        case .powerFailure: RSITClass(classification: "availability", type: "outage")
        case .internetFailure: RSITClass(classification: "availability", type: "outage")
        case .systemFault: RSITClass(classification: "availability", type: "outage")
        case .operatorError: RSITClass(classification: "availability", type: "outage")
        case .naturalDisaster: RSITClass(classification: "availability", type: "outage")
        }
    }
}

public struct RSITClass: Equatable, Codable, Sendable {
    public let classification: String
    public let type: String
}

public enum ClassificationError: Error, Equatable, Sendable {
    /// The scenario belongs to another cause group.
    case scenarioOutsideCauseGroup(scenario: Scenario, expected: CauseGroup)
}

/// A cause group and a scenario that belongs to it.
public struct Classification: Equatable, Codable, Sendable {
    public let causeGroup: CauseGroup
    public let scenario: Scenario

    public init(causeGroup: CauseGroup, scenario: Scenario) throws(ClassificationError) {
        guard scenario.causeGroup == causeGroup else {
            throw .scenarioOutsideCauseGroup(scenario: scenario, expected: scenario.causeGroup)
        }
        self.causeGroup = causeGroup
        self.scenario = scenario
    }
}
