import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Coverage")
struct CoverageTests {
    /// A host with the given anti-malware facts, written directly.
    @discardableResult
    func host(_ app: Application, _ organisation: OrganisationRecord, _ name: String, reportedDaysAgo: Double?, products: Int = 1,
              enabled: Bool = true, realTime: Bool = true, signatureDaysAgo: Double? = 1, now: Date) async throws -> HostRecord {
        let record = HostRecord()
        record.id = UUID()
        record.$organisation.id = try organisation.requireID()
        record.machineID = name
        record.hostname = name
        record.addresses = ""
        record.osName = ""
        record.osVersion = ""
        record.role = "workstation"
        record.owner = ""
        record.criticality = "medium"
        record.source = "import"
        record.softwareHash = ""
        record.software = ""
        record.softwareIndexed = ""
        record.avReportAt = reportedDaysAgo.map { now.addingTimeInterval(-$0 * 86_400) }
        record.avProducts = products
        record.avEnabled = enabled
        record.avRealTime = realTime
        record.avSignatureAt = signatureDaysAgo.map { now.addingTimeInterval(-$0 * 86_400) }
        record.avDetail = "[]"
        record.avShape = ""
        try await record.create(on: app.db)
        return record
    }

    @Test("the SQL verdict is the core's rule, host by host, at the edges of both windows")
    func sqlAgreesWithTheRule() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            let policy = ProtectionPolicy.standard
            var expected: [String: String] = [:]
            var index = 0
            for reported in [nil, 0.1, 2.9, 3.0, 3.5, 4.0, 10] as [Double?] {
                for signature in [nil, 0.5, 6.9, 7.0, 7.5, 8.0] as [Double?] {
                    for (products, enabled, realTime) in [(1, true, true), (0, false, false), (1, false, false), (1, true, false), (2, true, true)] {
                        index += 1
                        let name = "h\(index)"
                        try await host(app, fixtures.agencyA, name, reportedDaysAgo: reported, products: products, enabled: enabled,
                                       realTime: realTime, signatureDaysAgo: signature, now: now)
                        let states = (0..<products).map { _ in
                            AntiMalwareState(product: "AV", enabled: enabled, realTimeProtection: realTime, centrallyManaged: true,
                                             signatureDate: signature.map { now.addingTimeInterval(-$0 * 86_400) })
                        }
                        let verdict = policy.evaluate(products: states, lastReport: reported.map { now.addingTimeInterval(-$0 * 86_400) }, now: now)
                        expected[name] = verdict.reason?.code ?? "protected"
                    }
                }
            }
            let uncovered = try await CoverageRepository().uncovered(organisations: [fixtures.agencyA.id!], policy: policy, now: now,
                                                                     limit: 1000, on: app.db)
            var actual = Dictionary(uniqueKeysWithValues: uncovered.map { ($0.hostname, $0.reason) })
            for name in expected.keys where actual[name] == nil { actual[name] = "protected" }
            #expect(actual == expected)
            let counts = try await CoverageRepository().counts(organisations: [fixtures.agencyA.id!], policy: policy, now: now, on: app.db)
            #expect(counts[fixtures.agencyA.id!]?.protected == expected.values.filter { $0 == "protected" }.count)
            // The compliance indicator's shorter count (no reasons) is the same rule.
            let sums = try await CoverageRepository().protectedCounts(organisations: [fixtures.agencyA.id!], policy: policy, now: now, on: app.db)
            #expect(sums[fixtures.agencyA.id!]?.protected == counts[fixtures.agencyA.id!]?.protected)
            #expect(sums[fixtures.agencyA.id!]?.total == expected.count)
        }
    }

    @Test("the API rolls units up into agencies and the province, within the caller's scope only")
    func api() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            try await host(app, fixtures.agencyA, "a-ok", reportedDaysAgo: 0.1, now: now)
            try await host(app, fixtures.agencyA, "a-silent", reportedDaysAgo: 5, now: now)
            try await host(app, fixtures.unitA1, "u-ok", reportedDaysAgo: 0.1, now: now)
            try await host(app, fixtures.unitA1, "u-old", reportedDaysAgo: 0.1, signatureDaysAgo: 30, now: now)
            try await host(app, fixtures.agencyB, "b-off", reportedDaysAgo: 0.1, realTime: false, now: now)
            struct Body: Decodable {
                struct Org: Decodable { let id: String; let total: Int; let protected: Int; let percent: Double }
                let total: Int
                let protected: Int
                let percent: Double
                let byReason: [String: Int]
                let byOrganisation: [Org]
            }
            let focal = try await app.token(for: fixtures.user("focal_point"))
            let agency = try await app.api(.GET, "/api/v1/coverage", token: focal).content.decode(Body.self)
            #expect(agency.total == 4 && agency.protected == 2 && agency.percent == 50)
            #expect(agency.byReason == ["not_reported": 1, "signatures_old": 1])
            #expect(agency.byOrganisation.first { $0.id == fixtures.unitA1.id!.uuidString.lowercased() }?.total == 2)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let province = try await app.api(.GET, "/api/v1/coverage", token: coordinator).content.decode(Body.self)
            #expect(province.total == 5 && province.protected == 2 && province.percent == 40)
            let unit = try await app.api(.GET, "/api/v1/coverage?org=\(fixtures.unitA1.id!.uuidString)", token: focal).content.decode(Body.self)
            #expect(unit.total == 2 && unit.percent == 50)
            // Agency A's focal point cannot look at agency B; a reporter sees no coverage at all.
            #expect(try await app.api(.GET, "/api/v1/coverage?org=\(fixtures.agencyB.id!.uuidString)", token: focal).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/coverage?org=nonsense", token: focal).status == .unprocessableEntity)
            #expect(try await app.api(.GET, "/api/v1/coverage", token: try await app.token(for: fixtures.user("reporter"))).status == .forbidden)

            try await app.vigilServices.coverage.snapshot(on: app.db, now: now)
            let page = try await app.get("/assets/coverage", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("50.0%") && page.text.contains("a-silent") && page.text.contains("u-old") && !page.text.contains("b-off"))
            #expect(page.text.contains("<svg") && page.text.contains("polyline"))
        }
    }
}

