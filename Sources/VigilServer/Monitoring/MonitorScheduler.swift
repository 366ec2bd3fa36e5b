import Fluent
import FluentSQL
import Foundation
import SQLKit
import Vapor
import VigilCore

/// Runs monitors' checks when they are due: claims them in the database with a lease (one
/// conditional `UPDATE`, so that with several processes each check runs once and the work is
/// shared), runs at most `concurrency` at a time so that a slow or hanging target holds one slot
/// for its timeout and no more, and schedules the next check one interval after the last was
/// due (checks stay spread as they were created). A process that dies loses its claims when their
/// leases run out; nothing is kept only in memory.
final class MonitorScheduler: LifecycleHandler, @unchecked Sendable {
    private let runner: MonitorRunner
    private let concurrency: Int
    /// Results probed and not yet written, at most (then no more claims until some are written).
    private let maxRecording = 2_000
    /// Slots freed before the next claim while checks are overdue. A claim is a write; claiming for
    /// each freed slot capped the checks at the claims' rate (190 a second, with thousands overdue
    /// after a bulk creation and the CPU three-quarters idle).
    private var claimBatch: Int { max(1, concurrency / 4) }
    private let instanceID = UUID().uuidString.lowercased()
    private var task: Task<Void, Never>?

    init(runner: MonitorRunner, concurrency: Int) {
        self.runner = runner
        self.concurrency = concurrency
    }

    /// What a task of the scheduler's group did: a probe (which held one of the `concurrency`
    /// slots) or the recording of its result (which waits for the batched write, and holds no slot:
    /// a database busy with other writes then delays the results, not the next checks).
    private enum Step: Sendable {
        case probed(MonitorRecord, MonitorProbe.Result, Date)
        case recorded
    }

    func didBootAsync(_ application: Application) async throws {
        let db = application.db
        let logger = application.logger
        task = Task { [self] in
            await withTaskGroup(of: Step.self) { group in
                var probing = 0, recording = 0
                // The administrator's markers, read again every half minute rather than per check.
                var markers: (read: ContinuousClock.Instant, list: [String])?
                func collect(_ step: Step) {
                    switch step {
                    case .probed(let monitor, let result, let at):
                        probing -= 1
                        recording += 1
                        group.addTask { [runner] in
                            do {
                                try await runner.record(result, of: monitor, claimed: true, on: db, now: at)
                            } catch {
                                logger.warning("monitor check failed", metadata: ["monitor": "\(monitor.id?.uuidString ?? "")", "error": "\(error)"])
                            }
                            return .recorded
                        }
                    case .recorded:
                        recording -= 1
                    }
                }
                while !Task.isCancelled {
                    if markers == nil || ContinuousClock.now - markers!.read > .seconds(30) {
                        markers = (ContinuousClock.now, (try? await runner.settings.markers(on: db)) ?? markers?.list ?? [])
                    }
                    let currentMarkers = markers?.list ?? []
                    // Results waiting for the database hold no slot, but there is a bound on them.
                    let free = recording < maxRecording ? concurrency - probing : 0
                    var claimed: [MonitorRecord] = []
                    if free > 0 {
                        do {
                            claimed = try await claim(limit: free, on: db, now: Date())
                        } catch {
                            logger.warning("monitor claim failed", metadata: ["error": "\(error)"])
                        }
                    }
                    for monitor in claimed {
                        probing += 1
                        group.addTask { [runner] in
                            let at = Date()
                            return .probed(monitor, await runner.probe(monitor, markers: currentMarkers, on: db, now: at), at)
                        }
                    }
                    // Collect what finished; wait a little when nothing is due or every slot is busy.
                    if claimed.isEmpty || probing > concurrency - claimBatch || recording >= maxRecording {
                        let deadline = ContinuousClock.now + .milliseconds(claimed.isEmpty ? 500 : 50)
                        while probing + recording > 0, ContinuousClock.now < deadline {
                            guard let step = await group.next() else { break }
                            collect(step)
                            if probing <= concurrency - claimBatch && recording < maxRecording && !claimed.isEmpty { break }
                        }
                        if probing + recording == 0 { try? await Task.sleep(until: deadline) }
                    }
                }
                group.cancelAll()
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
        task = nil
    }

    /// Claims due monitors for this process and sets their next check; returns them.
    func claim(limit: Int, on db: any Database, now: Date) async throws -> [MonitorRecord] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let token = UUID().uuidString.lowercased()
        // The conditions are repeated outside the subquery so that PostgreSQL re-checks them on a
        // row another process has just claimed, and skips it.
        // The claimed rows come back from the UPDATE itself (SQLite and PostgreSQL both have
        // RETURNING): `leased_by` has no index, and a query on it read every monitor's row for each claim.
        let monitors = try await sql.raw("""
            UPDATE monitors SET leased_by = \(bind: token), lease_until = \(bind: now.addingTimeInterval(90))
            WHERE id IN (SELECT id FROM monitors WHERE paused = \(bind: false) AND next_check_at <= \(bind: now)
                         AND (lease_until IS NULL OR lease_until < \(bind: now)) ORDER BY next_check_at LIMIT \(unsafeRaw: String(limit)))
            AND paused = \(bind: false) AND next_check_at <= \(bind: now) AND (lease_until IS NULL OR lease_until < \(bind: now))
            RETURNING *
            """).all().map { try $0.decode(fluentModel: MonitorRecord.self) }
        for monitor in monitors {
            var next = monitor.nextCheckAt.addingTimeInterval(TimeInterval(monitor.intervalSeconds))
            // Behind by more than an interval (a restart, an overload): start again from now.
            if next < now { next = now.addingTimeInterval(TimeInterval(monitor.intervalSeconds)) }
            monitor.nextCheckAt = next
            monitor.leasedBy = nil
            monitor.leaseUntil = nil
        }
        return monitors
    }
}
