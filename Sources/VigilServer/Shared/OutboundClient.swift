import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import VigilCore

/// Vigil's own connections to other servers (monitors, webhooks, e-mail). Every
/// connection goes to an address that `OutboundPolicy` permits, checked after the name is resolved
/// and connected to that very address (no second lookup an attacker's DNS could answer
/// differently), again on every redirect; with a deadline on the whole exchange and a cap on what
/// is read.
///
/// Written over SwiftNIO rather than with AsyncHTTPClient because the client resolves names itself
/// and connects where the resolver says: the address rule must hold for the address connected to.
struct OutboundClient: Sendable {
    enum Failure: Error, Equatable, Sendable {
        /// The name does not resolve.
        case unresolved
        /// Every address the name resolves to is one Vigil may not reach (detail: the address).
        case refusedAddress(String)
        case timeout
        case connectionFailed(String)
        /// The TLS handshake failed (detail: the reason).
        case tls(String)
        /// The answer is not HTTP.
        case protocolError
        case tooManyRedirects
    }

    struct Response: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: Data
        /// Whether the body was cut at the size limit.
        let truncated: Bool
        /// The address answered last (after redirects).
        let url: URL
        let millis: Int
        let certificate: NIOSSLCertificate?
    }

    let policy: OutboundPolicy
    let group: any EventLoopGroup
    let threadPool: NIOThreadPool
    /// Verifies chains against the system's roots, host names too.
    let verifying: NIOSSLContext
    /// Accepts any certificate: for reading one that does not verify (its expiry, its names).
    let accepting: NIOSSLContext

    init(policy: OutboundPolicy, group: any EventLoopGroup, threadPool: NIOThreadPool) throws {
        self.policy = policy
        self.group = group
        self.threadPool = threadPool
        verifying = try NIOSSLContext(configuration: .makeClientConfiguration())
        var loose = TLSConfiguration.makeClientConfiguration()
        loose.certificateVerification = .none
        accepting = try NIOSSLContext(configuration: loose)
    }

    /// A failure as logs show it: `unresolved`, `address_not_allowed`, `timeout`, `connection_failed`,
    /// `tls`, `protocol_error` (and anything else as `connection_failed`).
    static func failureCode(_ error: any Error) -> String {
        switch error as? Failure {
        case .unresolved: "unresolved"
        case .refusedAddress: "address_not_allowed"
        case .timeout: "timeout"
        case .connectionFailed: "connection_failed"
        case .tls: "tls"
        case .protocolError: "protocol_error"
        case .tooManyRedirects, nil: "connection_failed"
        }
    }

    // MARK: Addresses

    /// The addresses a host resolves to that Vigil may reach; throws when none is.
    func permittedAddresses(_ host: String, port: Int) async throws -> [SocketAddress] {
        if OutboundPolicy.bytes(host) != nil {
            guard policy.permits(host) else { throw Failure.refusedAddress(host) }
            return [try SocketAddress(ipAddress: host, port: port)]
        }
        let resolved = try await resolve(host, port: port)
        guard !resolved.isEmpty else { throw Failure.unresolved }
        // One address inward is enough to refuse: a name that mixes them is a rebinding trick.
        for address in resolved {
            guard let text = address.ipAddress, policy.permits(text) else { throw Failure.refusedAddress(address.ipAddress ?? host) }
        }
        return resolved
    }

    /// Refuses, before any connection is made, a host that is or now resolves to an address Vigil
    /// may not reach (a monitor's target, a webhook's); a name that does not resolve now passes (its
    /// connections will say so, and check again).
    func refuseInward(_ host: String, port: Int) async throws {
        if OutboundPolicy.bytes(host) != nil {
            guard policy.permits(host) else { throw Failure.refusedAddress(host) }
            return
        }
        let resolved = (try? await resolve(host, port: port)) ?? []
        for address in resolved.compactMap(\.ipAddress) where !policy.permits(address) {
            throw Failure.refusedAddress(address)
        }
    }

    /// getaddrinfo on the thread pool (it blocks).
    func resolve(_ host: String, port: Int) async throws -> [SocketAddress] {
        try await threadPool.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_family = AF_UNSPEC
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else { return [] }
            defer { freeaddrinfo(first) }
            var addresses: [SocketAddress] = []
            var current: UnsafeMutablePointer<addrinfo>? = first
            while let info = current {
                if let pointer = info.pointee.ai_addr {
                    switch info.pointee.ai_family {
                    case AF_INET:
                        addresses.append(pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { SocketAddress($0.pointee, host: host) })
                    case AF_INET6:
                        addresses.append(pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { SocketAddress($0.pointee, host: host) })
                    default:
                        break
                    }
                }
                current = info.pointee.ai_next
            }
            return addresses
        }
    }

    // MARK: Connections

    /// Connects to the first permitted address that answers, within the deadline.
    func connect(_ host: String, port: Int, deadline: NIODeadline, tls: NIOSSLContext? = nil,
                 initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void> = { $0.eventLoop.makeSucceededVoidFuture() }) async throws -> any Channel {
        let addresses = try await permittedAddresses(host, port: port)
        var lastError: (any Error)?
        for address in addresses.prefix(4) {
            let remaining = deadline - .now()
            guard remaining > .zero else { throw Failure.timeout }
            let serverName = OutboundPolicy.bytes(host) == nil ? host : nil
            let bootstrap = ClientBootstrap(group: group)
                .connectTimeout(remaining)
                .channelInitializer { channel in
                    do {
                        if let tls {
                            let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                    return initializer(channel)
                }
            do {
                return try await bootstrap.connect(to: address).get()
            } catch ChannelError.connectTimeout {
                throw Failure.timeout
            } catch {
                lastError = error
            }
        }
        throw Failure.connectionFailed(lastError.map { String(describing: $0) } ?? "")
    }
}