@Suite("Host lists")
struct HostListTests {
    @Test("the list filters by verdict, organisation and text, pages by cursor, and stays in scope; a host's page shows its state")
    func lists() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let tokenA = try await app.enrolmentToken(for: fixtures.agencyA)
            let tokenUnit = try await app.enrolmentToken(for: fixtures.unitA1)
            let tokenB = try await app.enrolmentToken(for: fixtures.agencyB)
            let now = Date().addingTimeInterval(-5)
            for index in 0..<5 {
                _ = try await app.checkIn(checkInJSON(machine: "a\(index)", hostname: "sxd-ws-\(index)", sentAt: now, realTime: index % 2 == 0), token: tokenA)
            }
            _ = try await app.checkIn(checkInJSON(machine: "u1", hostname: "unit-ws-1", sentAt: now, product: nil), token: tokenUnit)
            _ = try await app.checkIn(checkInJSON(machine: "b1", hostname: "syt-ws-1", sentAt: now), token: tokenB)
            struct Page: Decodable {
                struct Host: Decodable { struct Protection: Decodable { let status: String; let reason: String? }; let hostname: String; let protection: Protection }
                let items: [Host]
                let nextCursor: String?
            }
            let focal = try await app.token(for: fixtures.user("focal_point"))
            func names(_ query: String) async throws -> [String] {
                try await app.api(.GET, "/api/v1/hosts?\(query)", token: focal).content.decode(Page.self).items.map(\.hostname)
            }
            #expect(try await names("") == ["sxd-ws-0", "sxd-ws-1", "sxd-ws-2", "sxd-ws-3", "sxd-ws-4", "unit-ws-1"])
            #expect(try await names("status=real_time_off") == ["sxd-ws-1", "sxd-ws-3"])
            #expect(try await names("status=unprotected") == ["sxd-ws-1", "sxd-ws-3", "unit-ws-1"])
            #expect(try await names("status=protected") == ["sxd-ws-0", "sxd-ws-2", "sxd-ws-4"])
            #expect(try await names("org=\(fixtures.unitA1.id!.uuidString)") == ["unit-ws-1"])
            #expect(try await names("q=WS-3") == ["sxd-ws-3"])
            let first = try await app.api(.GET, "/api/v1/hosts?limit=4", token: focal).content.decode(Page.self)
            let cursor = try #require(first.nextCursor)
            let second = try await app.api(.GET, "/api/v1/hosts?limit=4&cursor=\(cursor)", token: focal).content.decode(Page.self)
            #expect(first.items.map(\.hostname) + second.items.map(\.hostname) == ["sxd-ws-0", "sxd-ws-1", "sxd-ws-2", "sxd-ws-3", "sxd-ws-4", "unit-ws-1"])
            #expect(try await app.api(.GET, "/api/v1/hosts?org=\(fixtures.agencyB.id!.uuidString)", token: focal).status == .unprocessableEntity)
            #expect(try await app.api(.GET, "/api/v1/hosts?status=fine", token: focal).status == .unprocessableEntity)

