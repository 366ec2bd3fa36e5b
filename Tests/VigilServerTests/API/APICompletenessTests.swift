import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// What the API lacked beside the pages: an incident's comments and timeline, the caller's
/// notifications, one host, supplier and finding (and changing a host or supplier), the scans.
@Suite("API completeness")
struct APICompletenessTests {
    struct Created: Decodable { let id: String }
    struct Items<T: Decodable>: Decodable { let items: [T]; let nextCursor: String? }

    @Test("comments: add (text checked), list; the timeline has every event; another agency's incident is not found")
    func commentsAndTimeline() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let incident = try await app.api(.POST, "/api/v1/incidents", token: focal, json: """
                {"title": "Máy chủ thư điện tử chậm", "description": "x", "discoveredAt": "\(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600)))"}
                """).content.decode(Created.self).id
            let empty = try await app.api(.POST, "/api/v1/incidents/\(incident)/comments", token: focal, json: #"{"text": "  "}"#)
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("\"text\""))
            let added = try await app.api(.POST, "/api/v1/incidents/\(incident)/comments", token: focal, json: #"{"text": "Đã khoanh vùng máy chủ"}"#)
            #expect(added.status == .created)
            struct Comment: Decodable { let id: String; let author: String; let text: String }
            let comments = try await app.api(.GET, "/api/v1/incidents/\(incident)/comments", token: focal).content.decode(Items<Comment>.self)
            #expect(comments.items.map(\.text) == ["Đã khoanh vùng máy chủ"])
            struct Event: Decodable { let kind: String }
            let timeline = try await app.api(.GET, "/api/v1/incidents/\(incident)/timeline", token: focal).content.decode(Items<Event>.self)
            #expect(timeline.items.map(\.kind).contains("comment") && timeline.items.count >= 2)
            let other = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await app.api(.GET, "/api/v1/incidents/\(incident)/comments", token: other).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/incidents/\(incident)/comments", token: other, json: #"{"text": "x"}"#).status == .notFound)
        }
    }

    @Test("notifications: the caller's own, in their language; one read, all read; another's is not found; any token scope")
    func notifications() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let owner = fixtures.user("responder")
            for _ in 0..<2 {
                try await app.vigilServices.notifications.notify(userID: try owner.requireID(), messageKey: "notification.account_locked",
                                                                 arguments: ["5", "127.0.0.1", "15"], link: "/account", on: app.db, now: Date())
            }
            let token = try await app.vigilServices.tokens.issue(userID: try owner.requireID(), name: "n", expiresInDays: nil,
                                                                 scopes: try TokenScopes.parse(["assets:read"]), on: app.db, now: Date()).token
            struct Notification: Decodable { let id: String; let message: String; let read: Bool }
            let listed = try await app.api(.GET, "/api/v1/notifications", token: token)
            #expect(listed.status == .ok)
            let items = try listed.content.decode(Items<Notification>.self).items
            #expect(items.count == 2 && items.allSatisfy { !$0.read && $0.message.contains("127.0.0.1") })
            let one = try await app.api(.POST, "/api/v1/notifications/\(items[0].id)/read", token: token).content.decode(Notification.self)
            #expect(one.read)
            let unread = try await app.api(.GET, "/api/v1/notifications?unread=true", token: token).content.decode(Items<Notification>.self)
            #expect(unread.items.map(\.id) == [items[1].id])
            let stranger = try await app.token(for: fixtures.user("focal_point"))
            #expect(try await app.api(.POST, "/api/v1/notifications/\(items[1].id)/read", token: stranger).status == .notFound)
            struct Unread: Decodable { let unread: Int }
            #expect(try await app.api(.POST, "/api/v1/notifications/read", token: token).content.decode(Unread.self).unread == 0)
        }
    }

    @Test("a host and a supplier: read one, change some fields (the rest stays, the rules still hold), another agency's is not found")
    func hostsAndSuppliers() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            let host = try await CoverageTests().host(app, fixtures.agencyA, "ws-ketoan-01", reportedDaysAgo: 0.5, now: now)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            struct Host: Decodable {
                struct Protection: Decodable { let status: String }
                let hostname: String; let role: String; let addresses: [String]; let protection: Protection
            }
            let read = try await app.api(.GET, "/api/v1/hosts/\(host.id!)", token: focal)
            #expect(read.status == .ok)
            #expect(try read.content.decode(Host.self).hostname == "ws-ketoan-01")
            let changed = try await app.api(.PATCH, "/api/v1/hosts/\(host.id!)", token: focal, json: #"{"role": "server", "addresses": ["10.1.2.3"]}"#)
            #expect(changed.status == .ok, "\(changed.body.string)")
            let after = try changed.content.decode(Host.self)
            #expect(after.role == "server" && after.addresses == ["10.1.2.3"] && after.hostname == "ws-ketoan-01")
            let bad = try await app.api(.PATCH, "/api/v1/hosts/\(host.id!)", token: focal, json: #"{"role": "toaster"}"#)
            #expect(bad.status == .unprocessableEntity)
            let other = try await app.token(for: fixtures.user("b_admin"))
            #expect(try await app.api(.GET, "/api/v1/hosts/\(host.id!)", token: other).status == .notFound)
            #expect(try await app.api(.PATCH, "/api/v1/hosts/\(host.id!)", token: other, json: "{}").status == .notFound)

            let supplier = try await app.api(.POST, "/api/v1/suppliers", token: focal, json: """
                {"name": "Công ty Phần mềm ABC", "services": "Bảo trì cổng", "risk": "high"}
                """).content.decode(Created.self).id
            struct Supplier: Decodable { let name: String; let services: String; let risk: String; let reviewIntervalMonths: Int }
            #expect(try await app.api(.GET, "/api/v1/suppliers/\(supplier)", token: focal).content.decode(Supplier.self).name == "Công ty Phần mềm ABC")
            let patched = try await app.api(.PATCH, "/api/v1/suppliers/\(supplier)", token: focal, json: #"{"reviewIntervalMonths": 6}"#)
            let after2 = try patched.content.decode(Supplier.self)
            #expect(after2.reviewIntervalMonths == 6 && after2.services == "Bảo trì cổng" && after2.risk == "high")
            #expect(try await app.api(.PATCH, "/api/v1/suppliers/\(supplier)", token: focal, json: #"{"name": ""}"#).status == .unprocessableEntity)
            #expect(try await app.api(.GET, "/api/v1/suppliers/\(supplier)", token: other).status == .notFound)
        }
    }

    @Test("the scans list pages newest first; one finding reads as the list gives it; another agency's is not found")
    func scansAndOneFinding() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user("focal_point"))
            let tests = ScanAPITests()
            for sample in ["openvas/one_vuln.xml", "nmap/nmap_script_vulners.xml"] {
                #expect(try await app.upload("/api/v1/scans", token: token, try tests.form(sample, org: fixtures.agencyA)).status == .created)
            }
            struct Scan: Decodable { let id: String; let format: String; let findings: Int }
            let first = try await app.api(.GET, "/api/v1/scans?limit=1", token: token).content.decode(Items<Scan>.self)
            #expect(first.items.map(\.format) == ["nmap"])
            let cursor = try #require(first.nextCursor)
            let second = try await app.api(.GET, "/api/v1/scans?limit=1&cursor=\(cursor)", token: token).content.decode(Items<Scan>.self)
            #expect(second.items.map(\.format) == ["openvas"] && second.nextCursor == nil)
            struct Finding: Decodable { let id: String; let title: String }
            let listed = try await app.api(.GET, "/api/v1/findings?limit=1", token: token).content.decode(Items<Finding>.self)
            let finding = try #require(listed.items.first)
            let one = try await app.api(.GET, "/api/v1/findings/\(finding.id)", token: token)
            #expect(one.status == .ok)
            #expect(try one.content.decode(Finding.self).title == finding.title)
            let other = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await app.api(.GET, "/api/v1/findings/\(finding.id)", token: other).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/scans", token: other).content.decode(Items<Scan>.self).items.isEmpty)
        }
    }

    @Test("sort=field and sort=-field: the order and its reverse, paged by offset; an unknown field is a 400 naming the orders")
    func sorting() async throws {
        #expect(ListSort<IncidentRepository.Sort>.reversed("CASE a WHEN 'x,y' THEN 0 ELSE 1 END, f(b, c) DESC, d") == "CASE a WHEN 'x,y' THEN 0 ELSE 1 END DESC, f(b, c), d DESC")
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            for hours in [5, 1, 3] {
                _ = try await app.api(.POST, "/api/v1/incidents", token: focal, json: """
                    {"title": "Sự cố \(hours)", "description": "x", "discoveredAt": "\(ISO8601DateFormatter().string(from: Date().addingTimeInterval(Double(-hours) * 3600)))"}
                    """)
            }
            struct Incident: Decodable { let title: String }
            let ascending = try await app.api(.GET, "/api/v1/incidents?sort=discovered&limit=2", token: focal).content.decode(Items<Incident>.self)
            #expect(ascending.items.map(\.title) == ["Sự cố 5", "Sự cố 3"])
            let next = try #require(ascending.nextCursor)
            let rest = try await app.api(.GET, "/api/v1/incidents?sort=discovered&limit=2&cursor=\(next)", token: focal).content.decode(Items<Incident>.self)
            #expect(rest.items.map(\.title) == ["Sự cố 1"] && rest.nextCursor == nil)
            let descending = try await app.api(.GET, "/api/v1/incidents?sort=-discovered", token: focal).content.decode(Items<Incident>.self)
            #expect(descending.items.map(\.title) == ["Sự cố 1", "Sự cố 3", "Sự cố 5"])
            let unknown = try await app.api(.GET, "/api/v1/incidents?sort=-title", token: focal)
            #expect(unknown.status == .unprocessableEntity && unknown.errorCode == "unknown_sort" && unknown.body.string.contains("discovered"))
            let hosts = try await app.api(.GET, "/api/v1/hosts?sort=-last_seen", token: focal)
            #expect(hosts.status == .ok)
            let findings = try await app.api(.GET, "/api/v1/findings?sort=-severity", token: focal)
            #expect(findings.status == .ok)
        }
    }
}
