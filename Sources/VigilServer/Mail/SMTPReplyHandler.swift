import Foundation
import NIOCore
import VigilCore

/// The SMTP client's end of the pipeline: cuts what the server says into lines, the lines into
/// replies (`SMTPReply.Reader`), and hands each reply to the one waiting for it, failing the wait
/// at its deadline (the channel is then closed: a server that hangs holds nothing).
/// Used on its channel's event loop only.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    /// A line longer than this is no SMTP (RFC 5321 allows 512 octets per reply line).
    static let maxLine = 8192

    private var buffer: [UInt8] = []
    private var reader = SMTPReply.Reader()
    private var replies: [SMTPReply] = []
    private var failure: (any Error)?
    private var waiter: EventLoopPromise<SMTPReply>?
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    /// Whether the server said more than was asked for (bytes or whole replies not yet read): after
    /// STARTTLS's 220 that is an injection attempt (CVE-2011-0411), refused.
    var hasUnreadInput: Bool { !buffer.isEmpty || !replies.isEmpty }

    /// The next reply, or `SMTPClient.Failure.timeout` when none comes by `deadline`.
    func next(step: String, deadline: NIODeadline, on loop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        loop.assertInEventLoop()
        if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiter = promise
        timer = loop.scheduleTask(deadline: deadline) { [weak self] in
            self?.fail(SMTPClient.Failure.timeout(step))
            self?.context?.close(promise: nil)
        }
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer.append(contentsOf: bytes.readBytes(length: bytes.readableBytes) ?? [])
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            do {
                if let reply = try reader.take(String(decoding: line, as: UTF8.self)) { deliver(reply) }
            } catch {
                fail(SMTPClient.Failure.protocolError(String(decoding: line.prefix(80), as: UTF8.self)))
                context.close(promise: nil)
                return
            }
        }
        if buffer.count > Self.maxLine {
            fail(SMTPClient.Failure.protocolError("line too long"))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPClient.Failure.protocolError("connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func deliver(_ reply: SMTPReply) {
        if let waiter {
            self.waiter = nil
            timer?.cancel()
            waiter.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        if let waiter {
            self.waiter = nil
            timer?.cancel()
            waiter.fail(failure ?? error)
        }
    }
}
