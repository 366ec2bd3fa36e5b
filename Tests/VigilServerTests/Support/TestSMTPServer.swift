import Foundation
import NIOCore
import NIOPosix
import VigilCore

/// A tiny SMTP server the tests start on 127.0.0.1 (and only there): it greets, answers EHLO with
/// AUTH PLAIN and LOGIN, checks a user and password when given them, and keeps every message it
/// accepts, un-dot-stuffed. It can also refuse every message (a 5xx at MAIL FROM) or hang after
/// its greeting.
final class TestSMTPServer: @unchecked Sendable {
    enum Behaviour: Sendable {
        case accept
        /// Answers MAIL FROM with this 5xx code.
        case refuse(Int)
        /// Greets, then says nothing more.
        case hang
    }

    struct Received: Sendable {
        let from: String
        let to: [String]
        /// The message as sent (headers and body), dots un-stuffed, CRLF line ends.
        let data: String
        let user: String?

        var headers: String { data.components(separatedBy: "\r\n\r\n").first ?? "" }
        var body: String { data.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }

        /// A header's value, unfolded.
        func header(_ name: String) -> String? {
            let unfolded = headers.replacingOccurrences(of: "\r\n ", with: " ")
            return unfolded.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ": ") }
                .map { String($0.dropFirst(name.count + 2)) }
        }
    }

    private let lock = NSLock()
    private var messages: [Received] = []
    private var connectionCount = 0
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: (any Channel)?
    let behaviour: Behaviour
    let credentials: (user: String, password: String)?
    private(set) var port = 0

    init(behaviour: Behaviour = .accept, credentials: (user: String, password: String)? = nil) async throws {
        self.behaviour = behaviour
        self.credentials = credentials
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                lock.withLock { connectionCount += 1 }
                return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Session(server: self)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        port = channel.localAddress?.port ?? 0
    }

    var received: [Received] { lock.withLock { messages } }
    var connections: Int { lock.withLock { connectionCount } }

    fileprivate func keep(_ message: Received) { lock.withLock { messages.append(message) } }

    func shutdown() async {
        try? await channel?.close()
        try? await group.shutdownGracefully()
    }

    /// One client's conversation; used on its channel's event loop only.
    private final class Session: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let server: TestSMTPServer
        var buffer = ""
        var from = ""
        var to: [String] = []
        var user: String?
        var inData = false
        var dataLines: [String] = []
        var loginStep = 0
        var loginUser = ""

        init(server: TestSMTPServer) { self.server = server }

        func channelActive(context: ChannelHandlerContext) {
            send("220 test.local ESMTP ready", context)
        }

        func send(_ line: String, _ context: ChannelHandlerContext) {
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: line + "\r\n")), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer += bytes.readString(length: bytes.readableBytes) ?? ""
            while let range = buffer.range(of: "\r\n") {
                let line = String(buffer[..<range.lowerBound])
                buffer.removeSubrange(..<range.upperBound)
                handle(line, context)
            }
        }

        func handle(_ line: String, _ context: ChannelHandlerContext) {
            if case .hang = server.behaviour { return }
            if inData {
                if line == "." {
                    inData = false
                    server.keep(Received(from: from, to: to, data: dataLines.joined(separator: "\r\n"), user: user))
                    dataLines = []
                    send("250 2.0.0 queued", context)
                } else {
                    dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                }
                return
            }
            if loginStep > 0 {
                let text = String(decoding: Data(base64Encoded: line) ?? Data(), as: UTF8.self)
                if loginStep == 1 {
                    loginUser = text
                    loginStep = 2
                    send("334 UGFzc3dvcmQ6", context)
                } else {
                    loginStep = 0
                    authenticate(user: loginUser, password: text, context)
                }
                return
            }
            let upper = line.uppercased()
            if upper.hasPrefix("EHLO") {
                send("250-test.local\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME", context)
            } else if upper.hasPrefix("AUTH PLAIN ") {
                let parts = (Data(base64Encoded: String(line.dropFirst(11))) ?? Data()).split(separator: 0, omittingEmptySubsequences: false)
                    .map { String(decoding: $0, as: UTF8.self) }
                authenticate(user: parts.count == 3 ? parts[1] : "", password: parts.count == 3 ? parts[2] : "", context)
            } else if upper == "AUTH LOGIN" {
                loginStep = 1
                send("334 VXNlcm5hbWU6", context)
            } else if upper.hasPrefix("MAIL FROM:") {
                if case .refuse(let code) = server.behaviour {
                    send("\(code) 5.7.1 Relaying denied", context)
                } else if server.credentials != nil && user == nil {
                    send("530 5.7.0 Authentication required", context)
                } else {
                    from = String(line.dropFirst(10)).trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
                    to = []
                    send("250 2.1.0 OK", context)
                }
            } else if upper.hasPrefix("RCPT TO:") {
                to.append(String(line.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "<> ")))
                send("250 2.1.5 OK", context)
            } else if upper == "DATA" {
                inData = true
                send("354 End data with <CR><LF>.<CR><LF>", context)
            } else if upper == "RSET" {
                send("250 2.0.0 OK", context)
            } else if upper == "QUIT" {
                send("221 2.0.0 Bye", context)
                context.close(promise: nil)
            } else {
                send("502 5.5.2 Command not recognised", context)
            }
        }

        func authenticate(user: String, password: String, _ context: ChannelHandlerContext) {
            if let credentials = server.credentials, credentials.user == user, credentials.password == password {
                self.user = user
                send("235 2.7.0 Authentication successful", context)
            } else {
                send("535 5.7.8 Authentication credentials invalid", context)
            }
        }
    }
}
