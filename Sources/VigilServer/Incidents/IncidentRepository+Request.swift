import Vapor

extension IncidentRepository {
    /// The incident named by the route's `:incidentID`, if the caller may see it; else 404.
    func load(_ req: Request) async throws -> IncidentRecord {
        let user = try req.currentUser
        guard let id = req.parameters.get("incidentID", as: UUID.self),
              let incident = try await find(id, for: user, on: req.db)
        else { throw VigilError.notFound }
        return incident
    }
}
