import Fluent
import Foundation
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
    /// one before, and the hour's counters (read in one query, new hours inserted in one statement).
    static func write(_ items: [Item], on db: any Database) async throws {
        try await db.write { db in
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
                try await monitor.save(on: db)
                if previous.status != monitor.status || previous.code != item.outcome.code || monitor.checkCount == 1 {
                    history.append(MonitorCheckRecord(monitorID: try monitor.requireID(), at: item.at, status: item.state.status, outcome: item.outcome))
                }
            }
            if !history.isEmpty { try await history.create(on: db) }
            try await count(items, on: db)
        }
    }

    /// The hours' counters of the batch's results.
    private static func count(_ items: [Item], on db: any Database) async throws {
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
        let hours = Set(sums.keys.map(\.hour))
        let existing = try await MonitorHourRecord.query(on: db).filter(\.$monitorID ~~ Set(sums.keys.map(\.monitor)))
            .filter(\.$hour ~~ hours).all()
        var found: [Key: MonitorHourRecord] = [:]
        for row in existing { found[Key(monitor: row.monitorID, hour: row.hour)] = row }
        var created: [MonitorHourRecord] = []
        for (key, sum) in sums {
            if let row = found[key] {
                row.checks += sum.checks
                row.failures += sum.failures
                row.totalMillis += sum.millis
                row.maxMillis = max(row.maxMillis, sum.max)
                try await row.save(on: db)
            } else {
                let row = MonitorHourRecord()
                row.id = UUID()
                (row.monitorID, row.hour, row.checks, row.failures, row.totalMillis, row.maxMillis) = (key.monitor, key.hour, sum.checks, sum.failures, sum.millis, sum.max)
                created.append(row)
            }
        }
        if !created.isEmpty { try await created.create(on: db) }
    }
}
