import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import VigilCore

/// Vigil's SMTP client (RFC 5321): EHLO, STARTTLS or TLS from the start or neither, AUTH PLAIN or
/// LOGIN, then MAIL FROM, RCPT TO and DATA for each message, with a deadline on every step.
///
/// Written here over SwiftNIO and NIOSSL because no SMTP package is on Vigil's list of allowed
/// dependencies, and because the connection must go through `OutboundClient`: the server's name is
/// resolved once, every address checked against `OutboundPolicy` (`VIGIL_OUTBOUND_ALLOW`), and the
/// checked address connected to. It sends, and only sends: no pipelining, no 8BITMIME (the
/// messages are 7-bit quoted-printable), no SMTPUTF8 (addresses are ASCII: `MailAddress`).
struct SMTPClient: Sendable {
    /// Why sending failed; `code` is stable (the outbox stores it, the pages translate it).
    enum Failure: Error, Equatable, Sendable {
        /// The server's name does not resolve.
        case unresolved
        /// The server's address is one Vigil may not connect to (detail: the address).
        case refusedAddress(String)
        /// Nothing answers at the address, or the connection was refused.
        case connectionFailed(String)
        /// No answer within the deadline (detail: the step: connect, greeting, EHLO, DATA ...).
        case timeout(String)
        /// The TLS handshake failed, or the server does not offer STARTTLS.
        case tls(String)
        /// The server refused the user name and password.
        case authFailed(String)
        /// The server offers no AUTH method Vigil speaks (PLAIN, LOGIN).
        case authUnsupported
        /// The server refused a step (its reply code and text).
        case rejected(step: String, code: Int, text: String)
        /// The server's answer is not SMTP.
        case protocolError(String)
        /// Mail is not set up.
        case notConfigured
        /// The stored password cannot be opened: the data folder's key file is not the one it was
        /// sealed with (`MailSecretBox`).
        case passwordUnreadable

        var code: String {
            switch self {
            case .unresolved: "unresolved"
            case .refusedAddress: "address_refused"
            case .connectionFailed: "connection_failed"
            case .timeout: "timed_out"
            case .tls: "tls_failed"
            case .authFailed: "auth_failed"
            case .authUnsupported: "auth_unsupported"
            case .rejected: "rejected"
            case .protocolError: "protocol"
            case .notConfigured: "not_configured"
            case .passwordUnreadable: "password_unreadable"
            }
        }

        var detail: String {
            switch self {
            case .unresolved, .authUnsupported, .notConfigured, .passwordUnreadable: ""
            case .refusedAddress(let text), .connectionFailed(let text), .timeout(let text), .tls(let text), .authFailed(let text),
                 .protocolError(let text): text
            case .rejected(let step, let code, let text): "\(step): \(code) \(text)"
            }
        }

        /// Any error of a send, as one of these.
        static func from(_ error: any Error) -> Failure {
            switch error {
            case let failure as Failure: return failure
            case let outbound as OutboundClient.Failure:
                switch outbound {
                case .unresolved: return .unresolved
                case .refusedAddress(let address): return .refusedAddress(address)
                case .timeout: return .timeout("connect")
                case .connectionFailed(let detail): return .connectionFailed(detail)
                case .tls(let detail): return .tls(detail)
                case .protocolError, .tooManyRedirects: return .protocolError(String(describing: outbound))
                }
            case let ssl as NIOSSLError: return .tls(String(describing: ssl))
            case let ssl as BoringSSLError: return .tls(String(describing: ssl))
            default: return .connectionFailed(String(describing: error))
            }
        }
    }

    let outbound: OutboundClient
    /// The deadline of each step: connecting, each reply (the end of DATA gets twice as long).
    let stepTimeout: TimeAmount

    /// Connects, greets, secures and authenticates; the caller sends and then `close`s.
    func open(_ settings: SMTPSettings) async throws -> SMTPSession {
        let handler = SMTPReplyHandler()
        let channel: any Channel
        do {
            channel = try await outbound.connect(settings.host, port: settings.port, deadline: .now() + stepTimeout,
                                                 tls: settings.security == .tls ? outbound.verifying : nil) { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
        } catch {
            throw Failure.from(error)
        }
        let session = SMTPSession(channel: channel, handler: handler, stepTimeout: stepTimeout)
        do {
            try await session.handshake(settings, tls: outbound.verifying)
        } catch {
            session.abort()
            throw Failure.from(error)
        }
        return session
    }

    /// Sends one message in a session of its own (the settings page's test message).
    func send(_ message: MailMessage, with settings: SMTPSettings) async throws {
        let session = try await open(settings)
        do {
            try await session.send(message)
        } catch {
            session.abort()
            throw Failure.from(error)
        }
        await session.close()
    }
}

/// One connection to the mail server, after the greeting, TLS and AUTH.
final class SMTPSession: @unchecked Sendable {
    // Set once in init; the handler is used on the channel's event loop only.
    private let channel: any Channel
    private let handler: SMTPReplyHandler
    private let stepTimeout: TimeAmount

