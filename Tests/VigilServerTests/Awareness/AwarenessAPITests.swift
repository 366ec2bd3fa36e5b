import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// The staff notice's API: issuing (the focal point only, defaults, versions, every bad field
/// named), reading and acknowledging (only what addresses or is visible to the caller), the
/// acknowledgements per unit.
@Suite("Staff awareness: the API")
struct AwarenessAPITests {
    struct Notice: Decodable {
        struct FocalPoint: Decodable { let name: String; let phone: String }
        let id: String
        let version: Int
        let audience: String
        let unitIds: [String]
        let focalPoint: FocalPoint
        let text: String
        let textVi: String
        let textEn: String
        let digest: String
        let addressedToYou: Bool
        let acknowledgedAt: Date?
    }

    struct Acknowledgements: Decodable {
        struct Person: Decodable { let id: String; let name: String; let acknowledgedAt: Date?; let lastRemindedAt: Date? }
        struct Unit: Decodable {
            struct Organisation: Decodable { let id: String; let name: String }
            let organisation: Organisation
            let total: Int
            let acknowledged: Int
            let percent: Int
            let acknowledgedBy: [Person]
            let pending: [Person]
        }
        let total: Int
        let acknowledged: Int
        let pending: Int
        let percent: Int
        let units: [Unit]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        try JSONDecoder.vigil.decode(T.self, from: Data(response.body.readableBytesView))
    }

