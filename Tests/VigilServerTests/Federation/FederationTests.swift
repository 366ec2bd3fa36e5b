import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Reporting between installations, through the router: pairing checked, the door refusing what
/// is not signed by a paired key (and logging it), received incidents shown within scope only,
/// acknowledging queuing the signed acknowledgement back. Two real processes exchanging messages:
/// Tests/cli/test_federation.py.
@Suite("Federation")
struct FederationTests {
    /// A downstream installation of the tests' own: its key and the peer record for it.
    struct Sender {
        let key: Curve25519.Signing.PrivateKey
        let installation: UUID
        let peer: FederationPeerRecord
        let receiver: UUID

        func signed(_ message: FederationMessage) throws -> (Data, String) {
            let body = try message.encoded()
            return (body, "ed25519=" + (try key.signature(for: body)).base64EncodedString())
        }

        func notification(reference: String = "KT-2026-0001", title: String = "Mã độc trên máy trạm", id: UUID = UUID(),
                          sentAt: Date = Date()) -> FederationMessage {
            FederationMessage(id: UUID(), type: .notification, from: installation, to: receiver, sentAt: sentAt, incident: .init(
                id: id, reference: reference, title: title, organisation: "Đơn vị kiểm thử", description: "Máy trạm kế toán", status: "received",
                causeGroup: nil, scenario: "malware", severity: nil, serious: false, systemName: nil, discoveredAt: sentAt.addingTimeInterval(-3600),
                occurredAt: nil, notifiedAt: nil, closedAt: nil, sentBy: "tester", contact: nil))
        }
    }

    static func sender(_ app: Application, organisation: UUID, direction: FederationPeerRecord.Direction = .downstream) async throws -> Sender {
        let key = Curve25519.Signing.PrivateKey()
        let peer = FederationPeerRecord()
        peer.id = UUID()
        peer.createdAt = Date()
        peer.createdBy = "tests"
        peer.name = "Kiểm thử \(AccessMatrixTests.marker)"
        peer.directionText = direction.rawValue
        peer.url = "http://127.0.0.1:9"
        peer.installationID = UUID()
        peer.publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        peer.organisationID = organisation
        try await peer.create(on: app.db)
        let (identity, _) = try await app.vigilServices.federation.identity(on: app.db)
        return Sender(key: key, installation: peer.installationID, peer: peer, receiver: identity.id!)
    }

    static func post(_ app: Application, _ body: Data, signature: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let signature { headers.replaceOrAdd(name: "X-Vigil-Signature", value: signature) }
        return try await app.testing().sendRequest(.POST, "/api/v1/federation/messages", headers: headers, body: ByteBuffer(data: body))
    }

    /// A DOCX's first bytes are a zip's: enough for the door's check.
    static let docx = Data([0x50, 0x4b, 0x03, 0x04] + Array("word/document.xml BÁO CÁO".utf8))

    /// For the access matrix: two downstream peers of the organisation, a received incident with a
    /// notification and a report.
    static func world(_ app: Application, organisation: UUID) async throws -> [String: String] {
        let sender = try await sender(app, organisation: organisation)
        let second = try await Self.sender(app, organisation: organisation)
        let incident = UUID()
        let (body, signature) = try sender.signed(sender.notification(reference: "\(AccessMatrixTests.marker)-1", id: incident))
        #expect(try await post(app, body, signature: signature).status == .accepted)
        var report = sender.notification(reference: "\(AccessMatrixTests.marker)-1", id: incident)
        report.type = .report
        report.report = .init(id: UUID(), kind: "initial", title: "Báo cáo ban đầu", issuedAt: Date(), issuedBy: "tester", recipients: "Sở",
                              sha256: Secrets.hex(SHA256.hash(data: docx)), document: docx)
        let (reportBody, reportSignature) = try sender.signed(report)
        #expect(try await post(app, reportBody, signature: reportSignature).status == .accepted)
        let received = try #require(try await FederationReceivedIncidentRecord.query(on: app.db).filter(\.$remoteID == incident).first())
        let messages = try await FederationInboundRecord.query(on: app.db).filter(\.$receivedIncidentID == received.id!).all()
        let notification = try #require(messages.first { $0.type == "incident.notification" })
        let withDocument = try #require(messages.first { $0.reportSHA256 != nil })
        return ["peerID": sender.peer.id!.uuidString, "apiPeerID": second.peer.id!.uuidString, "receivedID": received.id!.uuidString,
                "messageID": notification.id!.uuidString, "reportMessageID": withDocument.id!.uuidString]
    }

