import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Finding workflow")
struct FindingWorkflowTests {
    func importSample(_ app: Application, _ fixtures: Fixtures, _ sample: String) async throws {
        _ = try await ScanImportService().importFile(
            at: ScanImportTests.samples.appendingPathComponent(sample).path, fileName: sample, organisationID: fixtures.agencyA.requireID(),
            systemID: nil, importedBy: .commandLine, importedByName: "tests", on: app.db)
    }

    @Test("in progress, fixed by hand with a note, a false positive, an accepted risk that expires; each recorded; checked and scoped")
    func workflow() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await importSample(app, fixtures, "openvas/many_vuln.xml")
            let findings = try await FindingRecord.query(on: app.db).sort(\.$id).all()
            let token = try await app.token(for: fixtures.user("responder"))
            func change(_ finding: FindingRecord, _ json: String, token: String) async throws -> TestingHTTPResponse {
                try await app.api(.POST, "/api/v1/findings/\(finding.id!.uuidString.lowercased())/status", token: token, json: json)
            }
            #expect(try await change(findings[0], #"{"status": "in_progress"}"#, token: token).status == .ok)
            let noNote = try await change(findings[0], #"{"status": "fixed"}"#, token: token)
            #expect(noNote.status == .unprocessableEntity)
            #expect(try await change(findings[0], #"{"status": "fixed", "note": "Đã vá OpenSSL 3.0.13"}"#, token: token).status == .ok)
            #expect(try await FindingRecord.find(findings[0].id, on: app.db)?.status == "fixed")
            #expect(try await change(findings[1], #"{"status": "false_positive", "note": "Dịch vụ không dùng FTP"}"#, token: token).status == .ok)
            let tooLong = try await change(findings[2], #"{"status": "risk_accepted", "note": "Chờ nhà cung cấp", "until": "2099-01-01"}"#, token: token)
            #expect(tooLong.status == .unprocessableEntity)
            let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400)).prefix(10)
            #expect(try await change(findings[2], #"{"status": "risk_accepted", "note": "Chờ nhà cung cấp", "until": "\#(soon)"}"#, token: token).status == .ok)
            #expect(try await change(findings[3], #"{"status": "bogus"}"#, token: token).status == .unprocessableEntity)

