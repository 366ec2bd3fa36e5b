import Fluent
import Foundation
import VigilCore

extension IncidentService {
    /// A comment on the incident's timeline (the page's form and `POST /api/v1/incidents/{id}/comments`).
    /// `field` names the text in the error: the page's form calls it `comment`, the API `text`.
    @discardableResult
    func comment(_ incident: IncidentRecord, text: String, field: String = "comment", by user: CurrentUser, on db: any Database,
                 now: Date = Date()) async throws -> IncidentEventRecord {
        let text = try InputValidation.text(text, field: field, maxLength: 10_000)
        let event = IncidentEventRecord(incidentID: try incident.requireID(), at: now, actorID: user.userID, actorLabel: user.displayName,
                                        kind: "comment", note: text)
        try await event.create(on: db)
        return event
    }
}
