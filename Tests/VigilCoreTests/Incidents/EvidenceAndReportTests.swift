import Testing
@testable import VigilCore

@Suite("Evidence policy")
struct EvidencePolicyTests {
    let policy = EvidencePolicy.standard
    let text: [UInt8] = Array("2026-11-20 login failed".utf8)

    @Test("logs, captures and archives are taken")
    func allowed() {
        for name in ["auth.log", "capture.PCAPNG", "mẫu-mã-độc.zip", "screenshot.png", "thư.eml"] {
            #expect(policy.check(filename: name, size: 100, head: text) == nil, "\(name)")
        }
    }

    @Test("empty, oversized, unknown and executable files are refused, each with its reason")
    func refused() {
        #expect(policy.check(filename: "a.log", size: 0, head: []) == .empty)
        #expect(policy.check(filename: "a.log", size: policy.maxBytes + 1, head: text) == .tooLarge(maxBytes: policy.maxBytes))
        #expect(policy.check(filename: "setup.exe", size: 10, head: text) == .extensionNotAllowed("exe"))
        #expect(policy.check(filename: "noextension", size: 10, head: text) == .extensionNotAllowed(""))
        #expect(policy.check(filename: "invoice.pdf", size: 10, head: [0x4D, 0x5A, 0x90, 0]) == .executableContent)
        #expect(policy.check(filename: "x.txt", size: 10, head: [0x7F, 0x45, 0x4C, 0x46]) == .executableContent)
        #expect(policy.check(filename: "run.log", size: 10, head: Array("#!/bin/sh".utf8)) == .executableContent)
    }

    @Test("file names lose their paths, control characters and quotes")
    func names() {
        #expect(EvidencePolicy.safeFilename("../../etc/passwd") == "passwd")
        #expect(EvidencePolicy.safeFilename("C:\\Users\\a\\Nhật ký.txt") == "Nhật ký.txt")
        #expect(EvidencePolicy.safeFilename("a\"b\r\nc.log") == "abc.log")
        #expect(EvidencePolicy.safeFilename("..") == "evidence")
        #expect(EvidencePolicy.safeFilename(String(repeating: "x", count: 300)).count == 200)
    }

    @Test("a name that climbs out of its folder is told apart from a plain path")
    func climbing() {
        #expect(EvidencePolicy.climbsOut("../../etc/passwd"))
        #expect(EvidencePolicy.climbsOut("..\\..\\boot.ini"))
        #expect(EvidencePolicy.climbsOut("logs/ .. /x.log"))
        #expect(!EvidencePolicy.climbsOut("C:\\Users\\a\\Nhật ký.txt"))
        #expect(!EvidencePolicy.climbsOut("bao-cao..v2.log"))
        #expect(!EvidencePolicy.climbsOut("/home/an/access.log"))
    }
}

@Suite("Official report templates")
struct ReportTemplateTests {
    let facts = ReportFacts(
        values: ["reference": "SXD-2026-0042", "title": "Trang web bị thay đổi giao diện", "organisation": "Sở Xây dựng"],
        tables: ["timeline": DocumentTable(headers: ["Lúc", "Việc"], rows: [["08:00", "Tiếp nhận"]])],
        missing: "(chưa có)")

    @Test("every default template is valid and names the incident")
    func defaults() throws {
        for kind in ReportKind.allCases {
            let template = DefaultReportTemplates.template(for: kind)
            #expect(ReportTemplate.validate(template.body) == nil, "\(kind)")
            let document = template.render(facts)
            #expect(document.plainText.contains("SXD-2026-0042"))
            #expect(!document.title.isEmpty)
            #expect(!document.plainText.contains("{{"))
        }
    }

    @Test("lines become blocks; fields are filled; missing values are visible")
    func rendering() {
        let template = ReportTemplate(kind: .initial, body: """
            ^ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            # Báo cáo {{reference}}

            ## Diễn biến
            - Tên: {{title}}
            {{timeline}}
            Người liên hệ: {{reporter_contact}}
            """, source: DefaultReportTemplates.source)
        let document = template.render(facts)
        #expect(document.title == "Báo cáo SXD-2026-0042")
        #expect(document.blocks == [
            .centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            .title("Báo cáo SXD-2026-0042"),
            .heading("Diễn biến"),
            .listItem("Tên: Trang web bị thay đổi giao diện"),
            .table(DocumentTable(headers: ["Lúc", "Việc"], rows: [["08:00", "Tiếp nhận"]])),
            .paragraph("Người liên hệ: (chưa có)"),
        ])
    }

    @Test("a template with an unknown field, a table inside a sentence or no title is refused")
    func validation() {
        #expect(ReportTemplate.validate("# T\n{{nope}}") == .unknownField("nope"))
        #expect(ReportTemplate.validate("# T\nSee {{timeline}} here") == .tableNotAlone("timeline"))
        #expect(ReportTemplate.validate("no title") == .noTitle)
        #expect(ReportTemplate.validate("  \n ") == .empty)
        #expect(ReportTemplate.validate("# T\n" + String(repeating: "a", count: ReportTemplate.maxBodyLength)) == .tooLong)
        #expect(ReportTemplate.validate("# T {{reference}}\n{{ evidence }}") == nil)
    }
}
