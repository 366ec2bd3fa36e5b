import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Audit trail")
struct AuditTrailTests {
    /// Makes a few audited changes through the real routes.
    func makeChanges(_ app: Application) async throws -> Fixtures {
        let fixtures = try await Fixtures.make(app)
        let admin = try await app.signIn(fixtures.user("admin"))
        _ = try await app.post("/organisations/\(try fixtures.agencyA.requireID().uuidString)", session: admin, form: ["name": "Sở Xây dựng tỉnh", "code": "SXD"])
        _ = try await app.post("/users/\(try fixtures.user("reporter").requireID().uuidString)", session: admin,
                               form: ["display_name": "Người báo cáo", "roles[]": "reporter"])
        return fixtures
    }

    func verify(_ app: Application) async throws -> AuditVerifier.Report {
        try await AuditVerifier(chunkSize: 3).verify(on: app.db)
    }

    func sql(_ app: Application, _ text: String) async throws {
        try await (app.db as! any SQLDatabase).raw(SQLQueryString(text)).run()
    }

    @Test("every change is recorded with who, what, which object and the change itself")
    func recordsChanges() async throws {
        try await withVigilApp { app in
            let fixtures = try await makeChanges(app)
            let entries = try await AuditEntryRecord.query(on: app.db).sort(\.$id).all()
            let update = try #require(entries.first { $0.action == "organisation.update" })
            #expect(update.actorLabel == "admin@example.gov.vn")
            #expect(update.objectID == fixtures.agencyA.id?.uuidString.lowercased())
            #expect(update.changes == #"{"name":{"from":"Sở Xây dựng","to":"Sở Xây dựng tỉnh"}}"#)
            #expect(entries.contains { $0.action == "user.update" && $0.changes.contains("Người báo cáo") })
            #expect(try await verify(app).isIntact)
            // The leader browses it; the filter narrows it.
            let leader = try await app.signIn(fixtures.user("leader"))
            let page = try await app.get("/audit?action=organisation.update", headers: leader.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("Sở Xây dựng tỉnh"))
            #expect(!page.text.contains("user.update</code></td>"))
            #expect(try await app.get("/audit?from=not-a-date", headers: leader.headers).status == .unprocessableEntity)
            // Agency B's administrator cannot see agency A's entries.
            let outsider = try await app.token(for: fixtures.user("b_admin"))
            let list = try await app.api(.GET, "/api/v1/audit", token: outsider)
            #expect(list.status == .ok)
            #expect(!list.text.contains("Sở Xây dựng tỉnh"))
        }
    }

    @Test("an altered entry is named")
    func altered() async throws {
        try await withVigilApp { app in
            _ = try await makeChanges(app)
            try await sql(app, "UPDATE audit_entries SET actor_label = 'someone-else' WHERE sequence = 3")
            #expect(try await verify(app).problem == .alteredEntry(sequence: 3))
        }
    }

    @Test("a deleted entry in the middle is named")
    func deletedMiddle() async throws {
        try await withVigilApp { app in
            _ = try await makeChanges(app)
            try await sql(app, "DELETE FROM audit_entries WHERE sequence = 4")
            #expect(try await verify(app).problem == .missingEntries(after: 3, found: 5))
        }
    }

    @Test("entries deleted from the end are noticed through the chain head")
    func deletedTail() async throws {
        try await withVigilApp { app in
            _ = try await makeChanges(app)
            let last = try #require(try await AuditEntryRecord.query(on: app.db).sort(\.$id, .descending).first()?.id)
            try await sql(app, "DELETE FROM audit_entries WHERE sequence = \(last)")
            #expect(try await verify(app).problem == .headMismatch(expectedSequence: last, foundSequence: last - 1))
        }
    }

    @Test("an entry forged with a recomputed hash still breaks the link to the next one")
    func inserted() async throws {
        try await withVigilApp { app in
            _ = try await makeChanges(app)
            let entry = try #require(try await AuditEntryRecord.find(2, on: app.db))
            var content = entry.stored.content
            content.changes = #"{"forged":true}"#
            let forgedHash = AuditChain.hash(content, previousHash: entry.previousHash)
            try await sql(app, "UPDATE audit_entries SET changes = '{\"forged\":true}', hash = '\(forgedHash)' WHERE sequence = 2")
            #expect(try await verify(app).problem == .brokenLink(sequence: 3))
        }
    }

    @Test("concurrent changes keep one unbroken chain")
    func concurrentAppends() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let services = app.vigilServices
            let parent = try fixtures.agencyA.requireID()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        _ = try await services.organisations.create(
                            .init(name: "Phòng \(index)", code: "P\(index)", kind: .unit, parentID: parent), scope: nil, actor: .system, on: app.db)
                    }
                }
                try await group.waitForAll()
            }
            let report = try await verify(app)
            #expect(report.isIntact, "\(report.summary)")
            #expect(try await AuditEntryRecord.query(on: app.db).count() == report.checked)
        }
    }

    @Test("a failed change leaves neither the change nor its entry")
    func atomic() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let before = try await AuditEntryRecord.query(on: app.db).count()
            let services = app.vigilServices
            // A duplicate e-mail fails inside the transaction on the unique index.
            let user = UserRecord(email: "reporter@example.gov.vn", displayName: "dup", passwordHash: "x", roles: [.reporter],
                                  organisationID: try fixtures.agencyA.requireID(), mustChangePassword: false)
            await #expect(throws: (any Error).self) {
                try await app.db.write { db in
                    try await AuditLog.append(on: db, actor: .system, organisationID: nil, action: "user.create", objectType: "user",
                                              objectID: nil, changes: AuditChanges())
                    try await user.create(on: db)
                }
            }
            #expect(try await AuditEntryRecord.query(on: app.db).count() == before)
            #expect(try await verify(app).isIntact)
            _ = services
        }
    }
}
