import Fluent
import Foundation

extension IncidentRepository {
    struct PendingNotification: Sendable {
        let incidentID: UUID
        let organisationID: UUID
        let reference: String
        let notifyBy: Date
    }

    /// The incidents of these organisations still to be notified (kept as incidents, with a legal
    /// deadline and no notification yet), the nearest deadline first: the compliance calendar's
    /// entries, the same incidents as the list's `overdue` filter once their deadline has passed.
    func pendingNotifications(organisations ids: [UUID], limit: Int, on db: any Database) async throws -> [PendingNotification] {
        guard !ids.isEmpty else { return [] }
        return try await IncidentRecord.query(on: db).filter(\.$organisation.$id ~~ ids).filter(\.$disposition == "open")
            .filter(\.$notifiedAt == nil).filter(\.$notifyBy != nil).sort(\.$notifyBy).limit(limit).all().compactMap { incident in
                guard let id = incident.id, let due = incident.notifyBy else { return nil }
                return PendingNotification(incidentID: id, organisationID: incident.$organisation.id, reference: incident.reference, notifyBy: due)
            }
    }
}