    @Test("a signed message is kept once, with a receipt signed by this installation; a retry is answered, not kept again")
    func receives() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let sender = try await Self.sender(app, organisation: try fixtures.agencyA.requireID())
            let message = sender.notification()
            let (body, signature) = try sender.signed(message)
            let first = try await Self.post(app, body, signature: signature)
            #expect(first.status == .accepted)
            let (identity, _) = try await app.vigilServices.federation.identity(on: app.db)
            let receiptSignature = try #require(first.headers.first(name: "X-Vigil-Signature"))
            #expect(FederationKeys.verify(Data(first.body.readableBytesView), header: receiptSignature, publicKey: identity.publicKey))
            let receipt = try #require(FederationReceipt.decode(Data(first.body.readableBytesView)))
            #expect(receipt.id == message.id && receipt.receiver == identity.id && !receipt.duplicate)
            #expect(first.body.string.contains(message.id.uuidString.lowercased()))

            let again = try await Self.post(app, body, signature: signature)
            #expect(again.status == .ok)
            #expect(try await FederationInboundRecord.query(on: app.db).count() == 1)
            #expect(try await FederationReceivedIncidentRecord.query(on: app.db).count() == 1)
            let stored = try #require(try await FederationInboundRecord.query(on: app.db).first())
            #expect(stored.body == String(decoding: body, as: UTF8.self) && stored.signature == signature)
        }
    }

    @Test("unsigned, tampered, foreign-key, unknown, misaddressed, wrong-direction and malformed messages are refused, logged, and nothing is kept")
    func refuses() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let sender = try await Self.sender(app, organisation: try fixtures.agencyA.requireID())
            let (body, signature) = try sender.signed(sender.notification())
            var cases: [(String, TestingHTTPResponse, HTTPStatus)] = []
            cases.append(("unsigned", try await Self.post(app, body, signature: nil), .unauthorized))
            let tampered = Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "KT-2026-0001", with: "KT-2026-0666").utf8)
            cases.append(("bad_signature", try await Self.post(app, tampered, signature: signature), .unauthorized))
            let other = Curve25519.Signing.PrivateKey()
            cases.append(("bad_signature", try await Self.post(app, body, signature: "ed25519=" + (try other.signature(for: body)).base64EncodedString()),
                          .unauthorized))
            var stranger = sender.notification()
            stranger.from = UUID()
            let (strangerBody, strangerSignature) = try sender.signed(stranger)
            cases.append(("unknown_installation", try await Self.post(app, strangerBody, signature: strangerSignature), .forbidden))
            var elsewhere = sender.notification()
            elsewhere.to = UUID()
            let (elsewhereBody, elsewhereSignature) = try sender.signed(elsewhere)
            cases.append(("wrong_recipient", try await Self.post(app, elsewhereBody, signature: elsewhereSignature), .unprocessableEntity))
            // A downstream installation may not send acknowledgements.
            let acknowledgement = FederationMessage(id: UUID(), type: .acknowledgement, from: sender.installation, to: sender.receiver, sentAt: Date(),
                                                    acknowledgement: .init(messageId: UUID(), acknowledgedAt: Date(), acknowledgedBy: "x", note: nil))
            let (ackBody, ackSignature) = try sender.signed(acknowledgement)
            cases.append(("not_allowed", try await Self.post(app, ackBody, signature: ackSignature), .forbidden))
            cases.append(("invalid_message", try await Self.post(app, Data("{\"version\":1}".utf8), signature: signature), .badRequest))
            var noIncident = sender.notification()
            noIncident.incident = nil
            let (noIncidentBody, noIncidentSignature) = try sender.signed(noIncident)
            cases.append(("invalid_message", try await Self.post(app, noIncidentBody, signature: noIncidentSignature), .badRequest))
            for (code, response, status) in cases {
                #expect(response.status == status, "\(code): \(response.status)")
                #expect(response.errorCode == code, "\(code): \(response.body.string)")
            }
            #expect(try await FederationInboundRecord.query(on: app.db).count() == 0)
            #expect(try await FederationReceivedIncidentRecord.query(on: app.db).count() == 0)
            let refusals = try await FederationRefusalRecord.query(on: app.db).all()
            #expect(refusals.map(\.reason).sorted() == cases.map(\.0).sorted())
            // Anonymous posts do not grow the audit chain: the refusals' log is their record.
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action ~~ ["federation.message.receive", "federation.message.refuse"]).count() == 0)
            // The refusals are the root administrator's to read.
            let listed = try await app.api(.GET, "/api/v1/federation/refusals", token: try await app.token(for: fixtures.user("root_admin")))
            #expect(listed.status == .ok && listed.body.string.contains("bad_signature"))
        }
    }

    @Test("a received incident is seen within the scope of its organisation only; acknowledging queues the signed acknowledgement back")
    func scopeAndAcknowledgement() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let sender = try await Self.sender(app, organisation: try fixtures.agencyA.requireID())
            let message = sender.notification()
            let (body, signature) = try sender.signed(message)
            #expect(try await Self.post(app, body, signature: signature).status == .accepted)
            let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
            let listed = try await app.api(.GET, "/api/v1/federation/received", token: coordinator)
            #expect(listed.status == .ok && listed.body.string.contains("KT-2026-0001"))
            let outsider = try await app.api(.GET, "/api/v1/federation/received", token: try await app.token(for: fixtures.user("b_responder")))
            #expect(!outsider.body.string.contains("KT-2026-0001"))
            let received = try #require(try await FederationReceivedIncidentRecord.query(on: app.db).first())
            #expect(try await app.api(.GET, "/api/v1/federation/received/\(received.id!)", token: try await app.token(for: fixtures.user("b_responder"))).status == .notFound)
            let page = try await app.get("/federation/received/\(received.id!)", headers: try await app.signIn(fixtures.user("root_coordinator")).headers)
            #expect(page.status == .ok && page.body.string.contains("Mã độc trên máy trạm") && page.body.string.contains("data-testid=\"acknowledge\""))
            // Beside the incidents of the agencies sharing this server, on the coordinator's incident list.
            let list = try await app.get("/incidents", headers: try await app.signIn(fixtures.user("root_coordinator")).headers)
            #expect(list.status == .ok && list.body.string.contains("data-testid=\"received-incidents\"") && list.body.string.contains("KT-2026-0001"))

            let inbound = try #require(try await FederationInboundRecord.query(on: app.db).first())
            let acknowledged = try await app.api(.POST, "/api/v1/federation/inbound/\(inbound.id!)/acknowledge", token: coordinator, json: #"{"note":"Đã tiếp nhận"}"#)
            #expect(acknowledged.status == .ok && acknowledged.body.string.contains("acknowledgedAt"))
            let back = try #require(try await FederationOutboundRecord.query(on: app.db).first())
            #expect(back.type == "acknowledgement" && back.peerID == sender.peer.id && back.status == .pending)
            let (identity, _) = try await app.vigilServices.federation.identity(on: app.db)
            #expect(FederationKeys.verify(Data(back.body.utf8), header: back.signature, publicKey: identity.publicKey))
            let decoded = try FederationMessage.decode(Data(back.body.utf8))
            #expect(decoded.acknowledgement?.messageId == message.id && decoded.to == sender.installation && decoded.acknowledgement?.note == "Đã tiếp nhận")
            // Once only.
            #expect(try await app.api(.POST, "/api/v1/federation/inbound/\(inbound.id!)/acknowledge", token: coordinator).status == .ok)
            #expect(try await FederationOutboundRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("pairing checks every field: the key, the id (not this installation's), the address (no private one unless allowed), the organisation")
    func pairing() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.token(for: fixtures.user("root_admin"))
            let identity = try await app.api(.GET, "/api/v1/federation/identity", token: admin)
            struct Identity: Decodable { let installationId: String; let publicKey: String }
            let own = try identity.content.decode(Identity.self)
            let bad = try await app.api(.POST, "/api/v1/federation/peers", token: admin, json: """
                {"name": "", "direction": "sideways", "url": "http://10.0.0.5", "installationId": "\(own.installationId)", "publicKey": "abc"}
                """)
            #expect(bad.status == .unprocessableEntity)
            for field in ["name", "direction", "url", "installationId", "publicKey"] { #expect(bad.body.string.contains("\"\(field)\""), "\(field)") }
            let key = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
            let good = """
                {"name": "Vigil tỉnh", "direction": "upstream", "url": "https://vigil.example.gov.vn/", "installationId": "\(UUID())", "publicKey": "\(key)"}
                """
            let created = try await app.api(.POST, "/api/v1/federation/peers", token: admin, json: good)
            #expect(created.status == .created && created.body.string.contains("https://vigil.example.gov.vn\""))
            #expect(try await app.api(.POST, "/api/v1/federation/peers", token: admin, json: good).status == .conflict)
            let page = try await app.get("/federation", headers: try await app.signIn(fixtures.user("root_admin")).headers)
            #expect(page.status == .ok && page.body.string.contains(own.publicKey) && page.body.string.contains("Vigil tỉnh"))
        }
    }

    @Test("an incident goes only to an upstream installation paired for its organisation or one above, and only as its own report")
    func sending() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let focal = try await app.token(for: fixtures.user("focal_point"))
            struct Created: Decodable { let id: String }
            let incident = try await app.api(.POST, "/api/v1/incidents", token: focal, json: """
                {"title": "Trang web bị thay đổi", "description": "x", "discoveredAt": "\(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600)))"}
                """).content.decode(Created.self).id
            let up = try await Self.sender(app, organisation: try fixtures.root.requireID(), direction: .upstream)
            let down = try await Self.sender(app, organisation: try fixtures.root.requireID(), direction: .downstream)
            let elsewhere = try await Self.sender(app, organisation: try fixtures.agencyB.requireID(), direction: .upstream)
            for peer in [down.peer, elsewhere.peer] {
                let refused = try await app.api(.POST, "/api/v1/incidents/\(incident)/transmissions", token: focal, json: #"{"peerId": "\#(peer.id!)"}"#)
                #expect(refused.status == .unprocessableEntity && refused.errorCode == "unknown_peer")
            }
            let unknownReport = try await app.api(.POST, "/api/v1/incidents/\(incident)/transmissions", token: focal,
                                                  json: #"{"peerId": "\#(up.peer.id!)", "reportId": "\#(UUID())"}"#)
            #expect(unknownReport.errorCode == "unknown_report")
            let sent = try await app.api(.POST, "/api/v1/incidents/\(incident)/transmissions", token: focal, json: #"{"peerId": "\#(up.peer.id!)"}"#)
            #expect(sent.status == .created)
            let record = try #require(try await FederationOutboundRecord.query(on: app.db).first())
            let message = try FederationMessage.decode(Data(record.body.utf8))
            #expect(message.to == up.installation && message.incident?.title == "Trang web bị thay đổi" && message.incident?.organisation == "Sở Xây dựng")
            let page = try await app.get("/incidents/\(incident)/upward", headers: try await app.signIn(fixtures.user("focal_point")).headers)
            #expect(page.status == .ok && page.body.string.contains(up.peer.name))
        }
    }
}
