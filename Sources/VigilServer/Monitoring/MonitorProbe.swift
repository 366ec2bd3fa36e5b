import Foundation
import NIOCore
import NIOSSL
import NIOTLS
import VigilCore
import VigilPages

/// Runs one check of a monitor: the network part, with the core's rules deciding what the answer
/// means. The scheduler and "check now" both call `run`.
struct MonitorProbe: Sendable {
    struct Config: Sendable {
        var kind: MonitorKind
        var target: MonitorTarget
        var timeout: Int
        var keyword: String?
        var keywordAbsent = false
        var expectedStatus: Int?
        var defacement = false
        var expectedAddresses: [String] = []
        var certificate = CertificatePolicy()
        var maxBytes = 2 << 20
        var maxRedirects = 5
        var rules = DefacementRules()
        /// The active baseline, prepared for comparisons with these rules and this address.
        var baseline: PreparedBaseline?
    }

    struct Result: Sendable {
        var outcome: CheckOutcome
        /// The page fetched (http), for a baseline or the evidence.
        var page: Data?
        var snapshot: PageSnapshot?
        var verdict: DefacementVerdict?
    }

    let client: OutboundClient

    func run(_ config: Config, now: Date = Date()) async -> Result {
        let started = NIODeadline.now()
        func millis() -> Int { Int((NIODeadline.now() - started).nanoseconds / 1_000_000) }
        do {
            switch config.kind {
            case .http: return try await http(config)
            case .tcp:
                let channel = try await client.connect(config.target.host, port: config.target.port, deadline: started + .seconds(Int64(config.timeout)))
                try? await channel.close()
                return Result(outcome: .ok(millis: millis()))
            case .dns:
                let addresses = Set(try await client.resolve(config.target.host, port: 0).compactMap(\.ipAddress))
                guard !addresses.isEmpty else { return Result(outcome: .down("dns_unresolved", config.target.host, millis: millis())) }
                let expected = Set(config.expectedAddresses)
                if !expected.isEmpty, !expected.isSubset(of: addresses) || !addresses.isSubset(of: expected) {
                    return Result(outcome: .down("dns_mismatch", addresses.sorted().joined(separator: " "), millis: millis()))
                }
                return Result(outcome: .ok(millis: millis()))
            case .tls: return try await tls(config, started: started)
            }
        } catch let failure as OutboundClient.Failure {
            return Result(outcome: Self.outcome(failure, millis: millis()))
        } catch {
            return Result(outcome: .down("connection_failed", String(describing: error).prefix(200).description, millis: millis()))
        }
    }

    static func outcome(_ failure: OutboundClient.Failure, millis: Int) -> CheckOutcome {
        switch failure {
        case .unresolved: .down("dns_unresolved", millis: millis)
        case .refusedAddress(let address): .down("address_refused", address, millis: millis)
        case .timeout: .down("timeout", millis: millis)
        case .connectionFailed(let detail): .down("connection_failed", String(detail.prefix(200)), millis: millis)
        case .tls(let detail): .down("tls_error", String(detail.prefix(200)), millis: millis)
        case .protocolError: .down("protocol_error", millis: millis)
        case .tooManyRedirects: .down("too_many_redirects", millis: millis)
        }
    }

