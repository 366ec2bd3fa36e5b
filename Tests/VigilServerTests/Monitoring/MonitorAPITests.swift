import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The monitors' API contract, against web sites the tests start on 127.0.0.1 (allowed by the
/// outbound allow list of these tests only).
@Suite("Monitors: the API contract, from check to incident")
struct MonitorAPITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/defacement")

    static func page(_ path: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(path), encoding: .utf8)
    }

    static func allowLoopback(_ config: inout AppConfig) {
        config.outboundPolicy = OutboundPolicy(allowed: [OutboundPolicy.Range("127.0.0.1/32")!])
    }

    struct Monitor: Decodable {
        let id: String
        let status: String
        let incidentId: String?
        let kind: String
        let target: String
    }

    struct Check: Decodable {
        let result: String
        let status: String
        let code: String?
    }

    @Test("create, read, change, list and remove; bad input names its field; another organisation's monitor is not found")
    func contract() async throws {
        let site = try await TestSite(page: "<html><body><p>Xin chào</p></body></html>")
        defer { Task { await site.shutdown() } }
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let created = try await app.api(.POST, "/api/v1/monitors", token: token, json: """
                {"name": "Cổng thông tin", "kind": "http", "target": "\(site.url)", "intervalSeconds": 60, "keyword": "Xin chào", "expectedStatus": 200}
                """)
            #expect(created.status == .created)
            let monitor = try created.content.decode(Monitor.self)
            #expect(monitor.status == "pending" && monitor.incidentId == nil && monitor.kind == "http")

            for (body, field) in [(#"{"name": "x", "kind": "smtp", "target": "a"}"#, "kind"),
                                  (#"{"name": "x", "kind": "http", "target": "ftp://x/"}"#, "target"),
                                  (#"{"name": "x", "kind": "tcp", "target": "127.0.0.1"}"#, "target"),
                                  (#"{"name": "x", "kind": "http", "target": "http://127.0.0.1/", "intervalSeconds": 5}"#, "intervalSeconds"),
                                  (#"{"name": "", "kind": "dns", "target": "example.gov.vn"}"#, "name"),
                                  (#"{"name": "x", "kind": "tcp", "target": "10.0.0.1:22"}"#, "target"),
                                  (#"{"name": "x", "kind": "tcp", "target": "127.0.0.1:22", "defacement": true}"#, "defacement")] {
                let refused = try await app.api(.POST, "/api/v1/monitors", token: token, json: body)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("\"field\":\"\(field)\""), "\(body): \(refused.text)")
            }

            let patched = try await app.api(.PATCH, "/api/v1/monitors/\(monitor.id)", token: token, json: #"{"name": "Cổng chính", "paused": true}"#)
            #expect(patched.status == .ok && patched.text.contains("Cổng chính") && patched.text.contains("\"paused\":true"))
            let list = try await app.api(.GET, "/api/v1/monitors?status=pending", token: token)
            #expect(list.status == .ok && list.text.contains(monitor.id) && list.text.contains("\"nextCursor\":null"))
            let foreign = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await app.api(.GET, "/api/v1/monitors/\(monitor.id)", token: foreign).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/check", token: foreign).status == .notFound)
            #expect(!(try await app.api(.GET, "/api/v1/monitors", token: foreign).text.contains(monitor.id)))

            let check = try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/check", token: token).content.decode(Check.self)
            #expect(check.result == "ok" && check.status == "up")
            site.serve("<html><body><p>Bảo trì</p></body></html>")
            let missing = try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/check", token: token).content.decode(Check.self)
            #expect(missing.result == "down" && missing.code == "keyword_missing" && missing.status == "up", "one failing check is not yet a problem")
            let history = try await app.api(.GET, "/api/v1/monitors/\(monitor.id)/checks", token: token)
            #expect(history.text.contains("keyword_missing"))
            #expect(try await app.api(.DELETE, "/api/v1/monitors/\(monitor.id)", token: token).status == .noContent)
            #expect(try await app.api(.GET, "/api/v1/monitors/\(monitor.id)", token: token).status == .notFound)
        }
    }

    @Test("a target inward is refused without the allow list, and no connection is made")
    func inwardRefused() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            for target in ["http://127.0.0.1:9/", "http://[::1]/", "http://169.254.169.254/latest/", "http://192.168.1.1/", "http://localhost/"] {
                let refused = try await app.api(.POST, "/api/v1/monitors", token: token, json: #"{"name": "x", "kind": "http", "target": "\#(target)"}"#)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("\"field\":\"target\""), "\(target)")
            }
        }
    }

    @Test("a defaced page opens one defacement incident reported by Vigil, with the page and the diff; a new baseline clears it")
    func defacement() async throws {
        let site = try await TestSite(page: try Self.page("baselines/stnmt.html"))
        defer { Task { await site.shutdown() } }
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let monitor = try await app.api(.POST, "/api/v1/monitors", token: token, json: """
                {"name": "Cổng Sở", "kind": "http", "target": "\(site.url)", "intervalSeconds": 60, "defacement": true}
                """).content.decode(Monitor.self)
            func check() async throws -> Check {
                try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/check", token: token).content.decode(Check.self)
            }
            #expect(try await check().status == "up")
            #expect(try await MonitorBaselineRecord.query(on: app.db).count() == 1, "the first page is the baseline")
            site.serve(try Self.page("variants/stnmt--news_added--6.html"))
            #expect(try await check().result == "ok", "a news item is not an attack")
            site.serve(try Self.page("variants/stnmt--hidden_seo_links--4.html"))
            #expect(try await check().status == "up")
            #expect(try await check().status == "defaced")
            #expect(try await check().status == "defaced")
            let incidents = try await IncidentRecord.query(on: app.db).with(\.$reporter).all()
            #expect(incidents.count == 1, "one ongoing problem is one incident")
            let incident = try #require(incidents.first)
            #expect(incident.scenario == "defacement" && incident.reporter.isSystem && incident.reporter.displayName == "Vigil")
            let shown = try await app.api(.GET, "/api/v1/monitors/\(monitor.id)", token: token).content.decode(Monitor.self)
            #expect(shown.incidentId == incident.id?.uuidString.lowercased())
            let evidence = try await EvidenceRecord.query(on: app.db).all()
            #expect(evidence.count == 2 && evidence.contains { $0.filename.hasSuffix(".html") } && evidence.contains { $0.filename.hasSuffix(".txt") })
            let diff = try await app.vigilServices.blobs.get(try #require(evidence.first { $0.filename.hasSuffix(".txt") }).sha256)
            #expect(String(decoding: diff, as: UTF8.self).contains("Liên kết ẩn tới trang khác"))

            // The focal point accepts what is there now as legitimate: up again, and no alert for it.
            let accepted = try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/baseline", token: token)
            #expect(accepted.status == .ok && accepted.text.contains("\"status\":\"up\""))
            #expect(try await check().result == "ok")
            #expect(try await MonitorBaselineRecord.query(on: app.db).filter(\.$active == true).first()?.version == 2)
            let events = try await IncidentEventRecord.query(on: app.db).filter(\.$incident.$id == incident.requireID()).all().map(\.kind)
            #expect(events.contains("monitor_defaced") && events.contains("monitor_baseline_accepted"))
        }
    }

    @Test("an outage is confirmed by the retry policy and opens an incident; recovery goes on its timeline")
    func outageAndRecovery() async throws {
        let site = try await TestSite(page: "<p>ok</p>")
        defer { Task { await site.shutdown() } }
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let monitor = try await app.api(.POST, "/api/v1/monitors", token: token, json: """
                {"name": "Dịch vụ công", "kind": "http", "target": "\(site.url)", "intervalSeconds": 60, "timeoutSeconds": 2}
                """).content.decode(Monitor.self)
            func check() async throws -> Check {
                try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/check", token: token).content.decode(Check.self)
            }
            #expect(try await check().status == "up")
            site.serve("<p>lỗi</p>", status: .serviceUnavailable)
            let first = try await check()
            #expect(first.result == "down" && first.code == "status_code" && first.status == "up")
            #expect(try await IncidentRecord.query(on: app.db).count() == 0, "one blip is not an incident")
            #expect(try await check().status == "down")
            let incident = try #require(try await IncidentRecord.query(on: app.db).first())
            #expect(incident.scenario == nil, "the cause group is left for the focal point")
            site.serve("<p>ok</p>")
            #expect(try await check().status == "up")
            let events = try await IncidentEventRecord.query(on: app.db).filter(\.$incident.$id == incident.requireID()).all().map(\.kind)
            #expect(events.contains("monitor_down") && events.contains("monitor_recovered"))
            let told = try await NotificationRecord.query(on: app.db).count()
            #expect(told >= 1, "the focal point is told of the new incident")

            // A port nobody answers on.
            await site.stop()
            let port = try await app.api(.POST, "/api/v1/monitors", token: token, json: """
                {"name": "Cổng", "kind": "tcp", "target": "127.0.0.1:\(site.port)", "intervalSeconds": 60, "timeoutSeconds": 2}
                """).content.decode(Monitor.self)
            let closed = try await app.api(.POST, "/api/v1/monitors/\(port.id)/check", token: token).content.decode(Check.self)
            #expect(closed.result == "down" && (closed.code == "connection_failed" || closed.code == "timeout"))
        }
    }

    @Test("a certificate about to expire is a warning to the focal point, not an incident")
    func certificate() async throws {
        let site = try await TestSite(page: "<p>ok</p>", tls: try TestSite.certificate(days: 10))
        defer { Task { await site.shutdown() } }
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let monitor = try await app.api(.POST, "/api/v1/monitors", token: token, json: """
                {"name": "Chứng thư cổng", "kind": "tls", "target": "127.0.0.1:\(site.port)", "intervalSeconds": 3600}
                """).content.decode(Monitor.self)
            let check = try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/check", token: token).content.decode(Check.self)
            #expect(check.result == "warning" && check.code == "certificate_expires" && check.status == "warning", "\(check)")
            #expect(try await IncidentRecord.query(on: app.db).count() == 0)
            #expect(try await NotificationRecord.query(on: app.db).all().contains { $0.messageKey == "notification.monitor_certificate" })
            let shown = try await app.api(.GET, "/api/v1/monitors/\(monitor.id)", token: token)
            #expect(shown.text.contains("certificateExpiresAt"))
        }
    }

    @Test("the administrator's markers apply to every monitor; only a provincial administrator changes them")
    func globalMarkers() async throws {
        let site = try await TestSite(page: "<html><body><p>Tin tức</p><p>Thông báo lịch tiếp công dân</p></body></html>")
        defer { Task { await site.shutdown() } }
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let monitor = try await app.api(.POST, "/api/v1/monitors", token: token, json: """
                {"name": "Cổng", "kind": "http", "target": "\(site.url)", "intervalSeconds": 60, "defacement": true, "confirmAfter": 1}
                """).content.decode(Monitor.self)
            func check() async throws -> Check {
                try await app.api(.POST, "/api/v1/monitors/\(monitor.id)/check", token: token).content.decode(Check.self)
            }
            #expect(try await check().result == "ok")
            site.serve("<html><body><p>Tin tức</p><p>Nhóm Rồng Đen đã ghé thăm</p></body></html>")
            #expect(try await check().result == "ok", "a phrase no list knows")
            let agencyAdmin = try await app.post("/monitors/settings", session: try await app.signIn(fixtures.user("admin")), form: ["markers": "rồng đen", "retention_days": "90"])
            #expect(agencyAdmin.status == .forbidden)
            let saved = try await app.post("/monitors/settings", session: try await app.signIn(fixtures.user("root_admin")),
                                           form: ["markers": "Rồng Đen\nnhóm bóng ma", "retention_days": "120"])
            #expect(saved.status == .seeOther)
            #expect(try await check().result == "defaced")
            let refused = try await app.post("/monitors/settings", session: try await app.signIn(fixtures.user("root_admin")),
                                             form: ["markers": "", "retention_days": "3"])
            #expect(refused.status == .unprocessableEntity)
        }
    }

    @Test("the scheduler claims a due monitor once, however many claim at the same time, and sets its next check")
    func claims() async throws {
        try await withVigilApp(configure: Self.allowLoopback) { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            for index in 0..<5 {
                _ = try await app.api(.POST, "/api/v1/monitors", token: token, json: """
                    {"name": "m\(index)", "kind": "tcp", "target": "127.0.0.1:\(9 + index)", "intervalSeconds": 60}
                    """)
            }
            let scheduler = MonitorScheduler(runner: app.vigilServices.monitorRunner, concurrency: 8)
            let later = Date().addingTimeInterval(120)
            async let first = scheduler.claim(limit: 10, on: app.db, now: later)
            async let second = scheduler.claim(limit: 10, on: app.db, now: later)
            let (a, b) = try await (first, second)
            #expect(a.count + b.count == 5 && Set(a.compactMap(\.id)).isDisjoint(with: Set(b.compactMap(\.id))))
            #expect((a + b).allSatisfy { $0.nextCheckAt > later })
            #expect(try await scheduler.claim(limit: 10, on: app.db, now: later).isEmpty, "claimed ones are not due again until their lease ends")

            // Their checks, all at once: the results are written in batches, none lost.
            let runner = app.vigilServices.monitorRunner
            try await withThrowingTaskGroup(of: Void.self) { group in
                for monitor in a + b { group.addTask { try await runner.check(monitor, claimed: true, on: app.db, now: later) } }
                try await group.waitForAll()
            }
            let hours = try await MonitorHourRecord.query(on: app.db).all()
            #expect(hours.count == 5 && hours.allSatisfy { $0.checks == 1 && $0.failures == 1 })
            #expect(try await MonitorCheckRecord.query(on: app.db).count() == 5, "a first check is always a line of history")
            let stored = try await MonitorRecord.query(on: app.db).all()
            #expect(stored.allSatisfy { $0.checkCount == 1 && $0.leasedBy == nil && $0.nextCheckAt > later })
        }
    }
}
