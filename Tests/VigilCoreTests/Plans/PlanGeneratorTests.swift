import Foundation
import Testing
@testable import VigilCore

@Suite("Response plans: the sections generated from what Vigil knows")
struct PlanGeneratorTests {
    static func inputs(level: Int = 3, urls: [String] = ["https://sxd.thainguyen.gov.vn"], people: [PlanContact] = []) -> PlanInputs {
        PlanInputs(
            system: .init(name: "Cổng thông tin điện tử", description: "Cổng của Sở", ownerUnit: "Sở Xây dựng", securityLevel: level,
                          nationalCritical: false, hosting: .provincialDataCentre, publicURLs: urls, responsible: "Trần Đầu Mối"),
            hosts: [.init(name: "web01", addresses: ["10.0.0.5"], role: "server")],
            suppliers: [.init(name: "Công ty Phần mềm A", services: "Vận hành cổng")],
            criteria: SeverityCriteria(), serious: .decision05of2017,
            playbooks: PlanScenarios.relevant(publicURLs: urls).map(DefaultPlaybooks.playbook(for:)),
            contacts: PlanContacts(people: people, escalation: people, fromDirectory: false),
            recovery: .init(backups: "Sao lưu hằng ngày\nBản sao ngoài trụ sở", spareEquipment: "", supplierSupport: "Hỗ trợ 24/7"))
    }

    /// Every key and verbatim word of a section, flattened, for checking what it says.
    static func words(_ text: PlanText) -> [String] {
        switch text {
        case .key(let key, let arguments): [key] + arguments.flatMap(words)
        case .verbatim(let text): [text]
        case .localized(let text): [text.vi, text.en]
        }
    }

    static func words(_ section: PlanSectionDraft) -> [String] { section.lines.flatMap { words($0.text) } }

    @Test("one section of each kind, in order")
    func sectionsInOrder() {
        #expect(PlanGenerator.sections(Self.inputs()).map(\.kind) == PlanSectionKind.allCases)
    }

    @Test("the system section names the system, its owner, level, hosting, hosts, suppliers and addresses")
    func systemSection() {
        let words = Self.words(PlanGenerator.sections(Self.inputs())[0])
        for expected in ["Cổng thông tin điện tử", "Sở Xây dựng", "3", "system.level.meaning.3", "system.hosting.provincial_data_centre", "web01",
                         "10.0.0.5", "host.role.server", "Công ty Phần mềm A", "https://sxd.thainguyen.gov.vn"] {
            #expect(words.contains(expected), "\(expected)")
        }
    }

    @Test("the severity section quotes the criteria in force and says whether the serious test applies", arguments: [(3, false), (4, true), (5, true)])
    func severity(level: Int, applies: Bool) {
        var inputs = Self.inputs(level: level)
        inputs.criteria.usersLarge = 5_000
        let words = Self.words(PlanGenerator.sections(inputs)[1])
        #expect(words.contains("5000"))
        #expect(words.contains(SeriousIncidentRule.decision05of2017.source.reference))
        #expect(words.contains(applies ? "plan.text.serious.applies" : "plan.text.serious.not_applies"))
        for impact in SeriousImpact.allCases { #expect(words.contains("serious_impact.\(impact.rawValue)")) }
    }

    @Test("the causes section has methods for each of the four cause groups")
    func causes() {
        let words = Self.words(PlanGenerator.sections(Self.inputs())[2])
        for group in CauseGroup.allCases {
            #expect(words.contains("cause.\(group.rawValue)"))
            #expect(words.contains("plan.text.causes.\(group.rawValue).1"))
        }
    }

    @Test("a system without public addresses leaves out denial of service and defacement")
    func relevantScenarios() {
        #expect(PlanScenarios.relevant(publicURLs: []).count == Scenario.allCases.count - 2)
        #expect(!PlanScenarios.relevant(publicURLs: []).contains(.defacement))
        #expect(PlanScenarios.relevant(publicURLs: ["https://x.gov.vn"]).count == Scenario.allCases.count)
        let words = Self.words(PlanGenerator.sections(Self.inputs(urls: []))[3])
        #expect(!words.contains("scenario.defacement") && words.contains("scenario.ransomware"))
    }

    @Test("contacts: the people and the escalation chain, or a line asking for a focal point")
    func contacts() {
        let none = Self.words(PlanGenerator.sections(Self.inputs())[4])
        #expect(none.contains("plan.text.contacts.missing") && none.contains("plan.text.contacts.from_users"))
        let focal = PlanContact(role: "focal_point", name: "Hoàng Châu Thành", organisation: "Sở Xây dựng", phone: "0912 345 678")
        let named = Self.words(PlanGenerator.sections(Self.inputs(people: [focal]))[4])
        #expect(named.contains("Hoàng Châu Thành") && named.contains("0912 345 678") && named.contains("plan.text.contacts.step"))
    }

    @Test("recovery resources: one item a line, a missing one asked for")
    func recovery() {
        let section = PlanGenerator.sections(Self.inputs())[5]
        #expect(section.lines.contains(.item(.verbatim("Bản sao ngoài trụ sở"))))
        #expect(Self.words(section).contains("plan.text.recovery.missing"))
    }

    @Test("the markup: headings, items and paragraphs; one line each")
    func markup() {
        #expect(PlanMarkup.blocks("## Tiêu đề\n- ý một\r\n\nđoạn văn") == [.heading("Tiêu đề"), .listItem("ý một"), .paragraph("đoạn văn")])
        #expect(PlanMarkup.line(.item(.verbatim("x")), words: "hai\ndòng") == "- hai dòng")
    }

    @Test("the canonical content and its SHA-256 do not depend on the order keys were added")
    func digest() throws {
        let sections = [PlanSection(kind: .system, text: LocalizedText(vi: "a", en: "b"))]
        let one = PlanContent(systemID: "s", version: 1, sections: sections, playbooks: ["ddos": 1, "malware": 2])
        let two = PlanContent(systemID: "s", version: 1, sections: sections, playbooks: ["malware": 2, "ddos": 1])
        #expect(try one.sha256() == two.sha256())
        #expect(try one.sha256().count == 64)
        var changed = one
        changed.sections[0].text.vi = "c"
        #expect(try changed.sha256() != one.sha256())
    }
}
