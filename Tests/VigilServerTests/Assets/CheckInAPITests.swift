import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

extension Application {
    func enrolmentToken(for organisation: OrganisationRecord) async throws -> String {
        try await EnrolmentActions.issue(vigilServices.enrolmentTokens, organisationID: try organisation.requireID(), name: "agents",
                                         actor: .commandLine, createdBy: "tests", on: db).token
    }

    func checkIn(_ json: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        headers.contentType = .json
        return try await testing().sendRequest(.POST, "/api/v1/checkins", headers: headers, body: ByteBuffer(string: json))
    }
}

/// A check-in document as the Linux agent sends it.
func checkInJSON(machine: String, hostname: String = "ws-01", sentAt: Date, realTime: Bool = true, enabled: Bool = true,
                 signatureAge: TimeInterval = 3600, software: [String] = ["openssl 3.0.15"], product: String? = "ClamAV") -> String {
    let iso = ISO8601DateFormatter()
    let packages = software.map { entry -> String in
        let parts = entry.split(separator: " ")
        return #"{"name": "\#(parts[0])", "version": "\#(parts.count > 1 ? String(parts[1]) : "")"}"#
    }.joined(separator: ",")
    let antimalware = product.map {
        #"[{"product": "\#($0)", "version": "1.0.7", "enabled": \#(enabled), "realTime": \#(realTime), "managed": true, "signatureDate": "\#(iso.string(from: sentAt.addingTimeInterval(-signatureAge)))"}]"#
    } ?? "[]"
    return """
        {"machineId": "\(machine)", "hostname": "\(hostname)", "sentAt": "\(iso.string(from: sentAt))", "addresses": ["10.20.1.15"],
         "os": {"name": "Debian GNU/Linux", "version": "12"}, "role": "workstation", "software": [\(packages)], "antimalware": \(antimalware)}
        """
}

@Suite("Check-ins")
struct CheckInAPITests {
    struct Answer: Decodable {
        struct Protection: Decodable { let status: String; let reason: String? }
        let hostId: String
        let created: Bool
        let protection: Protection
    }

    @Test("a check-in creates the host, a later one updates it by machine id; a replay changes nothing")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.enrolmentToken(for: fixtures.agencyA)
            let first = Date().addingTimeInterval(-60)
            let created = try await app.checkIn(checkInJSON(machine: "4c4c4544-0042", sentAt: first), token: token)
            #expect(created.status == .created)
            let answer = try created.content.decode(Answer.self)
            #expect(answer.created && answer.protection.status == "protected")
            // Renamed, re-addressed, real-time protection turned off, a package upgraded.
            let later = try await app.checkIn(checkInJSON(machine: "4c4c4544-0042", hostname: "ws-ketoan-01", sentAt: first.addingTimeInterval(30),
                                                          realTime: false, software: ["openssl 3.0.16", "curl 7.88"]), token: token)
            #expect(later.status == .ok)
            let updated = try later.content.decode(Answer.self)
            #expect(updated.hostId == answer.hostId && !updated.created && updated.protection.reason == "real_time_off")
            let replay = try await app.checkIn(checkInJSON(machine: "4c4c4544-0042", hostname: "forged", sentAt: first), token: token)
            #expect(replay.status == .conflict && replay.errorCode == "replayed_checkin")

            // The package lists become rows outside the check-ins' transactions.
            #expect(try await SoftwareIndex().run(on: app.db) == 1)
            #expect(try await SoftwareIndex().run(on: app.db) == 0)
            let hosts = try await HostRecord.query(on: app.db).all()
            #expect(hosts.count == 1)
            #expect(hosts[0].hostname == "ws-ketoan-01" && !hosts[0].avRealTime && hosts[0].$organisation.id == fixtures.agencyA.id)
            let software = try await HostSoftwareRecord.query(on: app.db).all().map { "\($0.name) \($0.version)" }.sorted()
            #expect(software == ["curl 7.88", "openssl 3.0.16"])
            #expect(try await HostStateRecord.query(on: app.db).count() == 2, "the first state, then the change")
        }
    }

    @Test("bad tokens, bad documents, the wrong type and oversized bodies are refused with clear errors and change nothing")
    func refusals() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.enrolmentToken(for: fixtures.agencyA)
            let now = Date()
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: now), token: nil).status == .unauthorized)
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: now), token: "vge_unknown").errorCode == "invalid_enrolment_token")
            // A user's API token is not an enrolment token.
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: now), token: try await app.token(for: fixtures.user("admin"))).status == .unauthorized)
            let malformed = try await app.checkIn(#"{"machineId": 42}"#, token: token)
            #expect(malformed.status == .badRequest && malformed.errorCode == "malformed_checkin" && malformed.text.contains("machineId"))
            let invalid = try await app.checkIn(checkInJSON(machine: "has spaces", sentAt: now.addingTimeInterval(86_400)), token: token)
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("machineId") && invalid.text.contains("sentAt"))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            headers.contentType = .plainText
            #expect(try await app.testing().sendRequest(.POST, "/api/v1/checkins", headers: headers, body: ByteBuffer(string: "hi")).status == .unsupportedMediaType)
            let huge = checkInJSON(machine: "m1", sentAt: now, software: (0..<40_000).map { "package-\($0) 1.0" })
            #expect(try await app.checkIn(huge, token: token).status == .payloadTooLarge)
            #expect(try await HostRecord.query(on: app.db).count() == 0)

            let record = try #require(try await EnrolmentTokenRecord.query(on: app.db).first())
            try await EnrolmentActions.revoke(app.vigilServices.enrolmentTokens, record, actor: .commandLine, on: app.db)
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: now), token: token).status == .unauthorized)
            #expect(try await HostRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("many agents at once: every check-in gets its own answer and lands once")
    func concurrent() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let tokenA = try await app.enrolmentToken(for: fixtures.agencyA)
            let tokenB = try await app.enrolmentToken(for: fixtures.agencyB)
            let now = Date().addingTimeInterval(-10)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        // The same machine id in two agencies is two hosts.
                        try await app.checkIn(checkInJSON(machine: "machine-\(index % 150)", sentAt: now), token: index < 150 ? tokenA : tokenB).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            #expect(try await HostRecord.query(on: app.db).count() == 300)
            #expect(try await HostRecord.query(on: app.db).filter(\.$organisation.$id == fixtures.agencyB.requireID()).count() == 150)
        }
    }
}

