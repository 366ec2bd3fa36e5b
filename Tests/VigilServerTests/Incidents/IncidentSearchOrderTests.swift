import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// A search with more matches than a page: on SQLite the list walks the matches by their search
/// keys (which follow report time) and then sorts only the newest; the pages must be exactly the
/// list's own order, cursor after cursor, including incidents reported in the same millisecond.
@Suite("Incident search order")
struct IncidentSearchOrderTests {
    func report(_ app: Application, token: String, title: String) async throws -> String {
        let response = try await app.api(.POST, "/api/v1/incidents", token: token, json: """
            {"title": "\(title)", "description": "Mô tả.", "discoveredAt": "2026-11-20T08:30:00Z"}
            """)
        struct Created: Decodable { let id: String }
        return try response.content.decode(Created.self).id
    }

    func pages(_ app: Application, _ query: String, token: String) async throws -> [String] {
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await app.api(.GET, "/api/v1/incidents?limit=2&\(query)" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
            let decoded = try page.content.decode(APIPage<IncidentDTO>.self)
            seen += decoded.items.map(\.reference)
            cursor = decoded.nextCursor
        } while cursor != nil
        return seen
    }

    @Test("a search's pages are the list's order, ties in the same millisecond included")
    func searchPagesInListOrder() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            var portal: [String] = []
            for index in 0..<9 {
                portal.append(try await report(app, token: reporter, title: "Cổng thông tin lỗi \(index)"))
                _ = try await report(app, token: reporter, title: "Máy in hỏng \(index)")
            }
            // Three of them reported in the same millisecond: their search documents are written
            // again, as a new incident's would be, so that they share the millisecond's keys.
            let sql = app.db as! any SQLDatabase
            let tied = Array(portal[2...4]).compactMap(UUID.init(uuidString:))
            try await sql.raw("UPDATE incidents SET reported_ms = 1764000000000 WHERE id IN (\(binds: tied))").run()
            try await sql.raw("DELETE FROM incident_search WHERE incident_id IN (\(binds: tied))").run()
            for id in tied {
                try await IncidentSearchIndex.update(try #require(try await IncidentRecord.find(id, on: app.db)), on: app.db)
            }

            let focal = try await app.token(for: fixtures.user("focal_point"))
            let all = try await app.api(.GET, "/api/v1/incidents?limit=100", token: focal).content.decode(APIPage<IncidentDTO>.self).items
            let expected = all.filter { $0.title.hasPrefix("Cổng thông tin") }.map(\.reference)
            #expect(expected.count == 9)
            #expect(try await pages(app, "q=c%E1%BB%95ng%20th%C3%B4ng", token: focal) == expected)
            #expect(try await pages(app, "q=c%E1%BB%95ng%20th", token: focal) == expected, "the last word as a prefix")
            #expect(try await pages(app, "q=l%E1%BB%97i&status=received", token: focal) == expected)
            #expect(try await pages(app, "q=h%E1%BB%8Fng", token: focal).count == 9)
            #expect(try await pages(app, "q=kh%C3%B4ng%20c%C3%B3", token: focal).isEmpty)
        }
    }
}