            let session = try await app.signIn(fixtures.user("focal_point"))
            let page = try await app.get("/assets/hosts?status=unprotected", headers: session.headers)
            #expect(page.status == .ok && page.text.contains("sxd-ws-1") && !page.text.contains("sxd-ws-0"))
            let host = try #require(try await HostRecord.query(on: app.db).filter(\.$hostname == "sxd-ws-1").first())
            let detail = try await app.get("/assets/hosts/\(host.id!.uuidString)", headers: session.headers)
            #expect(detail.status == .ok && detail.text.contains("ClamAV") && detail.text.contains("openssl"))
            let foreign = try #require(try await HostRecord.query(on: app.db).filter(\.$hostname == "syt-ws-1").first())
            #expect(try await app.get("/assets/hosts/\(foreign.id!.uuidString)", headers: session.headers).status == .notFound)
        }
    }

    @Test("the protection windows are settings: the root administrator changes them on the settings page, the verdicts follow")
    func windows() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = Date()
            try await CoverageTests().host(app, fixtures.agencyA, "old-signatures", reportedDaysAgo: 1, signatureDaysAgo: 10, now: now)
            let token = try await app.token(for: fixtures.user("root_admin"))
            struct Coverage: Decodable { let total: Int; let protected: Int }
            let before = try await app.api(.GET, "/api/v1/coverage", token: token).content.decode(Coverage.self)
            #expect(before.total == 1 && before.protected == 0, "10-day-old signatures are too old by default")

            let admin = try await app.signIn(fixtures.user("root_admin"))
            #expect(try await app.get("/settings", headers: admin.headers).text.contains("name=\"max_signature_age_days\" type=\"number\""))
            let refused = try await app.post("/settings", session: admin, form: ["max_signature_age_days": "0", "max_silence_days": "abc"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("signature-error") && refused.text.contains("silence-error"))
            #expect(try await app.post("/settings", session: admin, form: ["max_signature_age_days": "14", "max_silence_days": "5"]).status == .seeOther)
            let policy = try await app.vigilServices.settings.protectionPolicy(on: app.db)
            #expect(policy == ProtectionPolicy(maxSignatureAgeDays: 14, maxSilenceDays: 5))
            let after = try await app.api(.GET, "/api/v1/coverage", token: token).content.decode(Coverage.self)
            #expect(after.protected == 1)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "settings.update").count() == 1)

            let agencyAdmin = try await app.signIn(fixtures.user("admin"))
            #expect(try await app.post("/settings", session: agencyAdmin, form: ["max_signature_age_days": "30"]).status == .forbidden)

            // Remediation deadlines are settings too, and new findings follow them.
            #expect(try await app.post("/settings", session: admin, form: ["remediation_high": "0"]).status == .unprocessableEntity)
            #expect(try await app.post("/settings", session: admin, form: ["remediation_high": "7", "remediation_low": "120"]).status == .seeOther)
            let remediation = try await app.vigilServices.settings.remediationPolicy(on: app.db)
            #expect(remediation.days[.high] == 7 && remediation.days[.low] == 120 && remediation.days[.critical] == 3)
            #expect(try await app.get("/settings", headers: admin.headers).text.contains("name=\"remediation_high\" type=\"number\" inputmode=\"numeric\" min=\"1\" max=\"365\" value=\"7\""))
        }
    }
}
