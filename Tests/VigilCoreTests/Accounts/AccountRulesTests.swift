import Foundation
import Testing
@testable import VigilCore

@Suite("Passwords, throttling, secrets, paging")
struct AccountRulesTests {
    let policy = PasswordPolicy()

    @Test("password policy", arguments: [
        ("short", PasswordPolicy.Violation.tooShort(minimum: 10)),
        ("aaaaaaaaaaaa", .tooFewDistinctCharacters),
        ("nguyenvana-2026!", .containsEmail),
        (String(repeating: "abcdefgh", count: 10), .tooLong(maximum: 72)),
    ])
    func refused(password: String, violation: PasswordPolicy.Violation) {
        #expect(throws: violation) { try policy.check(password, email: "nguyenvana@sxd.gov.vn") }
    }

    @Test func accepted() throws {
        try policy.check("correct horse battery staple", email: "nguyenvana@sxd.gov.vn")
        try policy.check("Mật khẩu tiếng Việt", email: nil)
    }

    @Test("five failures in the window lock the account until the oldest leaves the window")
    func throttle() {
        let rule = LoginThrottlePolicy(window: 900, maxFailuresPerAccount: 5, maxFailuresPerAddress: 20)
        let now = Date(timeIntervalSince1970: 10_000)
        let four = (1...4).map { now.addingTimeInterval(Double(-$0 * 10)) }.reversed().map { $0 }
        #expect(rule.decide(accountFailures: four, addressFailures: four, now: now) == .allow)
        let five = [now.addingTimeInterval(-100)] + four
        #expect(rule.decide(accountFailures: five, addressFailures: five, now: now) == .refuse(until: now.addingTimeInterval(800)))
        // Failures older than the window do not count.
        let old = (1...10).map { now.addingTimeInterval(Double(-1000 - $0)) }
        #expect(rule.decide(accountFailures: old, addressFailures: [], now: now) == .allow)
        // Many accounts from one address.
        let spray = (1...20).map { now.addingTimeInterval(Double(-$0)) }.reversed().map { $0 }
        if case .refuse = rule.decide(accountFailures: [], addressFailures: spray, now: now) {} else { Issue.record("address not throttled") }
    }

    @Test func secrets() {
        let token = Secrets.randomToken()
        #expect(token.count == 43)
        #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
        #expect(Secrets.randomToken() != token)
        #expect(Secrets.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Secrets.constantTimeEquals("abc", "abc"))
        #expect(!Secrets.constantTimeEquals("abc", "abd"))
        #expect(!Secrets.constantTimeEquals("abc", "abcd"))
        let password = Secrets.oneTimePassword()
        #expect(password.count == 16)
        #expect(!password.contains { "0O1lI".contains($0) })
        let codes = Secrets.recoveryCodes()
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(Secrets.normaliseRecoveryCode(" AbCdE-12345 ") == "abcde12345")
    }

    @Test func paging() throws {
        let page = try PageRequest(limit: nil, cursor: nil)
        #expect(page.limit == 50 && page.after == nil)
        let cursor = PageRequest.encode("nguyễn@sxd.gov.vn")
        #expect(try PageRequest(limit: 10, cursor: cursor).after == "nguyễn@sxd.gov.vn")
        #expect(throws: PageRequest.Problem.badLimit) { try PageRequest(limit: 0, cursor: nil) }
        #expect(throws: PageRequest.Problem.badLimit) { try PageRequest(limit: 501, cursor: nil) }
        #expect(throws: PageRequest.Problem.badCursor) { try PageRequest(limit: 10, cursor: "%%%") }
    }
}
