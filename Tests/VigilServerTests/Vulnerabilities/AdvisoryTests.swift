import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Authorities' warnings")
struct AdvisoryTests {
    struct Detail: Decodable {
        struct Organisation: Decodable { let id: String; let name: String }
        struct Match: Decodable { let source: String; let software: String?; let version: String?; let findingId: String?; let cves: [String]? }
        struct Host: Decodable { let id: String; let hostname: String; let matches: [Match] }
        struct Task: Decodable {
            let id: String
            let organisation: Organisation
            let status: String
            let affectedHosts: Int
            let hosts: [Host]?
        }
        let id: String
        let reference: String
        let cves: [String]
        let deadline: String
        let affectedHosts: Int
        let tasks: [Task]
    }

    static let warning = """
        {"reference": "1234/CATTT-NCSC", "issuer": "Cục An toàn thông tin", "issuedOn": "2026-11-28", "title": "Lỗ hổng Apache HTTP Server và PHP",
         "cves": ["CVE-2006-1015"], "deadline": "2026-12-05", "action": "Cập nhật lên 2.4.58 trở lên.",
         "products": [{"vendor": "Apache", "product": "HTTP Server", "versions": ">=2.4.0 <2.4.58"}]}
        """

    /// Hosts reported by agents: an affected Apache in agency A, a fixed one and a look-alike in its
    /// unit, an affected RHEL httpd in agency B; and a Nessus scan of agency B (with CVE-2006-1015).
    static func inventory(_ app: Application, _ fixtures: Fixtures, now: Date) async throws {
        let tokenA = try await app.enrolmentToken(for: fixtures.agencyA)
        let tokenUnit = try await app.enrolmentToken(for: fixtures.unitA1)
        let tokenB = try await app.enrolmentToken(for: fixtures.agencyB)
        #expect(try await app.checkIn(checkInJSON(machine: "a1", hostname: "web-a", sentAt: now, software: ["apache2 2.4.57-2", "openssl 3.0.15"]),
                                      token: tokenA).status == .created)
        #expect(try await app.checkIn(checkInJSON(machine: "u1", hostname: "ws-unit", sentAt: now,
                                                  software: ["apache2-utils 2.4.57-2", "apache2 2.4.62-1~deb12u1"]), token: tokenUnit).status == .created)
        #expect(try await app.checkIn(checkInJSON(machine: "b1", hostname: "web-b", sentAt: now, software: ["httpd 2.4.37-62.el8"]),
                                      token: tokenB).status == .created)
        _ = try await ScanImportService().importFile(
            at: ScanImportTests.samples.appendingPathComponent("nessus/nessus_with_cvssv3.nessus").path, fileName: "n.nessus",
            organisationID: fixtures.agencyB.requireID(), systemID: nil, importedBy: .commandLine, importedByName: "tests", on: app.db)
    }

    @Test("a coordinator's warning reaches every agency, hits hosts by version and by CVE, and each agency works its own task")
    func endToEnd() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            try await Self.inventory(app, fixtures, now: now)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))

            // Action: the coordinator records the warning.
            let created = try await app.api(.POST, "/api/v1/advisories", token: coordinator, json: Self.warning)
            #expect(created.status == .created)
            let advisory = try created.content.decode(Detail.self)

            // Check: a task for each agency; A's one host is web-a (the unit's fixed Apache and apache2-utils are not hit).
            #expect(advisory.tasks.map(\.organisation.name).sorted() == ["Sở Xây dựng", "Sở Y tế"])
            let taskA = try #require(advisory.tasks.first { $0.organisation.name == "Sở Xây dựng" })
            #expect(taskA.affectedHosts == 1 && taskA.status == "open")
            #expect(taskA.hosts?.map(\.hostname) == ["web-a"])
            #expect(taskA.hosts?.first?.matches.first?.software == "apache2" && taskA.hosts?.first?.matches.first?.version == "2.4.57-2")
            let taskB = try #require(advisory.tasks.first { $0.organisation.name == "Sở Y tế" })
            let bHosts = try #require(taskB.hosts)
            #expect(bHosts.contains { $0.hostname == "web-b" && $0.matches.contains { $0.software == "httpd" } })
            #expect(bHosts.contains { host in host.matches.contains { $0.source == "finding" && $0.cves == ["CVE-2006-1015"] } })
            #expect(taskB.affectedHosts == bHosts.count && bHosts.count >= 2)

            // Each agency sees the warning and only its own task; a reporter does not see warnings.
            let focalA = try await app.token(for: fixtures.user("focal_point"))
            let seenByA = try await app.api(.GET, "/api/v1/advisories/\(advisory.id)", token: focalA).content.decode(Detail.self)
            #expect(seenByA.tasks.map(\.id) == [taskA.id] && seenByA.affectedHosts == 1)
            let responderB = try await app.token(for: fixtures.user("b_responder"))
            let seenByB = try await app.api(.GET, "/api/v1/advisories/\(advisory.id)", token: responderB).content.decode(Detail.self)
            #expect(seenByB.tasks.map(\.id) == [taskB.id])
            struct Page: Decodable { let items: [Detail]; let nextCursor: String? }
            #expect(try await app.api(.GET, "/api/v1/advisories?cve=CVE-2006-1015", token: responderB).content.decode(Page.self).items.count == 1)
            #expect(try await app.api(.GET, "/api/v1/advisories?cve=CVE-2020-0001", token: responderB).content.decode(Page.self).items.isEmpty)
            #expect(try await app.api(.GET, "/api/v1/advisories?q=apache", token: responderB).content.decode(Page.self).items.count == 1)
            #expect(try await app.api(.GET, "/api/v1/advisories?q=cattt-ncsc", token: responderB).content.decode(Page.self).items.count == 1)
            #expect(try await app.api(.GET, "/api/v1/advisories?q=tomcat", token: responderB).content.decode(Page.self).items.isEmpty)
            #expect(try await app.api(.GET, "/api/v1/advisories", token: try await app.token(for: fixtures.user("reporter"))).status == .forbidden)

            // Work the task: "done" while web-a is still hit needs a note; B cannot touch A's task.
            let responderA = try await app.token(for: fixtures.user("responder"))
            let refused = try await app.api(.POST, "/api/v1/advisory-tasks/\(taskA.id)", token: responderA, json: #"{"status": "done"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(try await app.api(.POST, "/api/v1/advisory-tasks/\(taskA.id)", token: responderA, json: #"{"status": "acknowledged"}"#).status == .ok)
            #expect(try await app.api(.POST, "/api/v1/advisory-tasks/\(taskA.id)", token: responderB, json: #"{"status": "done"}"#).status == .notFound)

            // web-a is upgraded; matching again resolves it, and "done" needs no note any more.
            let tokenA = try await app.enrolmentToken(for: fixtures.agencyA)
            #expect(try await app.checkIn(checkInJSON(machine: "a1", hostname: "web-a", sentAt: now.addingTimeInterval(60),
                                                      software: ["apache2 2.4.62-1~deb12u1"]), token: tokenA).status == .ok)
            struct MatchAnswer: Decodable { let affectedHosts: Int }
            let rematch = try await app.api(.POST, "/api/v1/advisories/\(advisory.id)/match", token: coordinator)
            #expect(rematch.status == .ok)
            #expect(try rematch.content.decode(MatchAnswer.self).affectedHosts == taskB.affectedHosts)
            #expect(try await app.api(.POST, "/api/v1/advisory-tasks/\(taskA.id)", token: responderA, json: #"{"status": "done"}"#).status == .ok)
            struct TaskPage: Decodable { struct Item: Decodable { let reference: String; let task: Detail.Task }; let items: [Item] }
            let tasks = try await app.api(.GET, "/api/v1/advisory-tasks", token: focalA).content.decode(TaskPage.self)
            #expect(tasks.items.map(\.task.status) == ["done"] && tasks.items.first?.task.affectedHosts == 0)
            let matchRecords = try await AdvisoryMatchRecord.query(on: app.db).all()
            #expect(matchRecords.contains { $0.subject == "apache2" && $0.resolvedAt != nil })

            // Every step is in the audit trail; the focal points were told.
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "advisory.create").count() == 1)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "advisory.task").count() == 2)
            let focalNotes = try await NotificationRecord.query(on: app.db).filter(\.$user.$id == fixtures.user("focal_point").requireID()).all()
            #expect(focalNotes.contains { $0.messageKey == "notification.advisory.new" })
        }
    }

    @Test("bad warnings are refused by field; an agency's own warning stays with it; a reference is unique per organisation")
    func recording() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focalA = try await app.token(for: fixtures.user("focal_point"))
            let bad = try await app.api(.POST, "/api/v1/advisories", token: focalA, json: """
                {"reference": "X", "issuer": "NCSC", "issuedOn": "2026-13-01", "title": "t", "deadline": "2026-12-01", "cves": ["CVE-1"],
                 "products": [{"product": "OpenSSL", "versions": ">= banana"}]}
                """)
            #expect(bad.status == .unprocessableEntity && bad.errorCode == "validation_failed")
            #expect(bad.text.contains("issuedOn") && bad.text.contains("banana"))
            #expect(try await AdvisoryRecord.query(on: app.db).count() == 0)

            let own = try await app.api(.POST, "/api/v1/advisories", token: focalA, json: Self.warning)
            #expect(own.status == .created)
            #expect(try own.content.decode(Detail.self).tasks.map(\.organisation.name) == ["Sở Xây dựng"])
            #expect(try await app.api(.POST, "/api/v1/advisories", token: focalA, json: Self.warning).status == .conflict)
            // The coordinator above sees it; agency B does not.
            let all = try await app.api(.GET, "/api/v1/advisories", token: try await app.token(for: fixtures.user("root_coordinator")))
            #expect(all.text.contains("1234/CATTT-NCSC"))
            let other = try await app.api(.GET, "/api/v1/advisories", token: try await app.token(for: fixtures.user("b_responder")))
            #expect(!other.text.contains("1234/CATTT-NCSC"))
            // Not for responders or administrators to record.
            #expect(try await app.api(.POST, "/api/v1/advisories", token: try await app.token(for: fixtures.user("responder")),
                                      json: Self.warning).status == .forbidden)
        }
    }

    @Test("bulk import from CSV and JSON: all or nothing, the line named; again, the same references are updated")
    func bulkImport() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let csv = """
                reference,issuer,issued_on,title,cves,vendor,product,versions,aliases,action,deadline
                10/NCSC,NCSC,2026-11-01,OpenSSH regreSSHion,CVE-2024-6387,OpenBSD,OpenSSH,>=8.5p1 <9.8p1,,Cập nhật,2026-11-08
                10/NCSC,,,,,,sudo,<1.9.5p2,,,
                11/NCSC,NCSC,02/11/2026,XZ,CVE-2024-3094,Tukaani,XZ Utils,5.6.0 - 5.6.1,,,2026-11-03
                """
            func send(_ body: String, type: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: coordinator)
                headers.replaceOrAdd(name: .contentType, value: type)
                return try await app.testing().sendRequest(.POST, "/api/v1/advisories/import", headers: headers, body: ByteBuffer(string: body))
            }
            let broken = try await send(csv.replacingOccurrences(of: "5.6.0 - 5.6.1", with: "5.6.0 ~~ x"), type: "text/csv")
            #expect(broken.status == .unprocessableEntity && broken.text.contains("dòng 4"))
            #expect(try await AdvisoryRecord.query(on: app.db).count() == 0)

            struct Summary: Decodable { let created: Int; let updated: Int; let advisories: [String] }
            let first = try await send(csv, type: "text/csv")
            #expect(first.status == .ok)
            let summary = try first.content.decode(Summary.self)
            #expect(summary.created == 2 && summary.updated == 0)
            let ssh = try #require(try await AdvisoryRecord.query(on: app.db).filter(\.$reference == "10/NCSC").first())
            #expect(ssh.advisory.products.map(\.product) == ["OpenSSH", "sudo"])
            #expect(try await AdvisoryTaskRecord.query(on: app.db).count() == 4)
            let again = try await send(csv, type: "text/csv").content.decode(Summary.self)
            #expect(again.created == 0 && again.updated == 2)

            let json = #"[{"reference": "12/NCSC", "issuer": "NCSC", "issuedOn": "2026-11-03", "title": "t", "deadline": "2026-11-09", "cves": "CVE-2023-4966"}]"#
            #expect(try await send(json, type: "application/json").content.decode(Summary.self).created == 1)
            #expect(try await send("reference\n", type: "text/csv").status == .unprocessableEntity)
        }
    }

    @Test("pages: recorded from the form, its hosts shown, the task changed; overdue tasks reach the leader once")
    func pagesAndDeadlines() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            try await Self.inventory(app, fixtures, now: now)
            let session = try await app.signIn(fixtures.user("root_coordinator"))
            let form = ["reference": "77/NCSC", "issuer": "NCSC", "issuedOn": "2026-11-01", "title": "Apache", "cves": "",
                        "products": "Apache | HTTP Server | >=2.4.0 <2.4.58", "deadline": "2026-11-05", "action": ""]
            let refused = try await app.post("/vulnerabilities/advisories", session: session, form: form.merging(["products": "Apache | HTTP Server | <<"]) { $1 })
            #expect(refused.status == .unprocessableEntity && refused.text.contains("aria-invalid"))
            let saved = try await app.post("/vulnerabilities/advisories", session: session, form: form)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location)).split(separator: "?").first.map(String.init) ?? ""
            let page = try await app.get(location, headers: session.headers)
            #expect(page.status == .ok && page.text.contains("web-a") && page.text.contains("web-b") && page.text.contains("2.4.57-2"))

            let focal = try await app.signIn(fixtures.user("focal_point"))
            // The host's page names the warning that hits it.
            let webA = try #require(try await HostRecord.query(on: app.db).filter(\.$hostname == "web-a").first())
            let hostPage = try await app.get("/assets/hosts/\(webA.id!.uuidString.lowercased())", headers: focal.headers)
            #expect(hostPage.text.contains("host-warnings") && hostPage.text.contains("77/NCSC") && hostPage.text.contains("apache2 2.4.57-2"))
            let list = try await app.get("/vulnerabilities/advisories", headers: focal.headers)
            #expect(list.text.contains("77/NCSC") && list.text.contains("data-testid=\"advisory-tasks\""))
            let task = try #require(try await AdvisoryTaskRecord.query(on: app.db).filter(\.$organisationID == fixtures.agencyA.requireID()).first())
            let changed = try await app.post("/vulnerabilities/advisory-tasks/\(task.id!.uuidString.lowercased())", session: focal,
                                             form: ["status": "not_affected", "note": ""])
            #expect(changed.status == .seeOther && (changed.headers.first(name: .location) ?? "").contains("problem=advisory.error.note_not_affected"))

            // The deadline (5 November 2026) passed long ago by `later`: each open task's leader hears once.
            let later = AdvisoryTaskStatus.endOfDay("2026-11-05", timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)!.addingTimeInterval(3600)
            try await app.vigilServices.advisories.housekeeping(on: app.db, now: later)
            try await app.vigilServices.advisories.housekeeping(on: app.db, now: later)
            let leaderNotes = try await NotificationRecord.query(on: app.db).filter(\.$user.$id == fixtures.user("leader").requireID())
                .filter(\.$messageKey == "notification.advisory.overdue").count()
            #expect(leaderNotes == 1)
        }
    }
}
