import Fluent
import Foundation

/// A periodic job's state, shared by every Vigil process: whoever claims the row runs the job.
final class ScheduledJobRecord: Model, @unchecked Sendable {
    static let schema = "scheduled_jobs"

    @ID(custom: "name", generatedBy: .user) var id: String?
    @Field(key: "next_run_at") var nextRunAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "locked_by") var lockedBy: String?
    @OptionalField(key: "last_started_at") var lastStartedAt: Date?
    @OptionalField(key: "last_finished_at") var lastFinishedAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "run_count") var runCount: Int

    init() {}

    init(name: String, nextRunAt: Date) {
        self.id = name
        self.nextRunAt = nextRunAt
        self.runCount = 0
    }
}
