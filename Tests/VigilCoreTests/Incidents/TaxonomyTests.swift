import Testing
@testable import VigilCore

@Suite("Incident taxonomy and the serious-incident test")
struct TaxonomyTests {
    @Test("every scenario belongs to exactly one of the four cause groups")
    func groups() {
        #expect(CauseGroup.allCases.count == 4)
        #expect(Scenario.allCases.count == 15)
        #expect(Scenario.scenarios(in: .cyberAttack).count == 10)
        #expect(Scenario.scenarios(in: .systemFailure) == [.powerFailure, .internetFailure, .systemFault])
        #expect(Scenario.scenarios(in: .operatorError) == [.operatorError])
        #expect(Scenario.scenarios(in: .naturalDisaster) == [.naturalDisaster])
        #expect(Set(CauseGroup.allCases.flatMap(Scenario.scenarios(in:))).count == Scenario.allCases.count)
    }

    @Test("codes are the contract's", arguments: [
        (Scenario.combinedAttack, "combined_attack"), (.otherAttack, "other_attack"), (.powerFailure, "power_failure"),
        (.internetFailure, "internet_failure"), (.systemFault, "system_fault"), (.operatorError, "operator_error"),
        (.naturalDisaster, "natural_disaster"), (.ddos, "ddos"),
    ])
    func codes(scenario: Scenario, code: String) {
        #expect(scenario.rawValue == code)
    }

    @Test func scenarioOutsideItsGroupIsRefused() throws {
        #expect(throws: ClassificationError.scenarioOutsideCauseGroup(scenario: .ransomware, expected: .cyberAttack)) {
            try Classification(causeGroup: .systemFailure, scenario: .ransomware)
        }
        let ok = try Classification(causeGroup: .cyberAttack, scenario: .defacement)
        #expect(ok.scenario.rsit == RSITClass(classification: "intrusions", type: "application-compromise"))
    }

    @Test("serious: level 4-5 or national critical, AND a listed impact, AND beyond the owner's capacity", arguments: [
        (4, false, [SeriousImpact.serviceInterruption], true, true),
        (5, false, [.lossOfControl, .maySpread], true, true),
        (4, false, [.serviceInterruption], false, false),
        (3, false, [.serviceInterruption], true, false),
        (3, true, [.secretDisclosure], true, true),
        (5, false, [], true, false),
    ])
    func serious(level: Int, nationalCritical: Bool, impacts: [SeriousImpact], beyond: Bool, expected: Bool) {
        let outcome = SeriousIncidentRule.decision05of2017.evaluate(
            securityLevel: level, nationalCritical: nationalCritical, impacts: Set(impacts), beyondCapacity: beyond)
        #expect(outcome.serious == expected)
        #expect(outcome.reasons.last?.key == (expected ? "serious.verdict_serious" : "serious.verdict_not_serious"))
    }
}

@Suite("Severity")
struct SeverityTests {
    @Test("defaults give a low severity")
    func defaults() {
        let result = SeverityRule.assess(SeverityInput(), serious: false)
        #expect(result.severity == .low)
        #expect(result.points == 0)
    }

    @Test("points add up per criterion and every criterion that counted is explained")
    func points() {
        var input = SeverityInput()
        input.securityLevel = 3
        input.availability = .high
        input.affectedUsers = 150
        input.outageHours = 6
        let result = SeverityRule.assess(input, serious: false)
        #expect(result.points == 3 + 1 + 1 + 1)
        #expect(result.severity == .high)
        #expect(result.explanation.map(\.key) == ["severity.impact", "severity.security_level", "severity.scope_medium", "severity.outage_medium", "severity.points"])
    }

    @Test("an outage of any length is explained, whole hours without a fraction (1e300 hours once crashed the server)",
          arguments: [(6.0, "6"), (30.0, "30"), (4.5, "4.5"), (5.7e106, "5.7e+106")])
    func outageHoursInWords(hours: Double, words: String) {
        var input = SeverityInput()
        input.outageHours = hours
        let line = SeverityRule.assess(input, serious: false).explanation.first { $0.key.hasPrefix("severity.outage") }
        #expect(line?.arguments.first == words)
    }

    @Test("a level-4 system with a high impact is at least high; a serious incident is critical")
    func floors() {
        var input = SeverityInput()
        input.securityLevel = 4
        input.integrity = .high
        input.affectedSystems = 1
        #expect(SeverityRule.assess(input, serious: false).severity == .high)
        #expect(SeverityRule.assess(input, serious: true).severity == .critical)
        #expect(SeverityRule.assess(input, serious: true).explanation.last?.key == "severity.floor_serious")
    }

    @Test("the most severe combination is critical")
    func worst() {
        var input = SeverityInput()
        input.securityLevel = 5
        input.confidentiality = .high
        input.affectedUsers = 5_000
        input.dataSensitivity = .secret
        input.outageHours = 48
        input.spreading = true
        let result = SeverityRule.assess(input, serious: false)
        #expect(result.points == 3 + 2 + 2 + 2 + 2 + 2)
        #expect(result.severity == .critical)
    }
}

@Suite("Sub-scenarios")
struct SubScenarioTests {
    let label = LocalizedText(vi: "Lừa đảo qua tin nhắn", en: "SMS phishing")

    @Test("codes are short snake case, not a scenario's; both labels are needed")
    func validation() {
        #expect(SubScenario(code: "sms_phishing", scenario: .spoofing, label: label).problems.isEmpty)
        #expect(SubScenario(code: "SMS phishing", scenario: .spoofing, label: label).problems == [.badCode])
        #expect(SubScenario(code: "1abc", scenario: .spoofing, label: label).problems == [.badCode])
        #expect(SubScenario(code: "ransomware", scenario: .malware, label: label).problems == [.codeIsAScenario])
        #expect(SubScenario(code: "abc", scenario: .malware, label: LocalizedText(vi: "x", en: " ")).problems == [.missingLabel])
    }
}
