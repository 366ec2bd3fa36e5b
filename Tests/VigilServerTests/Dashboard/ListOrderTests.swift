import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("List order: incidents and hosts sort by their columns and page in that order")
struct ListOrderTests {
    /// The references of the incident list's rows, in order, and the link to the next page.
    static func incidentRows(_ app: Application, _ path: String, _ headers: HTTPHeaders) async throws -> (refs: [String], next: String?) {
        let page = try await app.get(path, headers: headers).text
        let refs = page.components(separatedBy: "<td class=\"when\"><a href=\"/incidents/").dropFirst().map { part in
            String(part.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        let next = page.range(of: "href=\"/incidents?cursor=").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) }
        return (refs, next?.replacingOccurrences(of: "&amp;", with: "&"))
    }

    @Test("incidents: newest first by default; by severity or by the nearest notification deadline when chosen, filters kept")
    func incidents() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            for _ in 0..<4 { _ = try await app.reportIncident(as: fixtures.user("reporter")) }
            let records = try await IncidentRecord.query(on: app.db).sort(\.$reportedMillis).all()
            #expect(records.count == 4)
            // Oldest to newest: low, none, critical, high; deadlines: +3 d, +1 d, notified, +2 d.
            let now = Date()
            let setup: [(String?, TimeInterval?, Bool)] = [("low", 3, false), (nil, 1, false), ("critical", 0.5, true), ("high", 2, false)]
            for (record, (severity, days, notified)) in zip(records, setup) {
                record.severity = severity
                record.notifyBy = days.map { now.addingTimeInterval($0 * 86_400) }
                record.notifiedAt = notified ? now : nil
                try await record.save(on: app.db)
            }
            let refs = records.map(\.reference)
            let headers = try await app.signIn(fixtures.user("focal_point")).headers
            let newest = try await Self.incidentRows(app, "/incidents", headers)
            #expect(newest.refs == refs.reversed())
            let bySeverity = try await Self.incidentRows(app, "/incidents?sort=severity", headers)
            #expect(bySeverity.refs == [refs[2], refs[3], refs[0], refs[1]])
            let byDeadline = try await Self.incidentRows(app, "/incidents?sort=deadline", headers)
            #expect(byDeadline.refs == [refs[1], refs[3], refs[0], refs[2]], "the notified one last")

            // Paging in the chosen order keeps the order and the filters.
            let firstPage = try await Self.incidentRows(app, "/incidents?sort=severity&limit=2&status=received", headers)
            #expect(firstPage.refs == [refs[2], refs[3]])
            let next = try #require(firstPage.next)
            #expect(next.contains("status=received") && next.contains("sort=severity"))
            let secondPage = try await Self.incidentRows(app, "/incidents?cursor=" + next, headers)
            #expect(secondPage.refs == [refs[0], refs[1]])
            let keyset = try await Self.incidentRows(app, "/incidents?limit=3&status=received", headers)
            let rest = try await Self.incidentRows(app, "/incidents?cursor=" + (try #require(keyset.next)), headers)
            #expect(keyset.refs + rest.refs == refs.reversed(), "newest first pages by keyset, filters kept")

            let page = try await app.get("/incidents?sort=deadline", headers: headers)
            #expect(page.text.contains("aria-sort=\"ascending\"><a href=\"/incidents?sort=deadline"))
            #expect(page.text.contains("<input type=\"hidden\" name=\"sort\" value=\"deadline\">"), "filtering keeps the order")
            let refused = try await app.get("/incidents?sort=drop%20table", headers: headers)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("aria-invalid") == false)
        }
    }

    @Test("hosts: by name by default; by protection, last check-in or organisation when chosen, paged by offset")
    func hosts() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            for index in 0..<5 {
                let host = try await CoverageTests().host(app, fixtures.agencyA, "may-\(index)", reportedDaysAgo: index == 2 ? nil : Double(index) / 24, now: now)
                host.lastSeenAt = index == 2 ? nil : now.addingTimeInterval(Double(-index) * 3_600)
                try await host.save(on: app.db)
            }
            let headers = try await app.signIn(fixtures.user("focal_point")).headers
            func names(_ path: String) async throws -> (names: [String], next: String?) {
                let page = try await app.get(path, headers: headers).text
                let names = page.components(separatedBy: "<td><a href=\"/assets/hosts/").dropFirst().map { part in
                    String(part.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
                }
                let next = page.range(of: "href=\"/assets/hosts?cursor=").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) }
                return (names, next?.replacingOccurrences(of: "&amp;", with: "&"))
            }
            #expect(try await names("/assets/hosts").names == ["may-0", "may-1", "may-2", "may-3", "may-4"])
            let bySeen = try await names("/assets/hosts?sort=last_seen&limit=2")
            #expect(bySeen.names == ["may-2", "may-4"], "never seen first, then the longest silent")
            let next = try #require(bySeen.next)
            #expect(next.contains("sort=last_seen"))
            #expect(try await names("/assets/hosts?cursor=" + next).names == ["may-3", "may-1", "may-0"])
            let page = try await app.get("/assets/hosts?sort=protection", headers: headers)
            #expect(page.status == .ok && page.text.contains("aria-sort=\"ascending\"><a href=\"/assets/hosts?sort=protection"))
            #expect(try await app.get("/assets/hosts?sort=organisation", headers: headers).status == .ok)
            #expect(try await app.get("/assets/hosts?sort=nope", headers: headers).status == .unprocessableEntity)
        }
    }
}
