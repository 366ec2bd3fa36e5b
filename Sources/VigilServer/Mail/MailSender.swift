import Fluent
import Foundation
import NIOCore
import Vapor
import VigilCore

/// Sends the outbox: a loop of its own (`serve` only), apart from requests and from the other
/// jobs, so that a slow or dead mail server delays nothing but mail. Each round claims due
/// messages (`MailOutbox.claim`), sends them over one connection, and records each outcome; a
/// failure schedules the message again (`MailRetryPolicy`), so a process that stops, a server that
/// refuses or hangs, loses nothing.
final class MailSender: LifecycleHandler, @unchecked Sendable {
    let outbox: MailOutbox
    let settings: MailSettingsStore
    let client: SMTPClient
    let policy: MailRetryPolicy
    let batchSize: Int
    private let pollInterval: TimeInterval
    // Set and cleared by the lifecycle only.
    private var task: Task<Void, Never>?

    init(outbox: MailOutbox, settings: MailSettingsStore, client: SMTPClient, policy: MailRetryPolicy = .standard,
         batchSize: Int = 10, pollInterval: TimeInterval = 10) {
        self.outbox = outbox
        self.settings = settings
        self.client = client
        self.policy = policy
        self.batchSize = batchSize
        self.pollInterval = pollInterval
    }

    /// Long enough for a whole batch at the slowest the steps' deadlines allow.
    var lease: TimeInterval {
        TimeInterval(client.stepTimeout.nanoseconds) / 1e9 * Double(6 * batchSize + 4) + 60
    }

    func didBootAsync(_ application: Application) async throws {
        let db = application.db
        let logger = application.logger
        task = Task { [self] in
            while !Task.isCancelled {
                let outcome = await sendDue(on: db, logger: logger, now: Date())
                // A full batch: there may be more; otherwise wait.
                if outcome.claimed < batchSize { try? await Task.sleep(for: .seconds(pollInterval)) }
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
        task = nil
    }

    struct Outcome: Equatable, Sendable {
        var claimed = 0
        var sent = 0
        var failed = 0
    }

    /// One round: claims what is due and sends it. Never throws: every error is the messages'.
    @discardableResult
    func sendDue(on db: any Database, logger: Logger, now: Date) async -> Outcome {
        var outcome = Outcome()
        do {
            guard try await settings.isEnabled(on: db) else { return outcome }
            let claimed = try await outbox.claim(limit: batchSize, lease: lease, on: db, now: now)
            outcome.claimed = claimed.count
            guard !claimed.isEmpty else { return outcome }
            let smtp: SMTPSettings
            do {
                guard let current = try await settings.current(on: db) else {
                    for record in claimed { try await outbox.release(record, on: db) }
                    return outcome
                }
                smtp = current
            } catch let failure as SMTPClient.Failure {
                try await fail(claimed, failure, &outcome, on: db, logger: logger, now: now)
                return outcome
            }
            let session: SMTPSession
            do {
                session = try await client.open(smtp)
            } catch {
                try await fail(claimed, SMTPClient.Failure.from(error), &outcome, on: db, logger: logger, now: now)
                return outcome
            }
            var remaining = claimed[...]
            while let record = remaining.popFirst() {
                do {
                    let message = MailMessage(from: smtp.from, to: try MailAddress(record.recipient), subject: record.subject, body: record.body,
                                              date: now, messageID: try record.requireID().uuidString.lowercased())
                    try await session.send(message)
                    try await outbox.markSent(try record.requireID(), on: db, now: now)
                    outcome.sent += 1
                } catch {
                    let failure = SMTPClient.Failure.from(error)
                    try await fail([record], failure, &outcome, on: db, logger: logger, now: now)
                    // A refusal leaves the session usable; anything else broke it: the rest wait
                    // for the next round, uncounted.
                    if case .rejected = failure { continue }
                    for rest in remaining { try await outbox.release(rest, on: db) }
                    session.abort()
                    return outcome
                }
            }
            await session.close()
        } catch {
            logger.warning("mail round failed", metadata: ["error": "\(error)"])
        }
        return outcome
    }

    private func fail(_ records: [MailOutboxRecord], _ failure: SMTPClient.Failure, _ outcome: inout Outcome,
                      on db: any Database, logger: Logger, now: Date) async throws {
        logger.warning("mail not sent", metadata: ["error": "\(failure.code)", "detail": "\(failure.detail)", "messages": "\(records.count)"])
        for record in records {
            try await outbox.markFailed(record, failure: failure, policy: policy, on: db, now: now)
            outcome.failed += 1
        }
    }
}

struct MailSenderKey: StorageKey { typealias Value = MailSender }
