import Testing
@testable import VigilCore

@Suite("Default playbooks")
struct PlaybookTests {
    @Test("one complete playbook per scenario, in both languages, covering every phase", arguments: Scenario.allCases)
    func complete(scenario: Scenario) {
        let playbook = DefaultPlaybooks.playbook(for: scenario)
        #expect(playbook.scenario == scenario)
        #expect((8...14).contains(playbook.steps.count))
        #expect(Set(playbook.steps.map(\.phase)) == Set(ResponsePhase.allCases))
        #expect(playbook.steps.allSatisfy { !$0.title.vi.isEmpty && !$0.title.en.isEmpty && !$0.detail.vi.isEmpty && !$0.detail.en.isEmpty })
        #expect(playbook.steps.allSatisfy { $0.dueWithinHours > 0 })
        #expect(playbook.steps.contains { $0.dueWithinHours == 120 }, "the 5-day notification step")
    }

    @Test func allInOrder() {
        #expect(DefaultPlaybooks.all.map(\.scenario) == Scenario.allCases)
    }
}