    /// Issues a notice as the focal point of agency A to the whole agency.
    static func issue(_ app: Application, _ fixtures: Fixtures, json: String = #"{"audience":"organisation","focalPointPhone":"0904 144 677"}"#)
        async throws -> Notice {
        let focal = try await app.token(for: fixtures.user("focal_point"))
        let response = try await app.api(.POST, "/api/v1/awareness/notices", token: focal, json: json)
        #expect(response.status == .created, "\(response.text)")
        return try decode(Notice.self, response)
    }

    @Test("the focal point issues a notice: the default text with the directive's principle, the focal point's name, versions")
    func issue() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            // Action: the first notice with every default, then a second version.
            let first = try await Self.issue(app, fixtures)
            let second = try await Self.issue(app, fixtures, json: #"""
                {"audience":"organisation","textVi":"Nội dung riêng","textEn":"Our own text","focalPointName":"Hoàng Châu Thành","focalPointPhone":"0904144677"}
                """#)

            // Check: the Vietnamese principle verbatim, the English beside it, the caller's name, frozen and numbered.
            #expect(first.version == 1 && second.version == 2)
            #expect(first.textVi.contains("Ứng cứu sự cố an toàn thông tin mạng là hoạt động quan trọng nhằm phát hiện, ngăn chặn, xử lý và khắc phục kịp thời sự cố an toàn thông tin mạng"))
            #expect(first.textVi.contains("Sở Xây dựng") && first.textVi.contains("18/CT-TTg"))
            #expect(first.textEn.contains("an important activity to detect, prevent, handle and remediate"))
            #expect(first.text == first.textVi)
            #expect(first.focalPoint.name == "focal_point" && first.focalPoint.phone == "0904 144 677")
            #expect(first.audience == "organisation" && first.unitIds.isEmpty)
            #expect(first.digest.count == 64 && first.digest != second.digest)
            // The issuer is among the staff and has read what they wrote.
            #expect(first.addressedToYou && first.acknowledgedAt != nil)
            #expect(second.focalPoint.name == "Hoàng Châu Thành" && second.text == "Nội dung riêng")
            let entries = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "awareness.issue").count()
            #expect(entries == 2)
            // No route edits a notice: it stays as issued.
            let focal = try await app.token(for: fixtures.user("focal_point"))
            #expect(try await app.api(.PATCH, "/api/v1/awareness/notices/\(first.id)", token: focal, json: "{}").status == .notFound)
        }
    }

    @Test("only a focal point issues: other roles get 403 and nothing is stored", arguments: ["reporter", "responder", "leader", "coordinator", "admin", "root_admin"])
    func othersRefused(role: String) async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.token(for: fixtures.user(role))
            let response = try await app.api(.POST, "/api/v1/awareness/notices", token: token,
                                             json: #"{"audience":"organisation","focalPointPhone":"0904 144 677"}"#)
            #expect(response.status == .forbidden)
            #expect(try await AwarenessNoticeRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("another organisation's notice is not found, whatever the route")
    func foreignNotice() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let notice = try await Self.issue(app, fixtures)
            let others = try await app.vigilServices.users.create(
                .init(email: "b-focal@example.gov.vn", displayName: "B focal", organisationID: try fixtures.agencyB.requireID(),
                      roles: [.focalPoint], password: Fixtures.password), scope: nil, actor: .system, on: app.db).user
            for user in [fixtures.user("b_reporter"), others] {
                let token = try await app.token(for: user)
                #expect(try await app.api(.GET, "/api/v1/awareness/notices/\(notice.id)", token: token).status == .notFound)
                #expect(try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/acknowledge", token: token, json: "{}").status == .notFound)
                let list = try await app.api(.GET, "/api/v1/awareness/notices", token: token)
                #expect(list.status == .ok && !list.text.contains(notice.id))
            }
            let bFocal = try await app.token(for: others)
            #expect(try await app.api(.GET, "/api/v1/awareness/notices/\(notice.id)/acknowledgements", token: bFocal).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/remind", token: bFocal, json: "{}").status == .notFound)
            let page = try await app.get("/awareness/\(notice.id)", headers: try await app.signIn(others).headers)
            #expect(page.status == .notFound)
        }
    }

    @Test("bad input: every problem named by its field, 422, nothing stored")
    func badInput() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            struct Problem: Decodable { struct Detail: Decodable { let field: String?; let message: String }; let error: Detail }
            let cases: [(String, String)] = [
                ("{}", "focalPointPhone"),
                (#"{"audience":"organisation","focalPointPhone":"gọi tôi"}"#, "focalPointPhone"),
                (#"{"audience":"everyone","focalPointPhone":"0904144677"}"#, "audience"),
                (#"{"audience":"units","focalPointPhone":"0904144677"}"#, "unitIds"),
                (#"{"audience":"units","unitIds":["\#(try fixtures.agencyB.requireID())"],"focalPointPhone":"0904144677"}"#, "unitIds"),
                (#"{"audience":"units","unitIds":["\#(try fixtures.agencyA.requireID())"],"focalPointPhone":"0904144677"}"#, "unitIds"),
                (#"{"audience":"units","unitIds":[\#(Array(repeating: "\"x\"", count: 501).joined(separator: ","))],"focalPointPhone":"0904144677"}"#, "unitIds"),
                (#"{"audience":"organisation","focalPointPhone":"0904144677","textVi":"  "}"#, "textVi"),
                (#"{"audience":"organisation","focalPointPhone":"0904144677","textEn":"\#(String(repeating: "x", count: 8001))"}"#, "textEn"),
            ]
            for (json, field) in cases {
                let response = try await app.api(.POST, "/api/v1/awareness/notices", token: focal, json: json)
                #expect(response.status == .unprocessableEntity, "\(json)")
                #expect(response.text.contains(#""field":"\#(field)""#), "\(json): \(response.text)")
            }
            let phone = try await app.api(.POST, "/api/v1/awareness/notices", token: focal, json: #"{"audience":"organisation","focalPointPhone":"x"}"#)
            #expect(phone.text.contains("Số điện thoại không hợp lệ"))
            #expect(try await AwarenessNoticeRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "awareness.issue").count() == 0)
        }
    }

    @Test("staff acknowledge through the API once; who has and has not, per unit, for the focal point")
    func acknowledgeAndCount() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let notice = try await Self.issue(app, fixtures)
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let mine = try Self.decode(Notice.self, try await app.api(.GET, "/api/v1/awareness/notices/\(notice.id)", token: reporter))
            #expect(mine.addressedToYou && mine.acknowledgedAt == nil)

            // Action: the reporter and the unit's reporter acknowledge; the reporter twice.
            let first = try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/acknowledge", token: reporter, json: "{}")
            let again = try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/acknowledge", token: reporter, json: "{}")
            #expect(first.status == .ok && again.status == .ok)
            struct Acknowledged: Decodable { let acknowledgedAt: Date }
            #expect(try Self.decode(Acknowledged.self, first).acknowledgedAt == Self.decode(Acknowledged.self, again).acknowledgedAt)
            let unit = try await app.token(for: fixtures.user("unit_reporter"))
            #expect(try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/acknowledge", token: unit, json: "{}").status == .ok)

            // Check: one audit entry per acknowledgement; the counts per unit.
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "awareness.acknowledge").count() == 2)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let status = try Self.decode(Acknowledgements.self, try await app.api(.GET, "/api/v1/awareness/notices/\(notice.id)/acknowledgements", token: focal))
            // Agency A: six people of each role (the focal point acknowledged by issuing) and the unit's reporter.
            #expect(status.total == 7 && status.acknowledged == 3 && status.pending == 4 && status.percent == 42)
            let agency = try #require(status.units.first { $0.organisation.name == "Sở Xây dựng" })
            #expect(agency.total == 6 && agency.acknowledged == 2 && agency.percent == 33)
            #expect(Set(agency.acknowledgedBy.map(\.name)) == ["reporter", "focal_point"])
            #expect(Set(agency.pending.map(\.name)) == ["responder", "leader", "coordinator", "admin"])
            let office = try #require(status.units.first { $0.organisation.name == "Văn phòng Sở" })
            #expect(office.total == 1 && office.percent == 100 && office.acknowledgedBy.map(\.name) == ["unit_reporter"])
            // Someone the notice does not address cannot acknowledge it (a coordinator above sees it).
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let refused = try await app.api(.POST, "/api/v1/awareness/notices/\(notice.id)/acknowledge", token: coordinator, json: "{}")
            #expect(refused.status == .conflict && refused.errorCode == "not_addressed")
            // The staff's list shows it with their acknowledgement.
            let list = try await app.api(.GET, "/api/v1/awareness/notices", token: reporter)
            #expect(list.text.contains(notice.id) && list.text.contains(#""addressedToYou":true"#))
        }
    }

    @Test("a notice to chosen units reaches their staff only")
    func chosenUnits() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let unit = try fixtures.unitA1.requireID().uuidString
            let notice = try await Self.issue(app, fixtures, json: #"{"audience":"units","unitIds":["\#(unit)"],"focalPointPhone":"0904 144 677"}"#)
            #expect(notice.audience == "units" && notice.unitIds == [unit.lowercased()] && !notice.addressedToYou)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let status = try Self.decode(Acknowledgements.self, try await app.api(.GET, "/api/v1/awareness/notices/\(notice.id)/acknowledgements", token: focal))
            #expect(status.total == 1 && status.units.map(\.organisation.name) == ["Văn phòng Sở"])
            let reporter = try await app.token(for: fixtures.user("reporter"))
            let shown = try Self.decode(Notice.self, try await app.api(.GET, "/api/v1/awareness/notices/\(notice.id)", token: reporter))
            #expect(!shown.addressedToYou)
        }
    }
}