@Suite("Enrolment tokens page")
struct EnrolmentPageTests {
    /// The token shown once on the page.
    func token(in page: TestingHTTPResponse) -> String? {
        guard let range = page.text.range(of: #"data-testid="enrolment-token">"#) else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "<" })
    }

    @Test("create shows the token once and it works; rotate replaces it; revoke stops it; another agency's token is not found")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("focal_point"))
            let created = try await app.post("/assets/enrolment", session: session,
                                             form: ["organisation": fixtures.unitA1.id!.uuidString.lowercased(), "name": "Máy trạm phòng Kế toán"])
            let first = try #require(token(in: created))
            #expect(first.hasPrefix("vge_") && created.text.contains("vigil-agent.sh --url"))
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: Date().addingTimeInterval(-5)), token: first).status == .created)
            #expect(try await HostRecord.query(on: app.db).first()?.$organisation.id == fixtures.unitA1.id)
            let listing = try await app.get("/assets/enrolment", headers: session.headers)
            #expect(!listing.text.contains(first), "never shown again")

            let record = try #require(try await EnrolmentTokenRecord.query(on: app.db).first())
            let rotated = try await app.post("/assets/enrolment/\(record.id!.uuidString)/rotate", session: session, form: [:])
            let second = try #require(token(in: rotated))
            #expect(second != first)
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: Date()), token: first).status == .unauthorized)
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: Date()), token: second).status == .ok)

            let current = try #require(try await EnrolmentTokenRecord.query(on: app.db).filter(\.$revokedAt == nil).first())
            #expect(try await app.post("/assets/enrolment/\(current.id!.uuidString)/revoke", session: session, form: [:]).status == .seeOther)
            #expect(try await app.checkIn(checkInJSON(machine: "m1", sentAt: Date().addingTimeInterval(1)), token: second).status == .unauthorized)

            _ = try await app.enrolmentToken(for: fixtures.agencyB)
            let other = try #require(try await EnrolmentTokenRecord.query(on: app.db).filter(\.$organisation.$id == fixtures.agencyB.requireID()).first())
            #expect(try await app.post("/assets/enrolment/\(other.id!.uuidString)/revoke", session: session, form: [:]).status == .notFound)
            #expect(try await app.post("/assets/enrolment", session: session,
                                       form: ["organisation": fixtures.agencyB.id!.uuidString, "name": "x"]).status == .unprocessableEntity)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action ~~ ["enrolment_token.create", "enrolment_token.revoke"]).count() == 5)
        }
    }

    @Test("a token revoked on another process is refused at once, though this process has it cached")
    func revokedElsewhere() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await app.enrolmentToken(for: fixtures.agencyA)
            let sent = Date().addingTimeInterval(-60)
            #expect(try await app.checkIn(checkInJSON(machine: "m-cached", sentAt: sent), token: token).status == .created)
            // Another process revokes it: the row changes; this process's cache does not know.
            let record = try #require(try await EnrolmentTokenRecord.query(on: app.db).first())
            record.revokedAt = Date()
            try await record.update(on: app.db)
            let refused = try await app.checkIn(checkInJSON(machine: "m-cached", hostname: "renamed", sentAt: sent.addingTimeInterval(10)), token: token)
            #expect(refused.status == .unauthorized)
            #expect(try await HostRecord.query(on: app.db).all().map(\.hostname) == ["ws-01"], "nothing written")
            #expect(try await app.checkIn(checkInJSON(machine: "m-new", sentAt: sent.addingTimeInterval(20)), token: token).status == .unauthorized)
        }
    }
}
