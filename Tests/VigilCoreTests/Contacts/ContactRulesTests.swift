import Foundation
import Testing
@testable import VigilCore

@Suite("Contacts: phone numbers, details, the focal-point rule, escalation chains")
struct ContactRulesTests {
    @Test("Vietnamese numbers as people write them are stored in E.164", arguments: [
        ("0912345678", "+84912345678", "0912 345 678"),
        ("0912 345 678", "+84912345678", "0912 345 678"),
        ("091.234.5678", "+84912345678", "0912 345 678"),
        ("+84 912 345 678", "+84912345678", "0912 345 678"),
        ("+84-3-8765-4321", "+84387654321", "0387 654 321"),
        ("84912345678", "+84912345678", "0912 345 678"),
        ("(024) 3823 4567", "+842438234567", "024 3823 4567"),
        ("028 3829 1234", "+842838291234", "028 3829 1234"),
        ("0236 3822 111", "+842363822111", "0236 382 2111"),
        ("+84 236 3822 111", "+842363822111", "0236 382 2111"),
        ("1900 1234", "19001234", "19001234"),
        ("1800 123 456", "1800123456", "1800123456"),
        ("+33 1 23 45 67 89", "+33123456789", "+33123456789"),
    ])
    func phoneNumbers(raw: String, normalised: String, national: String) throws {
        let number = try PhoneNumber(raw)
        #expect(number.normalised == normalised)
        #expect(number.national == national)
    }

    @Test("numbers that do not parse are refused with the reason", arguments: [
        ("", PhoneNumber.Problem.empty),
        ("091234567", .wrongLength),          // a digit short
        ("09123456789", .wrongLength),        // a digit too many
        ("+8491234567", .wrongLength),
        ("024 3823 456", .wrongLength),
        ("0112345678", .unknownPrefix),
        ("0612345678", .unknownPrefix),
        ("912345678", .unknownPrefix),
        ("0912-ABC-678", .badCharacters),
        ("0912345678 ext 12", .badCharacters),
        ("09+12345678", .badCharacters),
        ("1900 12", .wrongLength),
        ("+1 234", .wrongLength),
    ])
    func badPhoneNumbers(raw: String, problem: PhoneNumber.Problem) {
        #expect(throws: problem) { try PhoneNumber(raw) }
    }

