import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Response plans: the API contract")
struct PlanAPITests {
    struct Created: Decodable { let id: String; let version: Int; let status: String }
    struct Plan: Decodable {
        struct Section: Decodable { let key: String; let title: String; let vi: String; let en: String }
        let id: String
        let systemId: String
        let version: Int
        let status: String
        let reviewDue: Bool
        let reviewReasons: [String]
        let reviewReasonTexts: [String]
        let sha256: String?
        let approvedBy: String?
        let sections: [Section]
    }
    struct System: Decodable { let id: String; let name: String; let securityLevel: Int; let hostIds: [String]; let backups: String }

    /// A level-3 system of agency A with a public address, and a host of agency A not yet in it.
    static func system(_ app: Application, _ fixtures: Fixtures, name: String = "Cổng thông tin điện tử") async throws -> (system: String, host: UUID) {
        let focal = try await app.token(for: fixtures.user("focal_point"))
        let system = try await app.api(.POST, "/api/v1/systems", token: focal, json: """
            {"name": "\(name)", "securityLevel": 3, "hosting": "provincial_data_centre", "publicUrls": ["https://sxd.thainguyen.gov.vn"],
             "backups": "Sao lưu cơ sở dữ liệu hằng ngày"}
            """)
        #expect(system.status == .created)
        let draft = HostDraft.parse(["hostname": "sxd-web-01", "addresses": "10.20.0.5", "role": "server"], parseDateTime: { _ in nil }).0
        let host = try await HostService.write(draft, organisationID: try fixtures.agencyA.requireID(), existing: nil, systemIDs: [], source: .manual,
                                               replacesState: true, actor: "test", now: Date(), on: app.db)
        return (try system.content.decode(System.self).id, try host.requireID())
    }

    static func leaderOfB(_ app: Application, _ fixtures: Fixtures) async throws -> UserRecord {
        try await app.vigilServices.users.create(
            .init(email: "b-leader@example.gov.vn", displayName: "b_leader", organisationID: try fixtures.agencyB.requireID(), roles: [.leader],
                  password: Fixtures.password),
            scope: nil, actor: .system, on: app.db).user
    }

    @Test("generate a draft, read it, edit a section, approve as leader (403 for others, 404 abroad); the earlier version superseded and readable")
    func lifecycle() async throws {
        try await withVigilApp { app in
            // Setup
            let fixtures = try await Fixtures.make(app)
            let (systemID, _) = try await Self.system(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let leader = try await app.token(for: fixtures.user("leader"))
            let foreignLeader = try await app.token(for: try await Self.leaderOfB(app, fixtures))

            // Generate
            let response = try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: focal)
            #expect(response.status == .created)
            let created = try response.content.decode(Created.self)
            #expect(created.version == 1 && created.status == "draft")
            #expect(try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: focal).status == .conflict)
            #expect(try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: leader).status == .forbidden)
            #expect(try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: foreignLeader).status == .forbidden)

            // Read
            let draft = try await app.api(.GET, "/api/v1/plans/\(created.id)", token: leader).content.decode(Plan.self)
            #expect(draft.status == "draft" && !draft.reviewDue && draft.reviewReasons.isEmpty && draft.sha256 == nil)
            #expect(draft.sections.map(\.key) == PlanSectionKind.allCases.map(\.rawValue))
            #expect(draft.sections[0].vi.contains("Cổng thông tin điện tử") && draft.sections[0].vi.contains("Sở Xây dựng"))
            #expect(draft.sections[0].en.contains("Security level: 3"))
            #expect(draft.sections[2].vi.contains("Tấn công mạng"))
            #expect(draft.sections[3].vi.contains("Tấn công thay đổi giao diện") || draft.sections[3].vi.contains("thay đổi giao diện"))
            #expect(draft.sections[4].vi.contains("focal_point"))
            #expect(draft.sections[5].vi.contains("Sao lưu cơ sở dữ liệu hằng ngày"))
            #expect(try await app.api(.GET, "/api/v1/plans/\(created.id)", token: foreignLeader).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/plans/\(created.id)",
                                      token: try await app.token(for: fixtures.user("b_responder"))).status == .notFound)