    init(channel: any Channel, handler: SMTPReplyHandler, stepTimeout: TimeAmount) {
        self.channel = channel
        self.handler = handler
        self.stepTimeout = stepTimeout
    }

    private func reply(_ step: String, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        let deadline = NIODeadline.now() + (timeout ?? stepTimeout)
        let (handler, loop) = (self.handler, channel.eventLoop)
        return try await loop.flatSubmit { handler.next(step: step, deadline: deadline, on: loop) }.get()
    }

    /// Writes a command line and reads its reply; a reply outside `expected` is a refusal of `step`.
    @discardableResult
    private func command(_ line: String, step: String, expect expected: ClosedRange<Int> = 250...259) async throws -> SMTPReply {
        try await write(line + "\r\n")
        let answer = try await reply(step)
        guard expected.contains(answer.code) else {
            throw SMTPClient.Failure.rejected(step: step, code: answer.code, text: String(answer.text.prefix(200)))
        }
        return answer
    }

    private func write(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
    }

    func handshake(_ settings: SMTPSettings, tls: NIOSSLContext) async throws {
        let greeting = try await reply("greeting")
        guard greeting.code == 220 else {
            throw SMTPClient.Failure.rejected(step: "greeting", code: greeting.code, text: String(greeting.text.prefix(200)))
        }
        let name = settings.from.address.domain
        var hello = try await command("EHLO \(name)", step: "EHLO")
        if settings.security == .starttls {
            guard hello.extensions.contains("STARTTLS") else { throw SMTPClient.Failure.tls("the server does not offer STARTTLS") }
            try await command("STARTTLS", step: "STARTTLS", expect: 220...220)
            let handler = self.handler
            let serverName = OutboundPolicy.bytes(settings.host) == nil ? settings.host : nil
            try await channel.eventLoop.submit { [channel] () throws -> Void in
                guard !handler.hasUnreadInput else { throw SMTPClient.Failure.protocolError("data after STARTTLS") }
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
            }.get()
            // What the server said before TLS counts for nothing (RFC 3207 4.2).
            hello = try await command("EHLO \(name)", step: "EHLO")
        }
        guard !settings.username.isEmpty else { return }
        let methods = Set(hello.extensions.filter { $0.hasPrefix("AUTH") }.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "=" }).dropFirst() }
            .map(String.init))
        do {
            if methods.contains("PLAIN") {
                let token = Data(([0] + Array(settings.username.utf8) + [0] + Array(settings.password.utf8))).base64EncodedString()
                try await command("AUTH PLAIN \(token)", step: "AUTH", expect: 235...235)
            } else if methods.contains("LOGIN") {
                try await command("AUTH LOGIN", step: "AUTH", expect: 334...334)
                try await command(Data(settings.username.utf8).base64EncodedString(), step: "AUTH", expect: 334...334)
                try await command(Data(settings.password.utf8).base64EncodedString(), step: "AUTH", expect: 235...235)
            } else {
                throw SMTPClient.Failure.authUnsupported
            }
        } catch SMTPClient.Failure.rejected(step: _, code: let code, text: let text) {
            throw SMTPClient.Failure.authFailed("\(code) \(text)")
        }
    }

    /// Sends one message; after a refusal the session is reset (RSET) and can send the next one.
    func send(_ message: MailMessage) async throws {
        do {
            try await command("MAIL FROM:<\(message.from.address)>", step: "MAIL FROM")
            try await command("RCPT TO:<\(message.to)>", step: "RCPT TO")
            try await command("DATA", step: "DATA", expect: 354...354)
            try await write(SMTPData.stuffed(message.rendered()))
            let answer = try await reply("end of data", timeout: stepTimeout + stepTimeout)
            guard (250...259).contains(answer.code) else {
                throw SMTPClient.Failure.rejected(step: "end of data", code: answer.code, text: String(answer.text.prefix(200)))
            }
        } catch let failure as SMTPClient.Failure {
            if case .rejected = failure { _ = try? await command("RSET", step: "RSET") }
            throw failure
        }
    }

    /// QUIT, politely: the answer is waited for briefly, then the connection is closed anyway.
    func close() async {
        _ = try? await command("QUIT", step: "QUIT", expect: 200...599)
        abort()
    }

    func abort() {
        channel.close(promise: nil)
    }
}
