import Foundation
import NIOSSL
import Vapor

/// A web site the tests start on 127.0.0.1 (and only there), serving a page they change, for the
/// monitors to check; optionally over TLS with a certificate made by `openssl` for the test.
final class TestSite: @unchecked Sendable {
    private let lock = NSLock()
    private var page = ""
    private var status: HTTPResponseStatus = .ok
    let app: Application
    private(set) var port = 0

    var url: String { "http\(app.http.server.configuration.tlsConfiguration == nil ? "" : "s")://127.0.0.1:\(port)/" }

    init(page: String, tls: TLSConfiguration? = nil) async throws {
        app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        app.http.server.configuration.tlsConfiguration = tls
        self.page = page
        app.get { [self] _ in
            let (body, status) = lock.withLock { (self.page, self.status) }
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: status, headers: headers, body: .init(string: body))
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        port = app.http.server.shared.localAddress?.port ?? 0
    }

    func serve(_ page: String, status: HTTPResponseStatus = .ok) {
        lock.withLock {
            self.page = page
            self.status = status
        }
    }

    /// Stops answering (an outage); the port is closed.
    func stop() async {
        await app.server.shutdown()
    }

    func shutdown() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    /// A self-signed certificate for 127.0.0.1 valid for `days` days, made by `openssl` in a temporary folder.
    static func certificate(days: Int) throws -> TLSConfiguration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", String(days), "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                             "-keyout", folder.appendingPathComponent("key.pem").path, "-out", folder.appendingPathComponent("cert.pem").path]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let chain = try NIOSSLCertificate.fromPEMFile(folder.appendingPathComponent("cert.pem").path)
        let key = try NIOSSLPrivateKey(file: folder.appendingPathComponent("key.pem").path, format: .pem)
        return .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
