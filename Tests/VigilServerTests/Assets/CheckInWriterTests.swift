import Fluent
import Foundation
import Testing
import VigilCore
@testable import VigilServer

@Suite("Check-in writer")
struct CheckInWriterTests {
    func item(_ json: String, organisation: UUID, at now: Date, token: UUID) throws -> CheckInWriter.Item {
        let document = try Array(json.utf8).withUnsafeBytes { try CheckInDocument.decode(json: $0) }
        return try CheckInWriter.Item(document, organisationID: organisation, tokenID: token, receivedAt: now)
    }

    @Test("one batch: new and known hosts, a host twice, a replay, an omitted role kept; the last report wins")
    func batch() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let organisation = try fixtures.agencyA.requireID()
            // A live enrolment token: the writer refuses check-ins whose token is revoked or gone.
            _ = try await app.enrolmentToken(for: fixtures.agencyA)
            let token = try #require(try await EnrolmentTokenRecord.query(on: app.db).first()).requireID()
            let now = Date()
            let first = now.addingTimeInterval(-120)
            var server = checkInJSON(machine: "known-1", hostname: "db-01", sentAt: first)
            server = server.replacingOccurrences(of: #""role": "workstation""#, with: #""role": "server""#)
            let seeded = try await CheckInWriter.write([try item(server, organisation: organisation, at: first, token: token)],
                                                       policy: .standard, on: app.db)
            guard case .created(let knownID, _)? = seeded.first else { Issue.record("not created: \(seeded)"); return }

            // The known host reports twice (the second time without a role and with real-time off),
            // once more with an old time (a replay); a new host reports twice.
            let withoutRole = checkInJSON(machine: "known-1", hostname: "db-01-renamed", sentAt: first.addingTimeInterval(60), realTime: false)
                .replacingOccurrences(of: #", "role": "workstation""#, with: "")
            let batch = [
                try item(checkInJSON(machine: "known-1", hostname: "db-01-a", sentAt: first.addingTimeInterval(30)), organisation: organisation, at: now, token: token),
                try item(checkInJSON(machine: "new-1", hostname: "ws-new", sentAt: first.addingTimeInterval(10)), organisation: organisation, at: now, token: token),
                try item(withoutRole, organisation: organisation, at: now, token: token),
                try item(checkInJSON(machine: "known-1", hostname: "forged", sentAt: first.addingTimeInterval(20)), organisation: organisation, at: now, token: token),
                try item(checkInJSON(machine: "new-1", hostname: "ws-new-renamed", sentAt: first.addingTimeInterval(40)), organisation: organisation, at: now, token: token),
            ]
            let outcomes = try await CheckInWriter.write(batch, policy: .standard, on: app.db)
            #expect(outcomes.count == 5)
            guard case .updated(knownID, _) = outcomes[0], case .created(let newID, _) = outcomes[1],
                  case .updated(knownID, let verdict) = outcomes[2], outcomes[3] == .replayed,
                  case .updated(newID, _) = outcomes[4] else {
                Issue.record("unexpected outcomes \(outcomes)")
                return
            }
            #expect(verdict.reason?.code == "real_time_off")
            let known = try #require(try await HostRecord.find(knownID, on: app.db))
            #expect(known.hostname == "db-01-renamed" && known.role == "server")
            // The package list did not change: the stored one is kept, not blanked.
            #expect(known.software == "openssl\t\t3.0.15")
            #expect(abs((known.lastSentAt ?? .distantPast).timeIntervalSince(first.addingTimeInterval(60))) < 1)
            let new = try #require(try await HostRecord.find(newID, on: app.db))
            #expect(new.hostname == "ws-new-renamed" && new.role == "workstation")
            #expect(try await HostRecord.query(on: app.db).count() == 2)
            // History: the seed, the known host's change of state (real-time off), the new host.
            #expect(try await HostStateRecord.query(on: app.db).count() == 3)
        }
    }
}
