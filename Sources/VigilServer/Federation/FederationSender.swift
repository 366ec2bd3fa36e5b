import Fluent
import Foundation
import NIOCore
import Vapor
import VigilCore

/// Sends the queued messages to the paired installations: a loop of its own (`serve` only), as
/// `WebhookSender`. Each round claims the peers whose next message is due and sends each peer's
/// messages in order; a message counts as received only when the peer answers with a receipt
/// signed by the key paired for it. A failed one waits for its retry
/// (`MailRetryPolicy.federation`), and the messages behind it wait too.
final class FederationSender: LifecycleHandler, @unchecked Sendable {
    let store: FederationDeliveryStore
    let client: OutboundClient
    let policy: MailRetryPolicy
    let timeout: TimeAmount
    let batchSize: Int
    private let pollInterval: TimeInterval
    private let owner = UUID().uuidString.lowercased()
    private let loop = PollingLoop()

    init(store: FederationDeliveryStore, client: OutboundClient, policy: MailRetryPolicy = .federation, timeout: TimeAmount = .seconds(30),
         batchSize: Int = 20, pollInterval: TimeInterval = 3) {
        self.store = store
        self.client = client
        self.policy = policy
        self.timeout = timeout
        self.batchSize = batchSize
        self.pollInterval = pollInterval
    }

    var lease: TimeInterval { TimeInterval(timeout.nanoseconds) / 1e9 * Double(batchSize) + 60 }

    func didBootAsync(_ application: Application) async throws {
        let db = application.db
        let logger = application.logger
        loop.start(pollInterval: pollInterval) { [self] in await sendDue(on: db, logger: logger, now: Date()) > 0 }
    }

    func shutdownAsync(_ application: Application) async {
        await loop.stop()
    }

    /// One round; returns how many messages were received by their peers. Never throws.
    @discardableResult
    func sendDue(on db: any Database, logger: Logger, now: Date) async -> Int {
        let claimed: [FederationPeerRecord]
        do {
            claimed = try await store.claim(limit: 8, lease: lease, by: owner, now: now, on: db)
        } catch {
            logger.warning("federation round failed", metadata: ["error": "\(error)"])
            return 0
        }
        return await withTaskGroup(of: Int.self) { group in
            for peer in claimed { group.addTask { await self.drain(peer, on: db, logger: logger, now: now) } }
            var total = 0
            for await sent in group { total += sent }
            return total
        }
    }

    private func drain(_ peer: FederationPeerRecord, on db: any Database, logger: Logger, now: Date) async -> Int {
        var sent = 0
        guard let id = peer.id else { return 0 }
        do {
            while sent < batchSize, let head = try await store.head(of: id, now: now, on: db) {
                let at = max(now, Date())
                let result = await send(head, to: peer)
                try await store.record(head, result, policy: policy, now: at, on: db)
                guard result.receipt != nil else {
                    logger.info("federation message not received", metadata: ["peer": "\(peer.name)", "error": "\(result.error ?? "")"])
                    break
                }
                sent += 1
            }
        } catch {
            logger.warning("federation messages not sent", metadata: ["peer": "\(peer.name)", "error": "\(error)"])
        }
        try? await store.release(id, by: owner, on: db)
        return sent
    }

    /// The peer's address for messages.
    static func endpoint(_ peer: FederationPeerRecord) -> URL? {
        var base = peer.url
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/api/v1/federation/messages")
    }

    /// One attempt: the stored bytes and signature; the answer must be a receipt for this message,
    /// from this peer, signed with its key.
    func send(_ message: FederationOutboundRecord, to peer: FederationPeerRecord) async -> FederationDeliveryStore.Result {
        guard let url = Self.endpoint(peer) else { return .init(error: "invalid_url") }
        let headers = [
            ("Content-Type", "application/json"),
            ("X-Vigil-Signature", message.signature),
        ]
        do {
            let response = try await client.post(url, body: Data(message.body.utf8), headers: headers, timeout: timeout, userAgent: "Vigil-Federation/1")
            guard (200...299).contains(response.status) else {
                let code = FederationReceiveController.errorCode(in: response.body) ?? "http_\(response.status)"
                return .init(error: String(code.prefix(60)))
            }
            let signature = response.headers.first { $0.0.lowercased() == "x-vigil-signature" }?.1 ?? ""
            guard FederationKeys.verify(response.body, header: signature, publicKey: peer.publicKey),
                  let receipt = FederationReceipt.decode(response.body), receipt.id == message.id, receipt.receiver == peer.installationID
            else { return .init(error: "bad_receipt") }
            return .init(receipt: receipt, receiptBody: String(decoding: response.body, as: UTF8.self), receiptSignature: signature)
        } catch {
            return .init(error: OutboundClient.failureCode(error))
        }
    }
}

struct FederationSenderKey: StorageKey { typealias Value = FederationSender }