    private func http(_ config: Config) async throws -> Result {
        guard let url = config.target.url else { return Result(outcome: .down("protocol_error")) }
        let response = try await client.get(url, timeout: .seconds(Int64(config.timeout)), maxRedirects: config.maxRedirects, maxBytes: config.maxBytes)
        let expected = config.expectedStatus.map { $0 == response.status } ?? (200...299).contains(response.status)
        guard expected else {
            return Result(outcome: .down("status_code", String(response.status), millis: response.millis, httpStatus: response.status), page: response.body)
        }
        if let keyword = config.keyword, !keyword.isEmpty {
            let text = String(decoding: response.body, as: UTF8.self)
            let found = text.range(of: keyword, options: [.caseInsensitive]) != nil
            if found == config.keywordAbsent {
                return Result(outcome: .down(found ? "keyword_present" : "keyword_missing", keyword, millis: response.millis, httpStatus: response.status),
                              page: response.body)
            }
        }
        guard config.defacement else { return Result(outcome: .ok(millis: response.millis, httpStatus: response.status)) }
        let snapshot = PageReader.read(response.body)
        guard let baseline = config.baseline else {
            return Result(outcome: .ok(millis: response.millis, httpStatus: response.status), page: response.body, snapshot: snapshot)
        }
        let verdict = DefacementCheck.compare(baseline, page: snapshot)
        let outcome = verdict.defaced
            ? CheckOutcome(verdict: .defaced, code: "defaced", detail: verdict.reasons.prefix(3).map(\.code).joined(separator: ","),
                           responseMillis: response.millis, httpStatus: response.status)
            : CheckOutcome.ok(millis: response.millis, httpStatus: response.status)
        return Result(outcome: outcome, page: response.body, snapshot: snapshot, verdict: verdict)
    }

    private func tls(_ config: Config, started: NIODeadline) async throws -> Result {
        let deadline = started + .seconds(Int64(config.timeout))
        let host = config.target.host
        func millis() -> Int { Int((NIODeadline.now() - started).nanoseconds / 1_000_000) }
        do {
            let certificate = try await handshake(host, port: config.target.port, deadline: deadline, context: client.verifying)
            let expires = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
            return Result(outcome: config.certificate.outcome(expiresAt: expires, hostnameMatches: true, chainTrusted: true, now: Date(), millis: millis()))
        } catch OutboundClient.Failure.tls {
            // Read the certificate that did not verify, to say why.
            let certificate = try await handshake(host, port: config.target.port, deadline: deadline, context: client.accepting)
            let expires = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
            return Result(outcome: config.certificate.outcome(expiresAt: expires, hostnameMatches: Self.matches(certificate, host: host),
                                                              chainTrusted: false, now: Date(), millis: millis()))
        }
    }

    private func handshake(_ host: String, port: Int, deadline: NIODeadline, context: NIOSSLContext) async throws -> NIOSSLCertificate {
        let promise = client.group.next().makePromise(of: Void.self)
        let waiter = HandshakeWaiter(promise: promise)
        let channel: any Channel
        do {
            channel = try await client.connect(host, port: port, deadline: deadline, tls: context) { channel in
                channel.pipeline.addHandler(waiter)
            }
        } catch {
            promise.fail(error)
            throw error
        }
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) { promise.fail(OutboundClient.Failure.timeout) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        do {
            try await promise.futureResult.get()
        } catch let error as OutboundClient.Failure {
            throw error
        } catch {
            throw OutboundClient.Failure.tls(String(describing: error))
        }
        guard let handler = try? await channel.pipeline.handler(type: NIOSSLClientHandler.self).get(), let certificate = handler.peerCertificate else {
            throw OutboundClient.Failure.tls("no certificate")
        }
        return certificate
    }

    /// Whether the certificate names the host (its DNS names, with one leading wildcard label, or
    /// its IP addresses for a target written as an address).
    static func matches(_ certificate: NIOSSLCertificate, host: String) -> Bool {
        let wanted = host.lowercased()
        if let address = OutboundPolicy.bytes(wanted) {
            return certificate._subjectAlternativeNames().contains { $0.nameType == .ipAddress && Array($0.contents) == address }
        }
        for name in certificate._subjectAlternativeNames() where name.nameType == .dnsName {
            let text = String(decoding: name.contents, as: UTF8.self).lowercased()
            if text == wanted { return true }
            if text.hasPrefix("*."), let dot = wanted.firstIndex(of: "."), wanted[dot...] == text.dropFirst() { return true }
        }
        return false
    }

    private final class HandshakeWaiter: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = Any
        let promise: EventLoopPromise<Void>

        init(promise: EventLoopPromise<Void>) {
            self.promise = promise
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent, case .handshakeCompleted = event { promise.succeed() }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(OutboundClient.Failure.tls(String(describing: error)))
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(OutboundClient.Failure.tls("closed"))
            context.fireChannelInactive()
        }
    }
}
