import Fluent
import Foundation
import SQLKit
import Vapor

/// A periodic job. The scheduler runs it at most once per interval across all Vigil processes.
struct PeriodicJob: Sendable {
    let name: String
    let interval: TimeInterval
    /// How long a claim lasts; a process that dies mid-job loses its claim after this.
    let lease: TimeInterval
    let run: @Sendable (any Database, Logger) async throws -> Void
}

/// Claims due jobs in the database and runs them. A claim is one conditional `UPDATE`: whichever
/// process changes the row owns this run, so a job runs once however many processes poll.
final class JobScheduler: LifecycleHandler, @unchecked Sendable {
    private let jobs: [PeriodicJob]
    private let pollInterval: TimeInterval
    private let instanceID = UUID().uuidString.lowercased()
    private var task: Task<Void, Never>?

    init(jobs: [PeriodicJob], pollInterval: TimeInterval) {
        self.jobs = jobs
        self.pollInterval = pollInterval
    }

    func didBootAsync(_ application: Application) async throws {
        let db = application.db
        let logger = application.logger
        task = Task { [self] in
            while !Task.isCancelled {
                await runDueJobs(on: db, logger: logger, now: Date())
                try? await Task.sleep(for: .seconds(pollInterval))
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        task = nil
    }

    /// Runs each job whose time has come and that this process claims. Returns the names run.
    @discardableResult
    func runDueJobs(on db: any Database, logger: Logger, now: Date) async -> [String] {
        var ran: [String] = []
        for job in jobs {
            do {
                guard try await claim(job, on: db, now: now) else { continue }
                var failure: String?
                do {
                    try await job.run(db, logger)
                } catch {
                    failure = String(describing: error)
                    logger.error("job failed", metadata: ["job": "\(job.name)", "error": "\(failure!)"])
                }
                try await ScheduledJobRecord.query(on: db).filter(\.$id == job.name)
                    .set(\.$lastFinishedAt, to: Date()).set(\.$lastError, to: failure).set(\.$lockedUntil, to: nil)
                    .update()
                ran.append(job.name)
            } catch {
                logger.warning("job scheduling failed", metadata: ["job": "\(job.name)", "error": "\(error)"])
            }
        }
        return ran
    }

    private func claim(_ job: PeriodicJob, on db: any Database, now: Date) async throws -> Bool {
        if try await ScheduledJobRecord.find(job.name, on: db) == nil {
            // Two processes may both insert; the loser's insert fails on the primary key, harmlessly.
            try? await ScheduledJobRecord(name: job.name, nextRunAt: now).create(on: db)
        }
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(ScheduledJobRecord.schema)
            .set("locked_by", to: instanceID)
            .set("locked_until", to: now.addingTimeInterval(job.lease))
            .set("next_run_at", to: now.addingTimeInterval(job.interval))
            .set("last_started_at", to: now)
            .set(SQLIdentifier("run_count"), to: SQLBinaryExpression(SQLIdentifier("run_count"), .add, SQLLiteral.numeric("1")))
            .where("name", .equal, job.name)
            .where("next_run_at", .lessThanOrEqual, now)
            .where { $0.where("locked_until", .is, SQLLiteral.null).orWhere("locked_until", .lessThan, now) }
            .returning("name")
            .all()
        return rows.count == 1
    }
}
