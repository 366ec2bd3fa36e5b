import Fluent
import Vapor
import VigilCore

/// The smaller actions on an incident, for the page (form posts that come back to it) and the API:
/// tasks, assignment, escalation, severity override, and recording the legal notification.
struct IncidentActionsController: RouteCollection, Sendable {
    let repository: IncidentRepository
    let service: IncidentService
    /// True for the JSON API under `/api/v1`, false for the pages.
    let isAPI: Bool

    func boot(routes: any RoutesBuilder) throws {
        if isAPI { routes.get(IncidentsPath.tasks(.key), use: tasks) }
        let handle = routes.grouped(RequirePermission(permission: .handleIncidents))
        handle.post(IncidentsPath.task(.key, task: .key), use: updateTask)
        handle.post(IncidentsPath.escalate(.key), use: escalate)
        handle.post(IncidentsPath.notification(.key), use: recordNotification)
        let manage = routes.grouped(RequirePermission(permission: .manageIncidents))
        manage.post(IncidentsPath.assign(.key), use: assign)
        manage.post(IncidentsPath.severity(.key), use: overrideSeverity)
        manage.post(IncidentsPath.disposition(.key), use: dispose)
    }

    struct DispositionRequest: Content {
        var disposition: String
        /// The other incident's reference (e.g. `SXD-2026-0007`) or id.
        var duplicateOf: String?
        var note: String?
    }

    @Sendable func dispose(req: Request) async throws -> Response {
        try await act(req, anchor: "response") { incident, user in
            let body = try decode(DispositionRequest.self, req)
            guard let disposition = IncidentService.Disposition(rawValue: body.disposition) else {
                throw VigilError.invalid("disposition", "validation.unknown_code", [body.disposition])
            }
            var target: IncidentRecord?
            if disposition == .duplicate, let raw = body.duplicateOf?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                var id = UUID(uuidString: raw)
                if id == nil { id = try await repository.id(ofReference: raw, on: req.db) }
                if let id { target = try await repository.find(id, for: user, on: req.db) }
            }
            try await service.dispose(incident, as: disposition, duplicateOf: target, note: body.note, by: user, address: req.clientAddress, on: req.db)
        }
    }

    struct TaskDTO: Content {
        let id: String
        let position: Int
        let phase: String
        let title: String
        let detail: String
        let actor: String
        let dueAt: Date
        let status: String
        let note: String?
        let doneAt: Date?
        let doneBy: String?
        let playbookVersion: Int
    }

    @Sendable func tasks(req: Request) async throws -> APIPage<TaskDTO> {
        let incident = try await repository.load(req)
        let english = req.language == .en
        let rows = try await repository.tasks(of: incident.requireID(), on: req.db).map {
            TaskDTO(id: $0.id!.uuidString.lowercased(), position: $0.position, phase: $0.phase, title: english ? $0.titleEn : $0.titleVi,
                    detail: english ? $0.detailEn : $0.detailVi, actor: $0.actor, dueAt: $0.dueAt, status: $0.status, note: $0.note,
                    doneAt: $0.doneAt, doneBy: $0.doneBy, playbookVersion: $0.playbookVersion)
        }
        return APIPage(rows: rows, limit: rows.count) { $0.id }
    }

    struct TaskUpdate: Content {
        var status: String
        var note: String?
    }

    @Sendable func updateTask(req: Request) async throws -> Response {
        try await act(req, anchor: "tasks") { incident, user in
            let body = try decode(TaskUpdate.self, req)
            guard let taskID = req.parameters.get("taskID", as: UUID.self) else { throw VigilError.notFound }
            _ = try await service.updateTask(incident, taskID: taskID, status: body.status, note: body.note, by: user, address: req.clientAddress, on: req.db)
        }
    }

    struct AssignRequest: Content { var assigneeId: String }

    @Sendable func assign(req: Request) async throws -> Response {
        try await act(req, anchor: "response") { incident, user in
            let body = try decode(AssignRequest.self, req)
            guard let id = try InputValidation.uuid(body.assigneeId, field: "assignee") else { throw VigilError.invalid("assignee", "validation.required") }
            try await service.assign(incident, to: id, by: user, address: req.clientAddress, on: req.db)
        }
    }

    struct EscalateRequest: Content {
        var to: String
        var note: String?
    }

    @Sendable func escalate(req: Request) async throws -> Response {
        try await act(req, anchor: "response") { incident, user in
            let body = try decode(EscalateRequest.self, req)
            guard let target = IncidentService.EscalationTarget(rawValue: body.to) else { throw VigilError.invalid("to", "validation.unknown_code", [body.to]) }
            try await service.escalate(incident, to: target, note: body.note, by: user, address: req.clientAddress, on: req.db)
        }
    }

    struct SeverityRequest: Content {
        var severity: String
        var reason: String
    }

    @Sendable func overrideSeverity(req: Request) async throws -> Response {
        try await act(req, anchor: "classification") { incident, user in
            let body = try decode(SeverityRequest.self, req)
            guard let severity = Severity(rawValue: body.severity) else { throw VigilError.invalid("severity", "validation.unknown_code", [body.severity]) }
            try await service.overrideSeverity(incident, to: severity, reason: body.reason, by: user, address: req.clientAddress, on: req.db)
        }
    }

    struct NotificationRequest: Content {
        var sentAt: String?
        var recipients: String
    }

    @Sendable func recordNotification(req: Request) async throws -> Response {
        try await act(req, anchor: "clock") { incident, user in
            let body = try decode(NotificationRequest.self, req)
            var sentAt = Date()
            if let raw = body.sentAt, !raw.isEmpty {
                let parsed = isAPI ? ISO8601DateFormatter().date(from: raw) : try IncidentPageController.localDateTime(raw, req, field: "sentAt")
                guard let parsed else { throw VigilError.invalid("sentAt", "validation.date") }
                sentAt = parsed
            }
            try await service.recordNotification(incident, at: sentAt, recipients: body.recipients, by: user, address: req.clientAddress, on: req.db)
        }
    }

    // MARK: Shared

    private func decode<T: Decodable>(_ type: T.Type, _ req: Request) throws -> T {
        isAPI ? try req.decodeJSON(type) : try req.content.decode(type)
    }

    /// Runs an action: the API answers with the incident; a page goes back to the incident, or shows
    /// the error at the top of it.
    private func act(_ req: Request, anchor: String, _ action: (IncidentRecord, CurrentUser) async throws -> Void) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let path = IncidentsPath.show(.value(try incident.requireID()))
        do {
            try await action(incident, user)
        } catch let error as VigilError where !isAPI && error.status.code < 500 && error.status != .notFound {
            // Only the message's key travels in the address, so nobody can put words of their own on the page.
            return req.redirect(to: path.link(problem: error.allFieldErrors.first?.messageKey ?? error.messageKey, fragment: anchor))
        }
        if isAPI {
            guard let reloaded = try await repository.find(try incident.requireID(), for: user, on: req.db) else { throw VigilError.notFound }
            return try await IncidentDTO(reloaded).encodeResponse(for: req)
        }
        return req.redirect(to: path.link(notice: "saved", fragment: anchor))
    }
}
