import Fluent
import Foundation
import NIOCore
import Vapor
import VigilCore

/// Sends the webhooks' calls: a loop of its own (`serve` only), so that a slow receiver delays
/// nothing but its own webhook's calls. Each round claims the webhooks whose next call is due
/// (`WebhookDeliveryStore.claim`) and sends each one's calls in order, several webhooks at once;
/// a call that fails waits for its retry (`MailRetryPolicy.webhooks`), and the calls after it wait
/// behind it, until it is delivered or given up a day later. A process that dies mid-call loses
/// its claim when the lease runs out, and the call is sent again: receivers get each call at
/// least once, and tell repeats by the event's id.
final class WebhookSender: LifecycleHandler, @unchecked Sendable {
    let store: WebhookDeliveryStore
    let client: OutboundClient
    let secrets: MailSecretBox
    let policy: MailRetryPolicy
    let timeout: TimeAmount
    /// At most this many calls of one webhook per round, and this many webhooks claimed per round.
    let batchSize: Int
    let webhooksPerRound: Int
    private let pollInterval: TimeInterval
    private let owner = UUID().uuidString.lowercased()
    private let loop = PollingLoop()

    init(store: WebhookDeliveryStore, client: OutboundClient, secrets: MailSecretBox, policy: MailRetryPolicy = .webhooks,
         timeout: TimeAmount = .seconds(10), batchSize: Int = 20, webhooksPerRound: Int = 8, pollInterval: TimeInterval = 5) {
        self.store = store
        self.client = client
        self.secrets = secrets
        self.policy = policy
        self.timeout = timeout
        self.batchSize = batchSize
        self.webhooksPerRound = webhooksPerRound
        self.pollInterval = pollInterval
    }

    /// Long enough for a whole batch at the slowest the timeout allows.
    var lease: TimeInterval { TimeInterval(timeout.nanoseconds) / 1e9 * Double(batchSize) + 60 }

    func didBootAsync(_ application: Application) async throws {
        let db = application.db
        let logger = application.logger
        // Calls went out: there may be more behind them (a batch per webhook); otherwise wait.
        loop.start(pollInterval: pollInterval) { [self] in await deliverDue(on: db, logger: logger, now: Date()).delivered > 0 }
    }

    func shutdownAsync(_ application: Application) async {
        await loop.stop()
    }

    struct Outcome: Equatable, Sendable {
        var webhooks = 0
        var delivered = 0
        var failed = 0
    }

    /// One round. Never throws: every error is a call's, or logged.
    @discardableResult
    func deliverDue(on db: any Database, logger: Logger, now: Date) async -> Outcome {
        let claimed: [WebhookRecord]
        do {
            claimed = try await store.claim(limit: webhooksPerRound, lease: lease, by: owner, now: now, on: db)
        } catch {
            logger.warning("webhook round failed", metadata: ["error": "\(error)"])
            return Outcome()
        }
        return await withTaskGroup(of: Outcome.self) { group in
            for webhook in claimed {
                group.addTask { await self.drain(webhook, on: db, logger: logger, now: now) }
            }
            var total = Outcome(webhooks: claimed.count)
            for await outcome in group {
                total.delivered += outcome.delivered
                total.failed += outcome.failed
            }
            return total
        }
    }

    /// Sends one claimed webhook's due calls in order, stopping at the first that fails.
    private func drain(_ webhook: WebhookRecord, on db: any Database, logger: Logger, now: Date) async -> Outcome {
        var outcome = Outcome()
        guard let id = webhook.id else { return outcome }
        do {
            let secret = try secrets.open(webhook.sealedSecret)
            let url = try WebhookTarget.parse(webhook.url)
            while outcome.delivered < batchSize, let head = try await store.head(of: id, now: now, on: db) {
                // The clock goes on during a round; `now` may also be a test's later time.
                let at = max(now, Date())
                let result = await send(head, to: url, secret: secret, now: at)
                try await store.record(head, result, policy: policy, now: at, on: db)
                guard result.delivered else {
                    outcome.failed += 1
                    logger.info("webhook call failed", metadata: ["webhook": "\(id)", "error": "\(result.error ?? "")"])
                    break
                }
                outcome.delivered += 1
            }
        } catch {
            logger.warning("webhook not sent", metadata: ["webhook": "\(id)", "error": "\(error)"])
        }
        try? await store.release(id, by: owner, on: db)
        return outcome
    }

    /// One call: the stored body, signed; any 2xx answer delivers it, anything else fails it.
    func send(_ delivery: WebhookDeliveryRecord, to url: URL, secret: String, now: Date) async -> WebhookDeliveryStore.Result {
        let body = Data(delivery.body.utf8)
        let headers = [
            ("Content-Type", "application/json"),
            ("X-Vigil-Event", delivery.event),
            ("X-Vigil-Event-Id", delivery.eventID.uuidString.lowercased()),
            ("X-Vigil-Delivery", delivery.id?.uuidString.lowercased() ?? ""),
            ("X-Vigil-Timestamp", String(Int(now.timeIntervalSince1970))),
            ("X-Vigil-Signature", WebhookSignature.sign(body, secret: secret)),
        ]
        let started = Date()
        do {
            let response = try await client.post(url, body: body, headers: headers, timeout: timeout, userAgent: "Vigil-Webhooks/1")
            let excerpt = String(String(decoding: response.body.prefix(400), as: UTF8.self).prefix(200))
            return .init(statusCode: response.status, error: (200...299).contains(response.status) ? nil : "http_status", excerpt: excerpt,
                         millis: response.millis)
        } catch {
            return .init(statusCode: nil, error: Self.code(error), excerpt: "", millis: Int(Date().timeIntervalSince(started) * 1000))
        }
    }

    /// A failure as the log shows it (and `webhook.error.<code>` says in words).
    static func code(_ error: any Error) -> String { OutboundClient.failureCode(error) }
}

struct WebhookSenderKey: StorageKey { typealias Value = WebhookSender }
