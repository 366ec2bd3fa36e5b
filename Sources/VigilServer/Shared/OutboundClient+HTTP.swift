import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import VigilCore

extension OutboundClient {
    /// `GET url`, following up to `maxRedirects` redirects (each to a permitted address), reading
    /// at most `maxBytes` of the body, all within `timeout`.
    func get(_ url: URL, timeout: TimeAmount, maxRedirects: Int = 5, maxBytes: Int = 2 << 20,
             userAgent: String = "Vigil-Monitor/1") async throws -> Response {
        let started = NIODeadline.now()
        let deadline = started + timeout
        var current = url
        for _ in 0...maxRedirects {
            let answer = try await exchange(current, method: .GET, headers: [("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")], body: nil,
                                            deadline: deadline, maxBytes: maxBytes, userAgent: userAgent)
            if (300...399).contains(answer.status), answer.status != 304,
               let location = answer.headers.first(where: { $0.0.lowercased() == "location" })?.1,
               let next = URL(string: location, relativeTo: current)?.absoluteURL,
               let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https" {
                current = next
                continue
            }
            let millis = Int((NIODeadline.now() - started).nanoseconds / 1_000_000)
            return Response(status: answer.status, headers: answer.headers, body: answer.body, truncated: answer.truncated, url: current,
                            millis: millis, certificate: answer.certificate)
        }
        throw Failure.tooManyRedirects
    }

    /// `POST url` with `body`, within `timeout`, reading at most `maxBytes` of the answer. Redirects
    /// are not followed: the answer, a redirect too, is the caller's to judge.
    func post(_ url: URL, body: Data, headers: [(String, String)], timeout: TimeAmount, maxBytes: Int = 64 << 10,
              userAgent: String) async throws -> Response {
        let started = NIODeadline.now()
        let answer = try await exchange(url, method: .POST, headers: headers, body: body, deadline: started + timeout, maxBytes: maxBytes,
                                        userAgent: userAgent)
        let millis = Int((NIODeadline.now() - started).nanoseconds / 1_000_000)
        return Response(status: answer.status, headers: answer.headers, body: answer.body, truncated: answer.truncated, url: url,
                        millis: millis, certificate: answer.certificate)
    }

    private struct Answer: Sendable {
        var status = 0
        var headers: [(String, String)] = []
        var body = Data()
        var truncated = false
        var certificate: NIOSSLCertificate?
    }

    private func exchange(_ url: URL, method: HTTPMethod, headers: [(String, String)], body: Data?, deadline: NIODeadline, maxBytes: Int,
                          userAgent: String) async throws -> Answer {
        guard let host = url.host?.lowercased(), let scheme = url.scheme?.lowercased() else { throw Failure.protocolError }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let secure = scheme == "https"
        let port = url.port ?? (secure ? 443 : 80)
        let promise = group.next().makePromise(of: Answer.self)
        let collector = ResponseCollector(promise: promise, maxBytes: maxBytes)
        let channel: any Channel
        do {
            channel = try await connect(bare, port: port, deadline: deadline, tls: secure ? verifying : nil) { channel in
                channel.pipeline.addHTTPClientHandlers().flatMap { channel.pipeline.addHandler(collector) }
            }
        } catch {
            promise.fail(error)
            throw error
        }
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            promise.fail(Failure.timeout)
            channel.close(promise: nil)
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "User-Agent", value: userAgent)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        if let body { head.headers.add(name: "Content-Length", value: String(body.count)) }
        head.headers.add(name: "Connection", value: "close")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        do {
            var answer = try await promise.futureResult.get()
            if secure, let handler = try? await channel.pipeline.handler(type: NIOSSLClientHandler.self).get() {
                answer.certificate = handler.peerCertificate
            }
            return answer
        } catch let error as NIOSSLError {
            throw Failure.tls(String(describing: error))
        } catch let error as BoringSSLError {
            throw Failure.tls(String(describing: error))
        }
    }

    /// Collects one response: its head, and its body up to the limit (then the connection is closed).
    private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart

        let promise: EventLoopPromise<Answer>
        let maxBytes: Int
        var answer = Answer()
        var sawHead = false
        var done = false

        init(promise: EventLoopPromise<Answer>, maxBytes: Int) {
            self.promise = promise
            self.maxBytes = maxBytes
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !done else { return }
            switch unwrapInboundIn(data) {
            case .head(let head):
                sawHead = true
                answer.status = Int(head.status.code)
                answer.headers = head.headers.map { ($0.name, $0.value) }
            case .body(var buffer):
                let room = maxBytes - answer.body.count
                if buffer.readableBytes > room {
                    if room > 0, let bytes = buffer.readBytes(length: room) { answer.body.append(contentsOf: bytes) }
                    answer.truncated = true
                    finish(context)
                } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                    answer.body.append(contentsOf: bytes)
                }
            case .end:
                finish(context)
            }
        }

        func finish(_ context: ChannelHandlerContext) {
            guard !done else { return }
            done = true
            promise.succeed(answer)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !done {
                done = true
                if sawHead { promise.succeed(answer) } else { promise.fail(OutboundClient.Failure.protocolError) }
            }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            if !done {
                done = true
                promise.fail(error)
            }
            context.close(promise: nil)
        }
    }
}