    @Test("a contact needs a name, a role, and a phone or an e-mail that parse; every problem is named")
    func details() throws {
        let ok = ContactDetails.validated(ContactDraft(name: " Nguyễn Văn An ", role: "focal_point", phone: "0912 345 678",
                                                       availability: "24x7", languages: ["VI", "en", "vi"]), over: nil)
        let details = try ok.get()
        #expect(details.name == "Nguyễn Văn An" && details.role == .focalPoint && details.phone?.normalised == "+84912345678")
        #expect(details.availability == .always && details.languages == ["vi", "en"] && details.bodyKind == nil)

        func problems(_ draft: ContactDraft, over current: ContactDetails? = nil) -> [ContactDetails.Problem] {
            guard case .failure(let found) = ContactDetails.validated(draft, over: current) else { return [] }
            return found.all
        }
        #expect(problems(ContactDraft(name: "A", role: "leader")) == [.init("phone", "phone_or_email")])
        #expect(problems(ContactDraft(name: "A", role: "leader", phone: "12345")) == [.init("phone", "phone_prefix")])
        #expect(problems(ContactDraft(name: "A", role: "leader", email: "an@")) == [.init("email", "email")])
        #expect(problems(ContactDraft(name: "A", role: "leader", email: "ân@sxd.gov.vn")) == [.init("email", "email_not_ascii")])
        #expect(problems(ContactDraft(name: "", role: "boss", phone: "0912345678", availability: "always")) ==
                [.init("name", "required"), .init("role", "unknown"), .init("availability", "unknown")])
        #expect(problems(ContactDraft(name: "A", role: "leader", phone: "0912345678", bodyKind: "supplier")) == [.init("bodyKind", "external_only")])
        #expect(problems(ContactDraft(name: "A", role: "leader", phone: "0912345678", otherPhones: ["0912345678", "abc"])) == [.init("otherPhones", "phone_characters")])
        #expect(problems(ContactDraft(name: "A", role: "leader", phone: "0912345678", languages: ["vietnamese"])) == [.init("languages", "language")])
        // An outside body without a kind is "other".
        #expect(try ContactDetails.validated(ContactDraft(name: "Công an tỉnh", role: "external", phone: "0236 123 4567"),
                                             over: nil).get().bodyKind == .other)
        // A change applies over what is stored; clearing the only way to reach them is refused.
        #expect(problems(ContactDraft(phone: ""), over: details) == [.init("phone", "phone_or_email")])
        let changed = try ContactDetails.validated(ContactDraft(email: "an@sxd.gov.vn"), over: details).get()
        #expect(changed.phone == details.phone && changed.email?.description == "an@sxd.gov.vn" && changed.name == details.name)
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static func confirmed(daysAgo: Double, availability: ContactAvailability = .always) -> NamedContact {
        NamedContact(confirmedAt: now.addingTimeInterval(-daysAgo * 86_400), checkSentAt: nil, availability: availability)
    }

    @Test("missing, unconfirmed, stale after 90 days (a setting), unreachable after 48 h, not 24/7")
    func focalPointRule() {
        let policy = ReachabilityPolicy()
        func problems(_ focal: NamedContact?, _ deputy: NamedContact?, policy: ReachabilityPolicy = ReachabilityPolicy(), now: Date = ContactRulesTests.now) -> [FocalPointProblem] {
            FocalPointRule.problems(focalPoint: focal, deputy: deputy, policy: policy, now: now)
        }
        #expect(problems(nil, nil) == [.missingFocalPoint, .missingDeputy])
        #expect(problems(Self.confirmed(daysAgo: 1), Self.confirmed(daysAgo: 89.9)).isEmpty)
        #expect(problems(Self.confirmed(daysAgo: 90.1), Self.confirmed(daysAgo: 1)) == [.stale])
        #expect(problems(Self.confirmed(daysAgo: 30), Self.confirmed(daysAgo: 30), policy: ReachabilityPolicy(staleAfterDays: 14)) == [.stale, .deputyStale])
        #expect(problems(Self.confirmed(daysAgo: 1, availability: .officeHours), nil) == [.notAlwaysAvailable, .missingDeputy])
        let never = NamedContact(confirmedAt: nil, checkSentAt: nil, availability: .always)
        #expect(problems(never, never) == [.unconfirmed, .deputyUnconfirmed])
        // A check sent 47 h ago is still awaited; at 49 h it is unreachable; an answer clears it.
        let asked = NamedContact(confirmedAt: nil, checkSentAt: Self.now.addingTimeInterval(-47 * 3600), availability: .always)
        #expect(problems(asked, Self.confirmed(daysAgo: 1)) == [.unconfirmed])
        let silent = NamedContact(confirmedAt: Self.now.addingTimeInterval(-100 * 86_400), checkSentAt: Self.now.addingTimeInterval(-49 * 3600), availability: .always)
        #expect(problems(silent, silent) == [.unreachable, .deputyUnreachable])
        let answered = NamedContact(confirmedAt: Self.now.addingTimeInterval(-48 * 3600), checkSentAt: Self.now.addingTimeInterval(-49 * 3600), availability: .always)
        #expect(problems(answered, Self.confirmed(daysAgo: 1)).isEmpty)
        // The job checks the stale and never-confirmed, not again within a week.
        #expect(policy.needsCheck(confirmedAt: nil, checkSentAt: nil, now: Self.now))
        #expect(!policy.needsCheck(confirmedAt: Self.now.addingTimeInterval(-10 * 86_400), checkSentAt: nil, now: Self.now))
        #expect(policy.needsCheck(confirmedAt: Self.now.addingTimeInterval(-91 * 86_400), checkSentAt: nil, now: Self.now))
        #expect(!policy.needsCheck(confirmedAt: nil, checkSentAt: Self.now.addingTimeInterval(-6 * 86_400), now: Self.now))
        #expect(policy.needsCheck(confirmedAt: nil, checkSentAt: Self.now.addingTimeInterval(-8 * 86_400), now: Self.now))
        #expect(FocalPointProblem.allCases.map(\.rawValue).contains("missing_focal_point"))
    }

    @Test("a chain's waits add up; bad chains are refused; acknowledgement stops it")
    func escalationChain() throws {
        let (a, b, c) = (UUID(), UUID(), UUID())
        let steps = [EscalationStep(contactID: a, waitMinutes: 0), EscalationStep(contactID: b, waitMinutes: 15), EscalationStep(contactID: c, waitMinutes: 30)]
        try EscalationChain.validate(steps)
        #expect(EscalationChain.dueTimes(steps, from: Self.now) == [Self.now, Self.now.addingTimeInterval(900), Self.now.addingTimeInterval(2700)])
        #expect(throws: EscalationChain.Problem.badWait(step: 2)) { try EscalationChain.validate([steps[0], EscalationStep(contactID: b, waitMinutes: -1)]) }
        #expect(throws: EscalationChain.Problem.repeatedContact(step: 2)) { try EscalationChain.validate([steps[0], steps[0]]) }
        #expect(throws: EscalationChain.Problem.tooManySteps) { try EscalationChain.validate((0..<11).map { _ in EscalationStep(contactID: UUID(), waitMinutes: 1) }) }
        #expect(!EscalationChain.isAcknowledged(status: .received, assigned: false, disposition: "open"))
        #expect(EscalationChain.isAcknowledged(status: .verifying, assigned: false, disposition: "open"))
        #expect(EscalationChain.isAcknowledged(status: .received, assigned: true, disposition: "open"))
        #expect(EscalationChain.isAcknowledged(status: .received, assigned: false, disposition: "not_incident"))
    }
}
