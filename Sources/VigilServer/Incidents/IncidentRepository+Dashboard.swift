import Fluent
import Foundation

extension IncidentRepository {
    struct OpenTask: Sendable {
        let incidentID: UUID
        let reference: String
        let incidentTitle: String
        let titleVi: String
        let titleEn: String
        let dueAt: Date
    }

    /// A responder's open tasks: those given to them, and those nobody holds in the incidents
    /// assigned to them, the nearest due first (the dashboard's "my tasks").
    func openTasks(of userID: UUID, limit: Int, on db: any Database) async throws -> [OpenTask] {
        try await IncidentTaskRecord.query(on: db)
            .join(IncidentRecord.self, on: \IncidentTaskRecord.$incident.$id == \IncidentRecord.$id)
            .filter(\.$status == "open")
            .filter(IncidentRecord.self, \.$status != .closed)
            .group(.or) { or in
                or.filter(\.$owner.$id == userID)
                or.group(.and) { and in
                    and.filter(\.$owner.$id == nil).filter(IncidentRecord.self, \.$assignee.$id == userID)
                }
            }
            .sort(\.$dueAt).limit(limit).all().compactMap { task in
                guard let incident = try? task.joined(IncidentRecord.self), let id = incident.id else { return nil }
                return OpenTask(incidentID: id, reference: incident.reference, incidentTitle: incident.title, titleVi: task.titleVi,
                                titleEn: task.titleEn, dueAt: task.dueAt)
            }
    }
}
