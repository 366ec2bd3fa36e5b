import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// A multipart/form-data body, as a browser or `curl -F` sends it.
struct Multipart {
    let boundary = "vigil-test-\(UUID().uuidString)"
    var parts: [(name: String, filename: String?, data: Data)] = []

    mutating func field(_ name: String, _ value: String) { parts.append((name, nil, Data(value.utf8))) }
    mutating func file(_ name: String, _ filename: String, _ data: Data) { parts.append((name, filename, data)) }

    var body: ByteBuffer {
        var data = Data()
        for part in parts {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"".utf8))
            if let filename = part.filename {
                data.append(Data("; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream".utf8))
            }
            data.append(Data("\r\n\r\n".utf8))
            data.append(part.data)
            data.append(Data("\r\n".utf8))
        }
        data.append(Data("--\(boundary)--\r\n".utf8))
        return ByteBuffer(data: data)
    }

    func headers(_ base: HTTPHeaders = [:]) -> HTTPHeaders {
        var headers = base
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return headers
    }
}

extension Application {
    func upload(_ path: String, token: String, _ form: Multipart) async throws -> TestingHTTPResponse {
        var headers = form.headers()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return try await testing().sendRequest(.POST, path, headers: headers, body: form.body)
    }

    func reportIncident(as user: UserRecord) async throws -> String {
        let response = try await api(.POST, "/api/v1/incidents", token: try await token(for: user), json: """
            {"title": "Trang web bị thay đổi giao diện", "description": "Trang chủ hiển thị nội dung lạ.", "discoveredAt": "2026-11-20T08:30:00Z"}
            """)
        struct Created: Decodable { let id: String }
        return try response.content.decode(Created.self).id
    }
}

@Suite("Evidence")
struct EvidenceTests {
    let log = Data("2026-11-20 08:31 GET /index.php?cmd=whoami 185.220.101.4\n".utf8)

    struct Listing: Decodable {
        struct Item: Decodable {
            struct Custody: Decodable { let action: String; let actor: String }
            let id: String
            let filename: String
            let sha256: String
            let sizeBytes: Int
            let custody: [Custody]
        }
        let items: [Item]
    }

    @Test("upload, list with custody, download re-checked; an altered file is refused and logged")
    func lifecycle() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let responder = try await app.token(for: fixtures.user("responder"))
            var form = Multipart()
            form.file("file", "/home/an/access.log", log)
            form.field("description", "Nhật ký máy chủ web")
            let created = try await app.upload("/api/v1/incidents/\(id)/evidence", token: responder, form)
            #expect(created.status == .created)
            let listing = try await app.api(.GET, "/api/v1/incidents/\(id)/evidence", token: responder).content.decode(Listing.self)
            let item = try #require(listing.items.first)
            #expect(item.filename == "access.log")
            #expect(item.sha256 == BlobStore.digest(of: log))
            #expect(item.custody.map(\.action) == ["added"])

            let download = try await app.api(.GET, "/api/v1/incidents/\(id)/evidence/\(item.id)", token: responder)
            #expect(download.status == .ok)
            #expect(Data(download.body.readableBytesView) == log)
            #expect(download.headers.first(name: .contentType) == "application/octet-stream")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(download.headers.first(name: "X-Content-SHA256") == item.sha256)

