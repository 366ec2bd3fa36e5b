import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// `vigil demo` (Operations/Demo): the province it makes in an empty database has something true
/// for every compliance indicator of issue 21, every role can sign in with the printed password,
/// the audit chain holds, and a database that holds data is refused.
@Suite("vigil demo: a province in an empty database")
struct DemoTests {
    @Test("the demo fills an empty database with every kind of record, each role signs in, and a second run is refused")
    func demoProvince() async throws {
        try await withVigilApp { app in
            // Set-up: what the first start leaves (the root organisation and its administrator) counts as empty.
            #expect(try await DemoSeeder.heldData(on: app.db).isEmpty)

            // Action.
            let operations = VigilOperations(attachedTo: app)
            let summary = try await operations.demo(seed: 7)

            // Check: plausible counts of each kind.
            let counts = Dictionary(uniqueKeysWithValues: summary.counts.map { ($0.kind, $0.count) })
            let agencies = DemoProvince.agencies
            #expect(counts["organisations"] == 1 + agencies.count + agencies.map(\.units.count).reduce(0, +))
            #expect(try await OrganisationRecord.query(on: app.db).count() == counts["organisations"])
            #expect((counts["users"] ?? 0) >= 40 && summary.accounts.count == counts["users"])
            #expect((counts["information systems"] ?? 0) >= 30 && (counts["hosts"] ?? 0) >= 150 && (counts["suppliers"] ?? 0) >= 13)
            #expect((counts["scans"] ?? 0) >= 20, "\(summary.counts)")
            #expect((counts["incidents"] ?? 0) >= 40 && counts["warnings"] == 4, "\(summary.counts)")
            let systems = try await InformationSystemRecord.query(on: app.db).with(\.$organisation).all()
            #expect(Set(systems.map(\.securityLevel)) == [1, 2, 3, 4, 5])

            // Check: every role has a user who signs in with the printed password, straight to the pages.
            for role in Role.allCases {
                let account = try #require(summary.accounts.first { $0.role == role.rawValue }, "no \(role) account")
                let csrf = try #require(try await app.get("/login").setCookie(CSRFMiddleware.cookieName))
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
                headers.contentType = .urlEncodedForm
                let response = try await app.testing().sendRequest(
                    .POST, "/login", headers: headers,
                    body: ByteBuffer(string: formEncode(["_csrf": csrf, "email": account.email, "password": account.password, "next": "/incidents"])))
                #expect(response.status == .seeOther && response.headers.first(name: .location) == "/incidents", "\(account.email) (\(role))")
                #expect(response.setCookie(SessionCookie.name) != nil)
            }

            // Check: each indicator of issue 21 has data on both sides.
            let now = Date()
            let root = try #require(try await OrganisationRecord.query(on: app.db).filter(\.$parent.$id == nil).first())
            let coordinator = try #require(try await UserRecord.query(on: app.db).filter(\.$email == summary.accounts.first { $0.role == "coordinator" }!.email)
                .first())
            let user = try CurrentUser(user: coordinator, organisation: root, channel: .apiToken(id: UUID()), requireTOTPForAll: false)
            let services = app.vigilServices

            // antimalware_coverage: machines with and without working protection, some agencies at 100 %.
            let coverage = try await services.coverage.report(for: root, user: user, on: app.db)
            #expect(coverage.coverage.total >= 150)
            let rate = Double(coverage.coverage.protected) / Double(coverage.coverage.total)
            #expect(rate > 0.85 && rate < 0.99)
            let agencyNodes = coverage.nodes.filter { $0.organisation.kind == .agency }
            #expect(agencyNodes.contains { $0.coverage.protected == $0.coverage.total })
            #expect(agencyNodes.contains { $0.coverage.protected < $0.coverage.total })

            // scan_freshness: systems scanned within their cadence, and some not.
            let rows = try await services.scanCadence.rows(organisations: try await OrganisationRecord.query(on: app.db).all().compactMap(\.id), on: app.db)
            #expect(rows.contains { $0.state == .current } && rows.contains { $0.state == .overdue || $0.state == .neverScanned })

            // immediate_findings_overdue and findings_overdue.
            let findings = try await FindingRecord.query(on: app.db).all()
            let open = findings.filter { FindingStatus(rawValue: $0.status)?.isOpen == true }
            #expect(open.contains { $0.allowsIntrusion && ($0.dueAt ?? .distantFuture) < now })
            #expect(open.contains { !$0.allowsIntrusion && ($0.dueAt ?? .distantFuture) < now })
            #expect(open.contains { ($0.dueAt ?? .distantFuture) > now })
            #expect(Set(findings.map(\.status)) == Set(FindingStatus.allCases.map(\.rawValue)))

            // advisories_overdue: tasks past their deadline still open, and tasks dealt with.
            let advisories = try await AdvisoryRecord.query(on: app.db).all()
            let tasks = try await AdvisoryTaskRecord.query(on: app.db).all()
            #expect(tasks.contains { task in services.advisories.isOverdue(task, advisories.first { $0.id == task.advisoryID }!, now: now) })
            #expect(tasks.contains { AdvisoryTaskStatus(rawValue: $0.status)?.isClosed == true })

            // incidents_notified_on_time: on time and late; every status and cause group.
            let incidents = try await IncidentRecord.query(on: app.db).all()
            #expect(incidents.contains { incident in incident.notifiedAt.map { $0 <= incident.notifyBy! } == true })
            #expect(incidents.contains { incident in incident.notifiedAt.map { $0 > incident.notifyBy! } == true })
            #expect(incidents.contains { $0.notifiedAt == nil && ($0.notifyBy ?? .distantFuture) < now })
            #expect(Set(incidents.map(\.status)) == Set(IncidentStatus.allCases))
            #expect(Set(incidents.compactMap(\.causeGroup)) == Set(CauseGroup.allCases.map(\.rawValue)))
            #expect(Set(incidents.compactMap(\.scenario)) == Set(Scenario.allCases.map(\.rawValue)))
            #expect(incidents.map(\.discoveredAt).min()! < now.addingTimeInterval(-300 * 86_400))
            #expect(incidents.contains { $0.escalated }, "the coordinator sees the incidents escalated to it")

            // plans_current: approved and current, due for review, missing.
            var planStates = Set<String>()
            for system in systems {
                let plan = try await services.plans.summary(of: system, on: app.db, language: .vi)
                planStates.insert(plan?.approved == nil ? "none" : (plan!.reviewDue ? "due" : "current"))
            }
            #expect(planStates == ["none", "due", "current"])

            // drills_done: level-3+ systems drilled within 12 months, and some not.
            let drills = DrillsCapability(services: services, config: app.vigilConfig).service
            let standings = try await drills.obligations(for: user, on: app.db)
            #expect(standings.contains { !$0.standing.overdue } && standings.contains { $0.standing.overdue })

            // focal_point: agencies whose focal point and deputy are confirmed, and agencies with a problem.
            let agencyRecords = try await OrganisationRecord.query(on: app.db).filter(\.$kind == .agency).all()
            let focal = try await services.contacts.repository.status(of: agencyRecords, on: app.db)
            #expect(focal.contains { $0.problems.isEmpty })
            #expect(focal.contains { $0.problems.contains(.stale) } && focal.contains { $0.problems.contains(.unconfirmed) })
            #expect(focal.contains { $0.problems.contains(.missingDeputy) })

            // The audit chain holds every entry the demo's changes wrote.
            #expect(try await AuditVerifier().verify(on: app.db).isIntact)

            // Action and check: a second run is refused and changes nothing.
            let before = try await AuditEntryRecord.query(on: app.db).count()
            await #expect(throws: VigilOperations.Failure.self) { _ = try await operations.demo(seed: 7) }
            do {
                _ = try await operations.demo(seed: 8)
            } catch let failure as VigilOperations.Failure {
                #expect(failure.description.contains("already holds data"))
            }
            #expect(try await AuditEntryRecord.query(on: app.db).count() == before)
        }
    }

    @Test("a database holds data when it has more than the first start's organisation and administrator")
    func heldData() async throws {
        try await withVigilApp { app in
            // Set-up: the first start only.
            #expect(try await DemoSeeder.heldData(on: app.db).isEmpty)

            // Action: somebody adds an organisation and a user.
            let root = try #require(try await OrganisationRecord.query(on: app.db).filter(\.$parent.$id == nil).first())
            let agency = try await app.vigilServices.organisations.create(.init(name: "Sở Y tế", code: "SYT", kind: .agency, parentID: root.id),
                                                                          scope: nil, actor: .system, on: app.db)
            #expect(try await DemoSeeder.heldData(on: app.db) == ["2 organisations"])
            _ = try await app.vigilServices.users.create(.init(email: "a@example.gov.vn", displayName: "A", organisationID: agency.id!, roles: [.reporter],
                                                               password: Fixtures.password), scope: nil, actor: .system, on: app.db)

            // Check: both are named.
            #expect(try await DemoSeeder.heldData(on: app.db) == ["2 organisations", "2 users"])
        }
    }
}
