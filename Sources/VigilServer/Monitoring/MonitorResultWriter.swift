import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// Writes checks' results in batches, as `CheckInWriter` writes check-ins: one transaction for every
/// result that arrived while the previous transaction ran, so that thousands of checks a minute pay
/// for a few commits a second rather than one each. Each caller resumes once the transaction
/// holding its result has committed.
actor MonitorResultWriter {
    /// A result, with the monitor's new state already decided (`MonitorState.apply`).
    struct Item: Sendable {
        let monitor: MonitorRecord
        let outcome: CheckOutcome
        let state: MonitorState
        let at: Date
        /// Claimed by the scheduler: its next check time is written, its lease released.
        var claimed = false
    }

    let maxBatch: Int
    private var pending: [(Item, any Database, CheckedContinuation<Void, any Error>)] = []
    private var draining = false

    init(maxBatch: Int = 500) {
        self.maxBatch = maxBatch
    }

    func submit(_ item: Item, on db: any Database) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((item, db, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                try await Self.write(batch.map(\.0), on: batch[0].1)
                for entry in batch { entry.2.resume() }
            } catch {
                for entry in batch { entry.2.resume(throwing: error) }
            }
        }
        draining = false
    }

    /// One transaction: each monitor's row, a history line for each outcome that differs from the
    /// one before, and the hour's counters (one statement for all of them). Written as SQL rather than
    /// through the models: at thousands of checks a minute, Fluent's per-field work on a monitor's 35
    /// fields was a large part of a check's cost.
    static func write(_ items: [Item], on db: any Database) async throws {
        try await db.write { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            var history: [MonitorCheckRecord] = []
            for item in items {
                let monitor = item.monitor
                let previous = (status: monitor.status, code: monitor.lastCode)
                monitor.status = item.state.status.rawValue
                monitor.failures = item.state.failures
                monitor.lastCheckedAt = item.at
                monitor.lastMillis = item.outcome.responseMillis
                monitor.lastCode = item.outcome.code
                monitor.lastDetail = String(item.outcome.detail.prefix(500))
                monitor.checkCount += 1
                if let expires = item.outcome.certificateExpiresAt { monitor.certExpiresAt = expires }
                if previous.status != monitor.status { monitor.lastChangeAt = item.at }
                let id = try monitor.requireID()
                var update = SQLQueryString("""
                    UPDATE monitors SET status = \(bind: monitor.status), failures = \(bind: monitor.failures), \
                    last_checked_at = \(bind: item.at), last_millis = \(bind: monitor.lastMillis), last_code = \(bind: monitor.lastCode), \
                    last_detail = \(bind: monitor.lastDetail), check_count = check_count + 1, \
                    cert_expires_at = \(bind: monitor.certExpiresAt), last_change_at = \(bind: monitor.lastChangeAt)
                    """)
                if item.claimed {
                    update.appendInterpolation(unsafeRaw: ", ")
                    update.appendLiteral("next_check_at = ")
                    update.appendInterpolation(bind: monitor.nextCheckAt)
                    update.appendLiteral(", lease_until = NULL, leased_by = NULL")
                }
                update.appendLiteral(" WHERE id = ")
                update.appendInterpolation(bind: id)
                try await sql.raw(update).run()
                if previous.status != monitor.status || previous.code != item.outcome.code || monitor.checkCount == 1 {
                    history.append(MonitorCheckRecord(monitorID: id, at: item.at, status: item.state.status, outcome: item.outcome))
                }
            }
            if !history.isEmpty { try await history.create(on: db) }
            try await count(items, on: sql)
        }
    }

    /// The hours' counters of the batch's results: one insert, adding to the rows that exist.
    private static func count(_ items: [Item], on sql: any SQLDatabase) async throws {
        struct Key: Hashable { let monitor: UUID; let hour: Date }
        var sums: [Key: (checks: Int, failures: Int, millis: Int, max: Int)] = [:]
        for item in items {
            let hour = Date(timeIntervalSince1970: (item.at.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
            let key = Key(monitor: try item.monitor.requireID(), hour: hour)
            let failed = item.outcome.verdict == .down || item.outcome.verdict == .defaced ? 1 : 0
            let millis = item.outcome.responseMillis ?? 0
            let sum = sums[key] ?? (0, 0, 0, 0)
            sums[key] = (sum.checks + 1, sum.failures + failed, sum.millis + millis, max(sum.max, millis))
        }
        guard !sums.isEmpty else { return }
        var insert = SQLQueryString("INSERT INTO monitor_hours (id, monitor_id, hour, checks, failures, total_millis, max_millis) VALUES ")
        for (index, (key, sum)) in sums.enumerated() {
            if index > 0 { insert.appendLiteral(", ") }
            insert.appendInterpolation(
                "(\(bind: UUID()), \(bind: key.monitor), \(bind: key.hour), \(bind: sum.checks), \(bind: sum.failures), \(bind: sum.millis), \(bind: sum.max))"
                    as SQLQueryString)
        }
        insert.appendLiteral("""
             ON CONFLICT (monitor_id, hour) DO UPDATE SET checks = monitor_hours.checks + excluded.checks, \
            failures = monitor_hours.failures + excluded.failures, total_millis = monitor_hours.total_millis + excluded.total_millis, \
            max_millis = CASE WHEN excluded.max_millis > monitor_hours.max_millis THEN excluded.max_millis ELSE monitor_hours.max_millis END
            """)
        try await sql.raw(insert).run()
    }
}
