import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Two Vigil processes on one database (two applications here) share sessions, throttling,
/// the audit chain and job claims, because all of it lives in the database.
@Suite("Several processes on one database")
struct SharedStateTests {
    @Test("a session, a lock-out and the audit chain are shared; a job runs in one process only")
    func twoProcesses() async throws {
        var sharedConfig: AppConfig?
        try await withVigilApp(configure: { sharedConfig = $0 }) { first in
            let fixtures = try await Fixtures.make(first)
            let second = try await VigilApplication.make(config: try #require(sharedConfig), environment: .testing)
            second.logger.logLevel = .error
            do {
                // A session started by the first process is valid in the second.
                let session = try await first.signIn(fixtures.user("leader"))
                #expect(try await second.get("/account", headers: session.headers).status == .ok)
                // Changes from both processes extend one chain.
                let admin = try await second.signIn(fixtures.user("admin"))
                #expect(try await second.post("/organisations/\(try fixtures.agencyA.requireID().uuidString)", session: admin,
                                              form: ["name": "Đổi tên", "code": "SXD"]).status == .seeOther)
                #expect(try await first.post("/organisations/\(try fixtures.agencyA.requireID().uuidString)", session: admin,
                                             form: ["name": "Đổi tên lần hai", "code": "SXD"]).status == .seeOther)
                #expect(try await AuditVerifier().verify(on: second.db).isIntact)
                // Failures counted by one process lock the account in the other.
                let throttle = first.vigilServices.throttle
                for _ in 0..<5 {
                    try await throttle.record(email: "leader@example.gov.vn", address: "10.0.0.1", succeeded: false, on: first.db, now: Date())
                }
                let decision = try await second.vigilServices.throttle.check(email: "leader@example.gov.vn", address: "10.0.0.2", on: second.db, now: Date())
                if case .allow = decision { Issue.record("the second process did not see the first one's failures") }
                // A due job is run by exactly one of the two schedulers.
                let ran = Ran()
                let job = PeriodicJob(name: "shared", interval: 600, lease: 60) { _, _ in await ran.add() }
                let now = Date()
                async let a = JobScheduler(jobs: [job], pollInterval: 1).runDueJobs(on: first.db, logger: first.logger, now: now)
                async let b = JobScheduler(jobs: [job], pollInterval: 1).runDueJobs(on: second.db, logger: second.logger, now: now)
                let names = await a + b
                #expect(names == ["shared"])
                #expect(await ran.count == 1)
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    actor Ran {
        var count = 0
        func add() { count += 1 }
    }
}
