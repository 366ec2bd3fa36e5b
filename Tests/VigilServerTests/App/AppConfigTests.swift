import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import VigilServer

@Suite("Configuration from the environment")
struct AppConfigTests {
    @Test("evidence files live in the data folder unless VIGIL_BLOB_DIR names a shared folder")
    func blobFolder() throws {
        let plain = try AppConfig.fromEnvironment(["VIGIL_DATA_DIR": "/srv/vigil"])
        #expect(plain.blobDirectory.path == "/srv/vigil/blobs")
        let shared = try AppConfig.fromEnvironment(["VIGIL_DATA_DIR": "/srv/vigil", "VIGIL_BLOB_DIR": "/mnt/vigil-blobs/"])
        #expect(shared.blobDirectory.path == "/mnt/vigil-blobs")
        #expect(throws: AppConfig.ConfigError.self) { try AppConfig.fromEnvironment(["VIGIL_BLOB_DIR": "blobs"]) }
    }

    @Test("a bad value names its variable")
    func badValues() {
        for (name, value) in [("VIGIL_PORT", "eighty"), ("VIGIL_SECURE_COOKIES", "maybe"), ("DATABASE_URL", "mysql://x"), ("VIGIL_TIMEZONE", "Mars/Base")] {
            #expect { try AppConfig.fromEnvironment([name: value]) } throws: { ($0 as? AppConfig.ConfigError)?.variable == name }
        }
    }

    @Test("evidence uploaded is written to the blob folder the configuration names")
    func evidenceInBlobFolder() async throws {
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: shared) }
        try await withVigilApp(configure: { $0.blobDirectory = shared }) { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await app.reportIncident(as: fixtures.user("reporter"))
            var form = Multipart()
            let data = Data("2026-11-20 08:31 GET /shell.php\n".utf8)
            form.file("file", "access.log", data)
            #expect(try await app.upload("/api/v1/incidents/\(id)/evidence", token: try await app.token(for: fixtures.user("responder")), form).status == .created)
            let stored = BlobStore.location(of: BlobStore.digest(of: data), in: shared)
            #expect(FileManager.default.contents(atPath: stored.path) == data)
        }
    }
}
