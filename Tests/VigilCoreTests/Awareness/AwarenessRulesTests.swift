import Foundation
import Testing
@testable import VigilCore

@Suite("Staff awareness: audience, recipients, acknowledgement counts, drafts, links")
struct AwarenessRulesTests {
    static let agency = "/p/a/"
    static let office = "/p/a/office/"
    static let it = "/p/a/office/it/"
    static let finance = "/p/a/finance/"
    static let staff = [
        StaffMember(id: "u1", name: "An", organisationID: "a", organisationPath: agency),
        StaffMember(id: "u2", name: "Bình", organisationID: "office", organisationPath: office),
        StaffMember(id: "u3", name: "Chi", organisationID: "it", organisationPath: it),
        StaffMember(id: "u4", name: "Dũng", organisationID: "finance", organisationPath: finance),
        StaffMember(id: "u5", name: "Em", organisationID: "finance", organisationPath: finance, isActive: false),
        StaffMember(id: "u6", name: "Giang", organisationID: "b", organisationPath: "/p/b/"),
    ]

    @Test("the whole organisation reaches its units too, and no one outside or disabled")
    func wholeOrganisation() {
        let audience = NoticeAudience.organisation(path: Self.agency)
        #expect(audience.recipients(among: Self.staff).map(\.id) == ["u1", "u2", "u3", "u4"])
        #expect(audience.unitIDs.isEmpty)
    }

    @Test("chosen units reach the units below them, not the agency itself nor the other units", arguments: [
        ([office], ["u2", "u3"]),
        ([it], ["u3"]),
        ([finance], ["u4"]),
        ([office, finance], ["u2", "u3", "u4"]),
        ([office, it], ["u2", "u3"]),
    ])
    func chosenUnits(paths: [String], expected: [String]) throws {
        let audience = try NoticeAudience.units(paths, within: Self.agency)
        #expect(audience.recipients(among: Self.staff).map(\.id) == expected)
    }

    @Test("a unit inside another chosen one is dropped; the audience survives storage")
    func storage() throws {
        let audience = try NoticeAudience.units([Self.it, Self.office, Self.office], within: Self.agency)
        #expect(audience.paths == [Self.office])
        #expect(audience.unitIDs == ["office"])
        let read = try #require(NoticeAudience(kind: audience.kind.rawValue, storedPaths: audience.storedPaths))
        #expect(read == audience)
        #expect(NoticeAudience(kind: "everyone", storedPaths: Self.agency) == nil)
        #expect(NoticeAudience(kind: "units", storedPaths: "") == nil)
    }

    @Test("no unit, the issuer itself, or a unit of another organisation is refused")
    func refusedUnits() {
        #expect(throws: AwarenessProblem.noUnits) { try NoticeAudience.units([], within: Self.agency) }
        #expect(throws: AwarenessProblem.unitOutside(Self.agency)) { try NoticeAudience.units([Self.agency], within: Self.agency) }
        #expect(throws: AwarenessProblem.unitOutside("/p/b/")) { try NoticeAudience.units([Self.office, "/p/b/"], within: Self.agency) }
        #expect(AwarenessProblem.unitOutside("/p/b/").field == "unitIds")
    }

    @Test("counts per unit: acknowledged and pending names, percentages rounded down, the pending ids")
    func tally() {
        let audience = NoticeAudience.organisation(path: Self.agency)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let tally = AcknowledgementTally(recipients: audience.recipients(among: Self.staff),
                                         acknowledgements: ["u1": at, "u3": at, "u6": at],
                                         unitNames: ["a": "Sở Xây dựng", "office": "Văn phòng Sở", "it": "Tổ CNTT", "finance": "Phòng Kế hoạch - Tài chính"])
        #expect(tally.total == 4 && tally.acknowledgedCount == 2 && tally.pendingCount == 2 && tally.percent == 50)
        #expect(tally.units.map(\.name) == ["Phòng Kế hoạch - Tài chính", "Sở Xây dựng", "Tổ CNTT", "Văn phòng Sở"])
        #expect(tally.units.map(\.percent) == [0, 100, 100, 0])
        #expect(tally.units[1].acknowledged == [.init(id: "u1", name: "An", acknowledgedAt: at)])
        #expect(tally.units[3].pending.map(\.name) == ["Bình"])
        #expect(Set(tally.pendingIDs) == ["u2", "u4"])
    }

    @Test("percentages", arguments: [(0, 0, 0), (1, 3, 33), (2, 3, 66), (199, 200, 99), (3, 3, 100)])
    func percentages(part: Int, whole: Int, expected: Int) {
        #expect(AcknowledgementTally.percent(part, of: whole) == expected)
    }

    static let draft = NoticeDraft(textVi: " Ứng cứu sự cố là hoạt động quan trọng. ", textEn: "Incident response matters.",
                                   focalPointName: "Hoàng Châu Thành", focalPointPhone: "0904 144 677")

    @Test("a good draft is trimmed; its digest changes with any field")
    func goodDraft() throws {
        let checked = try Self.draft.validated().get()
        #expect(checked.textVi == "Ứng cứu sự cố là hoạt động quan trọng.")
        let audience = NoticeAudience.organisation(path: Self.agency)
        var other = checked
        other.focalPointPhone = "0904 144 678"
        #expect(checked.digest(version: 1, audience: audience) != other.digest(version: 1, audience: audience))
        #expect(checked.digest(version: 1, audience: audience) != checked.digest(version: 2, audience: audience))
        #expect(checked.digest(version: 1, audience: audience).count == 64)
    }

    @Test("every problem of a draft is named by its field")
    func badDraft() {
        let bad = NoticeDraft(textVi: "  ", textEn: String(repeating: "x", count: NoticeDraft.maxTextLength + 1),
                              focalPointName: "Tên\u{7}", focalPointPhone: "gọi tôi")
        guard case .failure(let problems) = bad.validated() else { Issue.record("accepted"); return }
        #expect(problems.all == [.required(field: "textVi"), .tooLong(field: "textEn", maximum: NoticeDraft.maxTextLength),
                                 .controlCharacters(field: "focalPointName"), .phone(field: "focalPointPhone")])
        var noPhone = Self.draft
        noPhone.focalPointPhone = ""
        #expect((try? noPhone.validated().get()) == nil)
    }

    @Test("phone numbers as people write them", arguments: [
        ("0904144677", true), ("0904 144 677", true), ("0209.3870182", true), ("+84 904 144 677", true), ("(0209) 3870 182", true),
        ("0904-144-677", true), ("1234567", false), ("09041446771234567", false), ("84+904144677", false), ("0904 144 677 ext 12", false),
    ])
    func phones(text: String, valid: Bool) {
        #expect(PhoneNumber.isValid(text) == valid)
    }

    @Test("a link works once, until it expires")
    func links() {
        let sent = Date(timeIntervalSince1970: 1_800_000_000)
        let expiry = AcknowledgementLink.expiry(sentAt: sent)
        #expect(AcknowledgementLink.isUsable(expiresAt: expiry, usedAt: nil, now: sent.addingTimeInterval(86_400)))
        #expect(!AcknowledgementLink.isUsable(expiresAt: expiry, usedAt: sent, now: sent.addingTimeInterval(60)))
        #expect(!AcknowledgementLink.isUsable(expiresAt: expiry, usedAt: nil, now: expiry))
    }
}
