import Testing
import VigilCore

@Suite("First steps of a new installation")
struct FirstStepsTests {
    @Test("each step is ticked from the data and names the roles that can do it")
    func steps() {
        var facts = SetupFacts()
        #expect(FirstStep.allCases.allSatisfy { !$0.isDone(facts) })
        #expect(FirstStep.users.roles == [.admin])
        #expect(FirstStep.firstScan.roles == [.responder, .focalPoint])
        #expect(facts.checklist(for: [.admin]).show && facts.checklist(for: [.focalPoint]).show)
        #expect(!facts.checklist(for: [.reporter]).show, "a reporter can do none of them")
        facts = SetupFacts(organisationsBelow: 2, otherUsers: 5, focalPoints: 1, systems: 3, hosts: 40, scans: 1)
        #expect(FirstStep.allCases.allSatisfy { $0.isDone(facts) })
        #expect(!facts.checklist(for: [.admin]).show, "done: the checklist gives way to the figures")
    }
}