            // Edit
            let edited = try await app.api(.PATCH, "/api/v1/plans/\(created.id)/sections/recovery", token: focal,
                                           json: ###"{"vi": "## Sao lưu\n- Sao lưu hằng ngày, thử khôi phục hằng quý"}"###)
            #expect(edited.status == .ok)
            let afterEdit = try edited.content.decode(Plan.self)
            #expect(afterEdit.sections[5].vi.contains("thử khôi phục hằng quý") && afterEdit.sections[5].en.contains("Backups"))
            let empty = try await app.api(.PATCH, "/api/v1/plans/\(created.id)/sections/recovery", token: focal, json: #"{"vi": "  "}"#)
            #expect(empty.status == .unprocessableEntity && empty.text.contains("\"vi\""))
            #expect(try await app.api(.PATCH, "/api/v1/plans/\(created.id)/sections/weather", token: focal, json: #"{"vi": "x"}"#).status == .notFound)

            // Approve
            for refused in ["focal_point", "responder", "admin", "coordinator", "reporter"] {
                let token = try await app.token(for: fixtures.user(refused))
                #expect(try await app.api(.POST, "/api/v1/plans/\(created.id)/approve", token: token).status == .forbidden, "\(refused)")
            }
            #expect(try await app.api(.POST, "/api/v1/plans/\(created.id)/approve", token: foreignLeader).status == .notFound)
            let approved = try await app.api(.POST, "/api/v1/plans/\(created.id)/approve", token: leader)
            #expect(approved.status == .ok)
            let first = try approved.content.decode(Plan.self)
            #expect(first.status == "approved" && first.approvedBy == "leader" && first.sha256?.count == 64 && !first.reviewDue)
            let stored = try #require(try await ResponsePlanRecord.find(UUID(uuidString: created.id), on: app.db))
            #expect(try stored.decodedContent().sha256() == first.sha256)
            #expect(try await app.api(.POST, "/api/v1/plans/\(created.id)/approve", token: leader).status == .conflict)
            #expect(try await app.api(.PATCH, "/api/v1/plans/\(created.id)/sections/recovery", token: focal, json: #"{"vi": "x"}"#).status == .conflict)

            // A second version supersedes the first, which stays readable as it was approved.
            let second = try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: focal).content.decode(Created.self)
            #expect(second.version == 2)
            #expect(try await app.api(.POST, "/api/v1/plans/\(second.id)/approve", token: leader).status == .ok)
            let old = try await app.api(.GET, "/api/v1/plans/\(created.id)", token: focal).content.decode(Plan.self)
            #expect(old.status == "superseded" && old.sha256 == first.sha256 && old.sections[5].vi.contains("thử khôi phục hằng quý"))
            let versions = try await app.api(.GET, "/api/v1/systems/\(systemID)/plans", token: leader).content.decode([Plan].self)
            #expect(versions.map(\.version) == [2, 1] && versions.map(\.status) == ["approved", "superseded"])
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "plan.approve").count() == 2)
        }
    }

    @Test("the contacts section comes from the directory: its people with their numbers, the escalation chain with its waits")
    func contactsFromDirectory() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let (systemID, _) = try await Self.system(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            // Without a directory: the users holding the roles, and a line saying so.
            let first = try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: focal).content.decode(Created.self)
            let before = try await app.api(.GET, "/api/v1/plans/\(first.id)", token: focal).content.decode(Plan.self)
            #expect(before.sections[4].en.contains("Taken from Vigil's users"))

            #expect(try await ContactAPITests.create(app, token: focal, """
                {"name": "Hoàng Châu Thành", "role": "focal_point", "phone": "0904144677", "availability": "24x7"}
                """).status == .created)
            try await EscalationTests.chain(app, fixtures)
            // The plan of a system generated now takes them from the directory.
            let other = try await app.api(.POST, "/api/v1/systems", token: focal, json: """
                {"name": "Hệ thống một cửa điện tử", "securityLevel": 3}
                """).content.decode(System.self)
            let second = try await app.api(.POST, "/api/v1/systems/\(other.id)/plans", token: focal).content.decode(Created.self)
            let plan = try await app.api(.GET, "/api/v1/plans/\(second.id)", token: focal).content.decode(Plan.self)
            let contacts = plan.sections[4]
            #expect(!contacts.en.contains("Taken from Vigil's users"))
            #expect(contacts.vi.contains("Hoàng Châu Thành") && contacts.vi.contains("0904 144 677") && contacts.vi.contains("Lãnh đạo Sở"))
            #expect(contacts.vi.contains("Bước 1: Lãnh đạo Sở") && contacts.vi.contains("sau 5 phút"))
            #expect(contacts.en.contains("Step 2: VNCERT/CC") && contacts.en.contains("after 10 minutes"))
        }
    }

    @Test("a change of the system's hosts through PATCH flags the approved plan with that reason; a drill's recommendation too")
    func reviewAfterHostsChange() async throws {
        try await withVigilApp { app in
            // Setup: an approved plan
            let fixtures = try await Fixtures.make(app)
            let (systemID, hostID) = try await Self.system(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let leader = try await app.token(for: fixtures.user("leader"))
            let plan = try await app.api(.POST, "/api/v1/systems/\(systemID)/plans", token: focal).content.decode(Created.self)
            _ = try await app.api(.POST, "/api/v1/plans/\(plan.id)/approve", token: leader)

            // Action: the system's hosts change through the API
            let patched = try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: focal, json: #"{"hostIds": ["\#(hostID.uuidString)"]}"#)
            #expect(patched.status == .ok)
            let system = try patched.content.decode(System.self)
            #expect(system.hostIds == [hostID.uuidString.lowercased()] && system.name == "Cổng thông tin điện tử" && system.securityLevel == 3)

            // Check
            let flagged = try await app.api(.GET, "/api/v1/plans/\(plan.id)", token: leader).content.decode(Plan.self)
            #expect(flagged.reviewDue && flagged.reviewReasons == ["hosts_changed"])
            #expect(flagged.reviewReasonTexts.first?.contains("máy") == true)
            let english = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(plan.id)", headers: [
                "Authorization": "Bearer \(leader)", "Accept-Language": "en"])
            #expect(try english.content.decode(Plan.self).reviewReasonTexts == ["The system's hosts changed after approval."])
            let change = try #require(try await SystemChangeRecord.query(on: app.db).sort(\.$at, .descending).first())
            #expect(change.changes.contains("\"hosts\"") && change.changes.contains("sxd-web-01"))
            let page = try await app.get("/assets/systems/\(systemID)", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(page.text.contains("data-testid=\"plan-review\"") && page.text.contains("Danh sách máy của hệ thống đã thay đổi"))
            #expect(page.text.contains("sxd-web-01") && page.text.contains("/plans/\(plan.id)"))

            // A drill recommends a change (the drills capability calls this inside its own change).
            try await app.vigilServices.plans.repository.requestReview(systemID: UUID(uuidString: systemID)!, reason: .drill, note: "DT-2026-01",
                                                                     on: app.db)
            let again = try await app.api(.GET, "/api/v1/plans/\(plan.id)", token: leader).content.decode(Plan.self)
            #expect(again.reviewReasons == ["hosts_changed", "drill_recommended"])
        }
    }

    @Test("PATCH a system: the fields given change, the others stay; bad input named; another organisation's system 404")
    func patchSystem() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let (systemID, _) = try await Self.system(app, fixtures)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let changesBefore = try await SystemChangeRecord.query(on: app.db).count()
            let level = try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: focal,
                                          json: #"{"securityLevel": 4, "spareEquipment": "Máy chủ dự phòng\nỔ cứng thay thế"}"#)
            #expect(level.status == .ok)
            let system = try level.content.decode(System.self)
            #expect(system.securityLevel == 4 && system.backups == "Sao lưu cơ sở dữ liệu hằng ngày")
            #expect(try await SystemChangeRecord.query(on: app.db).count() == changesBefore + 1)
            let unchanged = try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: focal, json: #"{"securityLevel": 4}"#)
            #expect(unchanged.status == .ok)
            #expect(try await SystemChangeRecord.query(on: app.db).count() == changesBefore + 1)
            let invalid = try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: focal, json: #"{"securityLevel": 9, "publicUrls": ["ftp://x"]}"#)
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("securityLevel") && invalid.text.contains("publicUrls"))
            let badID = try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: focal, json: #"{"hostIds": ["nope"]}"#)
            #expect(badID.status == .unprocessableEntity && badID.text.contains("hostIds"))
            // A host of agency B cannot join agency A's system.
            let draft = HostDraft.parse(["hostname": "syt-web"], parseDateTime: { _ in nil }).0
            let foreignHost = try await HostService.write(draft, organisationID: try fixtures.agencyB.requireID(), existing: nil, systemIDs: [],
                                                          source: .manual, replacesState: true, actor: "test", now: Date(), on: app.db)
            let foreign = try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: focal,
                                            json: #"{"hostIds": ["\#(try foreignHost.requireID().uuidString)"]}"#)
            #expect(foreign.status == .unprocessableEntity && foreign.text.contains("hostIds"))
            #expect(try await SystemChangeRecord.query(on: app.db).count() == changesBefore + 1)
            #expect(try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: try await app.token(for: fixtures.user("b_responder")),
                                      json: #"{"securityLevel": 1}"#).status == .notFound)
            #expect(try await app.api(.PATCH, "/api/v1/systems/\(systemID)", token: try await app.token(for: fixtures.user("leader")),
                                      json: #"{"securityLevel": 1}"#).status == .forbidden)

            // The page's form records the recovery fields too, and a supplier linked on the supplier's page.
            let session = try await app.signIn(fixtures.user("focal_point"))
            let form = try await app.post("/assets/systems/\(systemID)", session: session, form: [
                "name": "Cổng thông tin điện tử", "security_level": "4", "hosting": "provincial_data_centre",
                "public_urls": "https://sxd.thainguyen.gov.vn", "backups": "Sao lưu hằng giờ", "spare_equipment": "Máy chủ dự phòng\nỔ cứng thay thế"])
            #expect(form.status == .seeOther)
            _ = try await app.post("/assets/suppliers", session: session, form: ["name": "Công ty A", "services": "Vận hành", "risk": "high"])
            let supplier = try #require(try await SupplierRecord.query(on: app.db).first())
            _ = try await app.post("/assets/suppliers/\(try supplier.requireID().uuidString)/dependencies", session: session,
                                   form: ["dependency": "system:\(systemID)"])
            let fields = try await SystemChangeRecord.query(on: app.db).all().map(\.changes).joined()
            #expect(fields.contains("\"backups\"") && fields.contains("\"suppliers\"") && fields.contains("Công ty A"))
            let page = try await app.get("/assets/systems/\(systemID)", headers: session.headers)
            #expect(page.text.contains("Sao lưu hằng giờ") && page.text.contains("id=\"changes\""))
        }
    }
}