            // The page shows the history; a leader may read it but not change it; agency B sees nothing.
            let session = try await app.signIn(fixtures.user("responder"))
            let page = try await app.get("/vulnerabilities/findings/\(findings[0].id!.uuidString.lowercased())", headers: session.headers)
            #expect(page.status == .ok && page.text.contains("Đã vá OpenSSL 3.0.13") && page.text.contains("many_vuln.xml"))
            let leader = try await app.token(for: fixtures.user("leader"))
            #expect(try await change(findings[3], #"{"status": "in_progress"}"#, token: leader).status == .forbidden)
            let other = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await change(findings[3], #"{"status": "in_progress"}"#, token: other).status == .notFound)
            let form = try await app.post("/vulnerabilities/findings/\(findings[3].id!.uuidString.lowercased())/status", session: session,
                                          form: ["status": "fixed", "note": ""])
            #expect(form.status == .unprocessableEntity && form.text.contains("Cần ghi chú"))

            // A rescan no longer seeing a finding leaves a person's decision alone; one that was fixed by hand and is back reopens.
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "finding.status").count() == 4)
            try await importSample(app, fixtures, "openvas/many_vuln.xml")
            #expect(try await FindingRecord.find(findings[0].id, on: app.db)?.status == "open")
            #expect(try await FindingRecord.find(findings[1].id, on: app.db)?.status == "false_positive")

            // The deadlines job: the acceptance has expired a year later; overdue findings go to the leader once.
            let later = Date().addingTimeInterval(400 * 86_400)
            try await app.vigilServices.findings.deadlines(on: app.db, now: later)
            try await app.vigilServices.findings.deadlines(on: app.db, now: later)
            #expect(try await FindingRecord.find(findings[2].id, on: app.db)?.status == "open")
            let leaderID = try fixtures.user("leader").requireID()
            let notes = try await NotificationRecord.query(on: app.db).filter(\.$user.$id == leaderID).all()
            #expect(notes.filter { $0.messageKey == "notification.findings_overdue" }.count == 1)
        }
    }

    @Test("overdue findings are counted per organisation and per system on the vulnerabilities page")
    func overdue() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            _ = try await app.post("/assets/systems", session: session, form: ["name": "Cổng dịch vụ công", "security_level": "3"])
            let system = try #require(try await InformationSystemRecord.query(on: app.db).first())
            try await importSample(app, fixtures, "openvas/many_vuln.xml")
            let findings = try await FindingRecord.query(on: app.db).sort(\.$id).all()
            for finding in findings.prefix(3) {
                finding.dueAt = Date().addingTimeInterval(-86_400)
                try await finding.update(on: app.db)
            }
            let link = HostSystemRecord()
            link.id = UUID()
            link.hostID = findings[0].hostID
            link.systemID = try system.requireID()
            try await link.create(on: app.db)
            // The three made overdue, and those due at once (they allow intrusion); all on the one host.
            let now = Date()
            let expected = try await FindingRecord.query(on: app.db).all().filter { ($0.dueAt ?? .distantFuture) < now }.count
            #expect(expected >= 3)
            let overdue = try await FindingRepository().overdue(scope: [fixtures.agencyA.id!], now: now, on: app.db)
            #expect(overdue.byOrganisation[fixtures.agencyA.id!] == expected && overdue.bySystem[system.id!] == expected)
            let page = try await app.get("/vulnerabilities", headers: session.headers)
            #expect(page.text.contains("data-testid=\"overdue-units\"") && page.text.contains("<strong>\(expected)</strong>"))
        }
    }

    @Test("a finding opens an incident in its organisation, with its facts; the finding's history keeps the reference")
    func incident() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await importSample(app, fixtures, "openvas/one_vuln.xml")
            let finding = try #require(try await FindingRecord.query(on: app.db).first())
            let token = try await app.token(for: fixtures.user("responder"))
            let answer = try await app.api(.POST, "/api/v1/findings/\(finding.id!.uuidString.lowercased())/incident", token: token)
            #expect(answer.status == .created)
            struct Answer: Decodable { let incidentId: String; let reference: String }
            let created = try answer.content.decode(Answer.self)
            let incident = try #require(try await IncidentRecord.find(UUID(uuidString: created.incidentId), on: app.db))
            #expect(incident.title.contains("Mozilla Firefox") && incident.details.contains("10.0.101.2"), "\(incident.details)")
            #expect(incident.$organisation.id == fixtures.agencyA.id)
            #expect(try await FindingEventRecord.query(on: app.db).first()?.note.contains(created.reference) == true)
            let other = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await app.api(.POST, "/api/v1/findings/\(finding.id!.uuidString.lowercased())/incident", token: other).status == .notFound)
        }
    }

    @Test("changed deadlines apply to the open findings of that severity, from their first sighting")
    func deadlinesChange() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            try await importSample(app, fixtures, "openvas/many_vuln.xml")
            let medium = try #require(try await FindingRecord.query(on: app.db).filter(\.$severity == "medium").filter(\.$allowsIntrusion == false).first())
            #expect(medium.dueAt == medium.firstSeenAt.addingTimeInterval(30 * 86_400))
            let admin = try await app.signIn(fixtures.user("root_admin"))
            #expect(try await app.post("/settings", session: admin, form: ["remediation_medium": "10"]).status == .seeOther)
            let after = try #require(try await FindingRecord.find(medium.id, on: app.db))
            #expect(after.dueAt == medium.firstSeenAt.addingTimeInterval(10 * 86_400))
            let high = try #require(try await FindingRecord.query(on: app.db).filter(\.$severity == "high").filter(\.$allowsIntrusion == false).first())
            #expect(high.dueAt == high.firstSeenAt.addingTimeInterval(15 * 86_400), "other severities keep theirs")
        }
    }
}
