import Vapor
import VigilCore

/// `/api/v1/drills`: plan a drill, read them, record its timeline and findings, move its status,
/// the yearly obligation and the after-action report.
struct DrillAPIController: Sendable {
    let service: DrillService
    let wording: DrillWording

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewDrills))
        let manage = routes.grouped(RequirePermission(permission: .manageDrills))
        manage.post(DrillsAPIPath.drills, use: create)
        view.get(DrillsAPIPath.drills, use: list)
        view.get(DrillsAPIPath.obligations, use: obligations)
        view.get(DrillsAPIPath.drill(.key), use: show)
        manage.post(DrillsAPIPath.events(.key), use: addEvent)
        manage.post(DrillsAPIPath.status(.key), use: advance)
        view.get(DrillsAPIPath.report(.key), use: report)
    }

    struct CreateBody: Content {
        var title: String?
        var scenario: String?
        var systemIds: [String]?
        var plannedAt: String?
        var organisedBy: String?
        var objectives: String?
        var participantIds: [String]?
    }

    struct EventBody: Content {
        var kind: String?
        var at: String?
        var actor: String?
        var text: String?
        var owner: String?
        var dueAt: String?
        var planReview: Bool?
    }

    struct StatusBody: Content {
        var status: String?
    }

    struct Created: Content {
        let id: String
        let status: String
    }

    struct Summary: Content {
        let id: String
        let organisationId: String
        let title: String
        let scenario: String
        let plannedAt: Date
        let organisedBy: String
        let status: String
        let systemIds: [String]
        let completedAt: Date?
    }

    struct DrillDTO: Content {
        struct Named: Content { let id: String; let name: String }
        struct Event: Content { let id: String; let kind: String; let at: Date; let actor: String; let text: String }
        struct Task: Content {
            let id: String
            let eventId: String
            let text: String
            let owner: String?
            let ownerName: String
            let dueAt: Date?
            let planReview: Bool
            let done: Bool
        }
        let id: String
        let organisationId: String
        let title: String
        let scenario: String
        let plannedAt: Date
        let organisedBy: String
        let objectives: String
        let status: String
        let startedAt: Date?
        let completedAt: Date?
        let systemIds: [String]
        let systems: [Named]
        let participants: [Named]
        let events: [Event]
        let tasks: [Task]
    }

    struct ObligationDTO: Content {
        let systemId: String
        let systemName: String
        let organisationId: String
        let securityLevel: Int
        let lastDrill: Date?
        let nextDue: Date
        let overdue: Bool
    }

    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    static func drillID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("drillID", as: UUID.self) else { throw VigilError.notFound }
        return id
    }

    static func summary(_ drill: DrillRecord) -> Summary {
        Summary(id: id(drill.id!), organisationId: id(drill.organisationID), title: drill.title, scenario: drill.scenario, plannedAt: drill.plannedAt,
                organisedBy: drill.organisedBy, status: drill.status, systemIds: drill.systemIDs.map(id), completedAt: drill.completedAt)
    }

    static func dto(_ details: DrillDetails) -> DrillDTO {
        let drill = details.drill
        return DrillDTO(
            id: id(drill.id!), organisationId: id(drill.organisationID), title: drill.title, scenario: drill.scenario, plannedAt: drill.plannedAt,
            organisedBy: drill.organisedBy, objectives: drill.objectives, status: drill.status, startedAt: drill.startedAt,
            completedAt: drill.completedAt, systemIds: drill.systemIDs.map(id), systems: details.systems.map { .init(id: id($0.id), name: $0.name) },
            participants: details.participants.map { .init(id: id($0.id), name: $0.name) },
            events: details.events.map { .init(id: id($0.id!), kind: $0.kind, at: $0.at, actor: $0.actor, text: $0.text) },
            tasks: details.tasks.map {
                .init(id: id($0.id!), eventId: id($0.eventID), text: $0.text, owner: $0.ownerID.map(id), ownerName: $0.ownerName, dueAt: $0.dueAt,
                      planReview: $0.planReview, done: $0.doneAt != nil)
            })
    }

    @Sendable func create(req: Request) async throws -> Response {
        let body = try req.decodeJSON(CreateBody.self)
        let drill = try await service.create(
            .init(title: body.title, scenario: body.scenario, systemIDs: body.systemIds ?? [], plannedAt: body.plannedAt, organisedBy: body.organisedBy,
                  objectives: body.objectives, participantIDs: body.participantIds ?? []),
            by: try req.currentUser, address: req.clientAddress, on: req.db)
        return try await Created(id: Self.id(drill.id!), status: drill.status).encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> [Summary] {
        try await service.list(for: try req.currentUser, on: req.db).map(Self.summary)
    }

    @Sendable func obligations(req: Request) async throws -> [ObligationDTO] {
        try await service.obligations(for: try req.currentUser, on: req.db).map { system, standing in
            ObligationDTO(systemId: Self.id(standing.systemID), systemName: system.name, organisationId: Self.id(system.$organisation.id),
                          securityLevel: system.securityLevel, lastDrill: standing.lastDrill, nextDue: standing.nextDue, overdue: standing.overdue)
        }
    }

    @Sendable func show(req: Request) async throws -> DrillDTO {
        let drill = try await service.find(try Self.drillID(req), for: try req.currentUser, on: req.db)
        return Self.dto(try await service.details(drill, on: req.db))
    }

    /// Records an event; answers 201 with the drill as it now is (its tasks and status included).
    @Sendable func addEvent(req: Request) async throws -> Response {
        let user = try req.currentUser
        let drill = try await service.find(try Self.drillID(req), for: user, on: req.db)
        let body = try req.decodeJSON(EventBody.self)
        _ = try await service.record(.init(kind: body.kind, at: body.at, actor: body.actor, text: body.text, owner: body.owner, dueAt: body.dueAt,
                                           planReview: body.planReview ?? false),
                                     in: drill, by: user, address: req.clientAddress, on: req.db)
        return try await Self.dto(try await service.details(drill, on: req.db)).encodeResponse(status: .created, for: req)
    }

    @Sendable func advance(req: Request) async throws -> DrillDTO {
        let user = try req.currentUser
        let drill = try await service.find(try Self.drillID(req), for: user, on: req.db)
        let body = try req.decodeJSON(StatusBody.self)
        guard let status = DrillStatus(rawValue: body.status ?? "") else { throw VigilError.invalid("status", "drill.error.status_value") }
        try await service.advance(drill, to: status, by: user, address: req.clientAddress, on: req.db)
        return Self.dto(try await service.details(drill, on: req.db))
    }

    @Sendable func report(req: Request) async throws -> Response {
        let drill = try await service.find(try Self.drillID(req), for: try req.currentUser, on: req.db)
        return try wording.attachment(try await service.details(drill, on: req.db), language: req.language)
    }
}
