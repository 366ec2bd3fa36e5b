import Fluent
import Foundation
import VigilCore

extension AdvisoryRepository {
    struct OpenTask: Sendable {
        let taskID: UUID
        let advisoryID: UUID
        let organisationID: UUID
        let reference: String
        /// The warning's deadline day, yyyy-MM-dd in the display time zone.
        let deadline: String
    }

    /// The open tasks (not yet fixed or closed) of these organisations, the nearest deadline first:
    /// the compliance calendar's entries.
    func openTasks(organisations ids: [UUID], limit: Int, on db: any Database) async throws -> [OpenTask] {
        guard !ids.isEmpty else { return [] }
        let open = AdvisoryTaskStatus.allCases.filter { !$0.isClosed }.map(\.rawValue)
        let tasks = try await AdvisoryTaskRecord.query(on: db).filter(\.$organisationID ~~ ids).filter(\.$status ~~ open).all()
        guard !tasks.isEmpty else { return [] }
        let advisories = Dictionary(uniqueKeysWithValues: try await AdvisoryRecord.query(on: db).filter(\.$id ~~ Set(tasks.map(\.advisoryID))).all()
            .map { ($0.id!, $0) })
        return tasks.compactMap { task in
            guard let id = task.id, let advisory = advisories[task.advisoryID] else { return nil }
            return OpenTask(taskID: id, advisoryID: task.advisoryID, organisationID: task.organisationID, reference: advisory.reference,
                            deadline: advisory.deadline)
        }.sorted { ($0.deadline, $0.reference) < ($1.deadline, $1.reference) }.prefix(limit).map { $0 }
    }
}
