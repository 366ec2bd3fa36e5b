import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Health, metrics, language, jobs, localization")
struct PlatformTests {
    @Test("/healthz answers JSON; /metrics exposes request counts per route")
    func healthAndMetrics() async throws {
        try await withVigilApp { app in
            let health = try await app.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.text.contains("\"status\":\"ok\""))
            #expect(health.text.contains("\"database\":\"ok\""))
            _ = try await app.get("/login")
            let metrics = try await app.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("http_requests_total"))
            #expect(metrics.text.contains("vigil_db_ping"))
        }
    }

    @Test("the language switch works before and after sign-in, and is kept on the account")
    func languageSwitch() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            #expect(try await app.get("/login").text.contains("<html lang=\"vi\">"))
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(LanguageMiddleware.cookieName)=en")
            #expect(try await app.get("/login", headers: headers).text.contains("Sign in"))

            let session = try await app.signIn(fixtures.user("reporter"))
            let switched = try await app.post("/language", session: session, form: ["lang": "en", "back": "/account"])
            #expect(switched.status == .seeOther)
            #expect(switched.headers.first(name: .location) == "/account")
            #expect(switched.setCookie(LanguageMiddleware.cookieName) == "en")
            // The account keeps the choice even without the cookie.
            let page = try await app.get("/account", headers: session.headers)
            #expect(page.text.contains("<html lang=\"en\">"))
            #expect(page.text.contains("My account"))
            // An unsafe redirect target falls back to the home page.
            let evil = try await app.post("/language", session: session, form: ["lang": "vi", "back": "//evil.example"])
            #expect(evil.headers.first(name: .location) == "/")
            #expect(try await app.post("/language", session: session, form: ["lang": "fr"]).status == .unprocessableEntity)
        }
    }

    @Test("both localization tables have the same keys, and every key a template uses exists")
    func localizationTables() throws {
        let directory = try VigilApplication.resourceDirectory()
        let localizer = try Localizer.load(from: directory.appendingPathComponent("Localization"))
        let vi = Set(localizer.tables[.vi]!.keys), en = Set(localizer.tables[.en]!.keys)
        #expect(vi.subtracting(en).isEmpty, "missing in en: \(vi.subtracting(en).sorted())")
        #expect(en.subtracting(vi).isEmpty, "missing in vi: \(en.subtracting(vi).sorted())")
        let views = directory.appendingPathComponent("Views")
        // Templates sit in a folder per capability (`Views/incidents/incident.leaf`): every one of them.
        let files = (FileManager.default.enumerator(atPath: views.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".leaf") }
        #expect(files.count > 40)
        for file in files {
            let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /#t\("([a-z0-9_.]+)"/) {
                #expect(vi.contains(String(match.1)), "\(file) uses a missing key \(match.1)")
            }
            // Leaf reads `#tag(...):` as the start of a block: a colon straight after a tag breaks the page.
            let colon = text.firstMatch(of: /#t\([^)]*\):/).map { String(text[$0.range]) }
            #expect(colon == nil, "\(file): \(colon ?? "") — a colon right after #t(...) opens a Leaf block")
        }
        for role in Role.allCases { #expect(vi.contains("role.\(role.rawValue)")) }
        for kind in OrganisationKind.allCases { #expect(vi.contains("org.kind.\(kind.rawValue)")) }
    }

    @Test("a periodic job runs once per interval however many schedulers poll")
    func jobsRunOnce() async throws {
        try await withVigilApp { app in
            let counter = Counter()
            let job = PeriodicJob(name: "test-job", interval: 3600, lease: 60) { _, _ in await counter.increment() }
            let schedulers = (0..<4).map { _ in JobScheduler(jobs: [job], pollInterval: 1) }
            let now = Date()
            await withTaskGroup(of: Void.self) { group in
                for scheduler in schedulers {
                    group.addTask { await scheduler.runDueJobs(on: app.db, logger: app.logger, now: now) }
                }
            }
            #expect(await counter.value == 1)
            _ = await schedulers[0].runDueJobs(on: app.db, logger: app.logger, now: now.addingTimeInterval(60))
            #expect(await counter.value == 1)
            _ = await schedulers[1].runDueJobs(on: app.db, logger: app.logger, now: now.addingTimeInterval(3601))
            #expect(await counter.value == 2)
            let record = try #require(try await ScheduledJobRecord.find("test-job", on: app.db))
            #expect(record.runCount == 2)
            #expect(record.lastError == nil)
        }
    }

    actor Counter {
        var value = 0
        func increment() { value += 1 }
    }

    @Test("the HTML error page is localized and tells what to do")
    func errorPages() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("reporter"))
            let missing = try await app.get("/organisations/\(UUID().uuidString)", headers: session.headers)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Không tìm thấy nội dung này"))
            let forbidden = try await app.get("/audit", headers: session.headers)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.text.contains("Vai trò của bạn không cho phép"))
            let badID = try await app.get("/organisations/not-a-uuid", headers: session.headers)
            #expect(badID.status == .notFound)
        }
    }
}
