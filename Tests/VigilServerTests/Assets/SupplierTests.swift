import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Suppliers")
struct SupplierTests {
    @Test("a supplier with a contract and a dependent system shows that system's incidents; reminders go once; scoped")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            _ = try await app.post("/assets/systems", session: session, form: ["name": "Cổng thông tin điện tử", "security_level": "3"])
            let system = try #require(try await InformationSystemRecord.query(on: app.db).first())
            let created = try await app.post("/assets/suppliers", session: session, form: [
                "name": "Công ty Phần mềm ABC", "services": "Vận hành cổng thông tin", "remoteAccess": "Tài khoản VPN ncc-abc",
                "lastReview": "2025-06-01", "reviewIntervalMonths": "12", "risk": "high"])
            #expect(created.status == .seeOther)
            let supplier = try #require(try await SupplierRecord.query(on: app.db).first())
            let path = "/assets/suppliers/\(supplier.id!.uuidString)"
            let today = ISO8601DateFormatter().string(from: Date().addingTimeInterval(10 * 86_400)).prefix(10)
            #expect(try await app.post("\(path)/contracts", session: session,
                                       form: ["reference": "HĐ-12/2026", "startsOn": "2026-01-01", "endsOn": String(today)]).status == .seeOther)
            #expect(try await app.post("\(path)/dependencies", session: session, form: ["dependency": "system:\(system.id!.uuidString)"]).status == .seeOther)
            let bad = try await app.post("\(path)/contracts", session: session, form: ["reference": "X", "startsOn": "2026-05-01", "endsOn": "2026-01-01"])
            #expect(bad.headers.first(name: .location)?.contains("problem=supplier.error.ends_before_start") == true)

            // An incident reported against the portal by name.
            _ = try await app.api(.POST, "/api/v1/incidents", token: try await app.token(for: fixtures.user("reporter")), json: """
                {"title": "Cổng bị thay đổi giao diện", "description": "x", "discoveredAt": "2026-11-20T08:00:00Z", "systemName": "Cổng thông tin điện tử"}
                """)
            let page = try await app.get(path, headers: session.headers)
            #expect(page.text.contains("HĐ-12/2026") && page.text.contains("Cổng bị thay đổi giao diện") && page.text.contains("Quá hạn") == false)
            #expect(page.text.contains("review") || page.text.contains("đánh giá"))

            try await app.vigilServices.suppliers.remind(on: app.db)
            try await app.vigilServices.suppliers.remind(on: app.db)
            let focal = try fixtures.user("focal_point").requireID()
            let notes = try await NotificationRecord.query(on: app.db).filter(\.$user.$id == focal).all()
            #expect(notes.filter { $0.messageKey == "notification.contract_ending" }.count == 1)
            #expect(notes.filter { $0.messageKey == "notification.supplier_review_due" }.count == 1)

            let foreign = try await app.signIn(fixtures.user("b_responder"))
            #expect(try await app.get(path, headers: foreign.headers).status == .notFound)
            let api = try await app.api(.POST, "/api/v1/suppliers", token: try await app.token(for: fixtures.user("focal_point")),
                                        json: #"{"name": "Viettel IDC", "risk": "medium"}"#)
            #expect(api.status == .created)
            #expect(try await app.api(.POST, "/api/v1/suppliers", token: try await app.token(for: fixtures.user("focal_point")),
                                      json: #"{"name": "Viettel IDC", "risk": "medium"}"#).status == .conflict)
        }
    }

    @Test("contracts are changed (a renewal is announced again) and removed, dependencies unlinked; each audited, another agency's refused")
    func editing() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            _ = try await app.post("/assets/systems", session: session, form: ["name": "Một cửa điện tử", "security_level": "2"])
            _ = try await app.post("/assets/suppliers", session: session, form: ["name": "Công ty XYZ", "risk": "medium"])
            let supplier = try #require(try await SupplierRecord.query(on: app.db).first())
            let system = try #require(try await InformationSystemRecord.query(on: app.db).first())
            let path = "/assets/suppliers/\(supplier.id!.uuidString.lowercased())"
            let soon = String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(5 * 86_400)).prefix(10))
            _ = try await app.post("\(path)/contracts", session: session, form: ["reference": "HĐ-01", "startsOn": "2026-01-01", "endsOn": soon])
            _ = try await app.post("\(path)/dependencies", session: session, form: ["dependency": "system:\(system.id!.uuidString)"])
            try await app.vigilServices.suppliers.remind(on: app.db)
            let contract = try #require(try await SupplierContractRecord.query(on: app.db).first())
            #expect(contract.remindedAt != nil)

            // Renewed for a year: the new end is announced again when it nears.
            let renewed = try await app.post("\(path)/contracts/\(contract.id!.uuidString.lowercased())", session: session,
                                             form: ["reference": "HĐ-01 (gia hạn)", "startsOn": "2026-01-01", "endsOn": "2027-12-31", "securityClauses": "Bảo mật"])
            #expect(renewed.status == .seeOther && renewed.headers.first(name: .location)?.contains("notice=saved") == true)
            let after = try #require(try await SupplierContractRecord.find(contract.id, on: app.db))
            #expect(after.reference == "HĐ-01 (gia hạn)" && after.remindedAt == nil && after.securityClauses == "Bảo mật")
            let page = try await app.get(path, headers: session.headers)
            #expect(page.text.contains("/contracts/\(contract.id!.uuidString.lowercased())/remove") && page.text.contains("/dependencies/"))
            let bad = try await app.post("\(path)/contracts/\(contract.id!.uuidString.lowercased())", session: session,
                                         form: ["reference": "", "endsOn": "31/12/2027"])
            #expect(bad.headers.first(name: .location)?.contains("problem=") == true)
            #expect(try await SupplierContractRecord.find(contract.id, on: app.db)?.reference == "HĐ-01 (gia hạn)")

            // Another agency's user cannot touch them.
            let foreign = try await app.signIn(fixtures.user("b_responder"))
            #expect(try await app.post("\(path)/contracts/\(contract.id!.uuidString.lowercased())/remove", session: foreign, form: [:]).status == .notFound)

            // The system's page names the suppliers it depends on.
            let systemPage = try await app.get("/assets/systems/\(system.id!.uuidString.lowercased())", headers: session.headers)
            #expect(systemPage.text.contains("Công ty XYZ") && systemPage.text.contains(path))
            let dependency = try #require(try await SupplierDependencyRecord.query(on: app.db).first())
            #expect(try await app.post("\(path)/dependencies/\(dependency.id!.uuidString.lowercased())/remove", session: session, form: [:]).status == .seeOther)
            #expect(try await app.post("\(path)/contracts/\(contract.id!.uuidString.lowercased())/remove", session: session, form: [:]).status == .seeOther)
            #expect(try await SupplierContractRecord.query(on: app.db).count() == 0)
            #expect(try await SupplierDependencyRecord.query(on: app.db).count() == 0)
            let actions = try await AuditEntryRecord.query(on: app.db).filter(\.$action ~~ [
                "supplier.contract.create", "supplier.contract.update", "supplier.contract.remove", "supplier.dependency.create", "supplier.dependency.remove",
            ]).all().map(\.action)
            #expect(Set(actions).count == 5)
            // Removing what is already gone is a not-found, not an error page.
            #expect(try await app.post("\(path)/dependencies/\(dependency.id!.uuidString.lowercased())/remove", session: session, form: [:]).status == .notFound)
        }
    }
}
