import Foundation
import Vapor

/// A webhook receiver the tests start on 127.0.0.1 (and only there): it keeps every call it gets
/// and answers with the status the test sets.
final class TestReceiver: @unchecked Sendable {
    struct Call: Sendable {
        let headers: HTTPHeaders
        let body: Data
        var event: String { headers.first(name: "X-Vigil-Event") ?? "" }
        var eventID: String { headers.first(name: "X-Vigil-Event-Id") ?? "" }
        var signature: String { headers.first(name: "X-Vigil-Signature") ?? "" }
    }

    private let lock = NSLock()
    private var received: [Call] = []
    private var status: HTTPResponseStatus = .ok
    let app: Application
    private(set) var port = 0

    var url: String { "http://127.0.0.1:\(port)/hooks/vigil" }

    init() async throws {
        app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        app.post("hooks", "vigil") { [self] req in
            let body = req.body.data.map { Data($0.readableBytesView) } ?? Data()
            let status = lock.withLock {
                received.append(Call(headers: req.headers, body: body))
                return self.status
            }
            return Response(status: status, body: .init(string: status == .ok ? "merci" : "cannot take it now"))
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        port = app.http.server.shared.localAddress?.port ?? 0
    }

    var calls: [Call] { lock.withLock { received } }

    func answer(_ status: HTTPResponseStatus) {
        lock.withLock { self.status = status }
    }

    func shutdown() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}
