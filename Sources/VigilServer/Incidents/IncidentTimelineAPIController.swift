import Vapor
import VigilCore

/// An incident's comments and timeline in the API: `GET|POST /api/v1/incidents/{id}/comments`,
/// `GET /api/v1/incidents/{id}/timeline`. Whoever sees the incident reads them; commenting needs
/// `commentIncidents`, as on the page.
struct IncidentTimelineAPIController: Sendable {
    let repository: IncidentRepository
    let service: IncidentService

    func boot(routes: any RoutesBuilder) throws {
        routes.get(IncidentsPath.comments(.key), use: comments)
        routes.grouped(RequirePermission(permission: .commentIncidents)).post(IncidentsPath.comments(.key), use: comment)
        routes.get(IncidentsAPIPath.timeline(.key), use: timeline)
    }

    struct EventDTO: Content {
        let id: String
        let at: Date
        let kind: String
        let actor: String
        let actorId: String?
        let from: String?
        let to: String?
        let note: String?

        init(_ event: IncidentEventRecord) {
            id = event.id!.uuidString.lowercased()
            at = event.at
            kind = event.kind
            actor = event.actorLabel
            actorId = event.actorID?.uuidString.lowercased()
            from = event.fromStatus
            to = event.toStatus
            note = event.note
        }
    }

    struct CommentDTO: Content {
        let id: String
        let at: Date
        let author: String
        let authorId: String?
        let text: String

        init(_ event: IncidentEventRecord) {
            id = event.id!.uuidString.lowercased()
            at = event.at
            author = event.actorLabel
            authorId = event.actorID?.uuidString.lowercased()
            text = event.note ?? ""
        }
    }

    struct CommentBody: Content {
        var text: String?
    }

    @Sendable func comments(req: Request) async throws -> APIPage<CommentDTO> {
        let incident = try await repository.load(req)
        let rows = try await repository.events(of: try incident.requireID(), on: req.db).filter { $0.kind == "comment" }
        return APIPage(items: rows.map(CommentDTO.init), nextKey: nil)
    }

    @Sendable func comment(req: Request) async throws -> Response {
        let incident = try await repository.load(req)
        let body = try req.decodeJSON(CommentBody.self)
        let made = try await service.comment(incident, text: body.text ?? "", field: "text", by: try req.currentUser, on: req.db)
        return try await CommentDTO(made).encodeResponse(status: .created, for: req)
    }

    @Sendable func timeline(req: Request) async throws -> APIPage<EventDTO> {
        let incident = try await repository.load(req)
        return APIPage(items: try await repository.events(of: try incident.requireID(), on: req.db).map(EventDTO.init), nextKey: nil)
    }
}