            // Someone with shell access edits the stored file.
            let file = app.vigilServices.blobs.location(of: item.sha256)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
            try Data("forged".utf8).write(to: file)
            let refused = try await app.api(.GET, "/api/v1/incidents/\(id)/evidence/\(item.id)", token: responder)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "evidence_integrity_failed")
            let after = try await app.api(.GET, "/api/v1/incidents/\(id)/evidence", token: responder).content.decode(Listing.self)
            #expect(after.items[0].custody.map(\.action) == ["added", "downloaded", "integrity_failed"])
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "incident.evidence.integrity_failed").count() == 1)
        }
    }

    @Test("executables, unknown types, empty and oversized files are refused with their reason; nothing is stored")
    func refused() async throws {
        try await withVigilApp(configure: { $0.evidenceMaxBytes = 1024 }) { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            let responder = try await app.token(for: fixtures.user("responder"))
            let cases: [(String, Data, HTTPStatus, String)] = [
                ("invoice.pdf", Data([0x4D, 0x5A, 0x90, 0x00, 0x03]), .unprocessableEntity, "executable_not_allowed"),
                ("setup.exe", log, .unprocessableEntity, "file_type_not_allowed"),
                ("empty.log", Data(), .unprocessableEntity, "empty_file"),
                ("big.log", Data(repeating: 0x41, count: 2048), .payloadTooLarge, "file_too_large"),
                ("../../etc/cron.d/x.log", log, .unprocessableEntity, "file_name_not_allowed"),
            ]
            for (name, data, status, code) in cases {
                var form = Multipart()
                form.file("file", "good.log", log)
                form.file("files[]", name, data)
                let response = try await app.upload("/api/v1/incidents/\(id)/evidence", token: responder, form)
                #expect(response.status == status, "\(name)")
                #expect(response.errorCode == code, "\(name)")
            }
            // More files than one upload takes: refused whole.
            var many = Multipart()
            for index in 0...EvidencePolicy.standard.maxFiles { many.file("files[]", "part-\(index).log", log) }
            let tooMany = try await app.upload("/api/v1/incidents/\(id)/evidence", token: responder, many)
            #expect(tooMany.status == .unprocessableEntity && tooMany.errorCode == "too_many_files")
            // Past the upload limit altogether: refused before it is read.
            var huge = Multipart()
            huge.file("file", "huge.log", Data(repeating: 0x41, count: 3 << 20))
            #expect(try await app.upload("/api/v1/incidents/\(id)/evidence", token: responder, huge).status == .payloadTooLarge)
            #expect(try await EvidenceRecord.query(on: app.db).count() == 0)
            let json = try await app.api(.POST, "/api/v1/incidents/\(id)/evidence", token: responder, json: "{}")
            #expect(json.status == .unsupportedMediaType)
        }
    }

    @Test("a reporter cannot add evidence later; another agency cannot see or add it")
    func access() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            var form = Multipart()
            form.file("file", "a.log", log)
            #expect(try await app.upload("/api/v1/incidents/\(id)/evidence", token: try await app.token(for: fixtures.user("reporter")), form).status == .forbidden)
            let foreign = try await app.token(for: fixtures.user("b_responder"))
            #expect(try await app.upload("/api/v1/incidents/\(id)/evidence", token: foreign, form).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/incidents/\(id)/evidence", token: foreign).status == .notFound)
            #expect(try await EvidenceRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("the report form takes attachments; a refused attachment leaves no incident behind")
    func reportFormAttachments() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let session = try await app.signIn(fixtures.user("reporter"))
            func send(_ attachment: (String, Data)) async throws -> TestingHTTPResponse {
                var form = Multipart()
                form.field("_csrf", session.csrf)
                form.field("title", "Thư lừa đảo giả mạo Sở")
                form.field("description", "Nhận thư yêu cầu đăng nhập lại.")
                form.field("discovered_at", "2026-11-20T08:30")
                form.file("attachments[]", attachment.0, attachment.1)
                return try await app.testing().sendRequest(.POST, "/incidents", headers: form.headers(session.headers), body: form.body)
            }
            let refused = try await send(("thu.exe", log))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("thu.exe"))
            #expect(try await IncidentRecord.query(on: app.db).count() == 0)
            let accepted = try await send(("thu-gia-mao.eml", log))
            #expect(accepted.status == .seeOther)
            let incident = try #require(try await IncidentRecord.query(on: app.db).first())
            let evidence = try await EvidenceRecord.query(on: app.db).all()
            #expect(evidence.map(\.filename) == ["thu-gia-mao.eml"])
            #expect(evidence.first?.$incident.id == incident.id)
        }
    }
}
