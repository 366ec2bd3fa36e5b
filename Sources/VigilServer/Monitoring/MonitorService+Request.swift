import Vapor

extension MonitorService {
    /// The monitor the route names (`monitorID`), within the caller's scope; another
    /// organisation's is not found.
    func load(_ req: Request) async throws -> MonitorRecord {
        guard let id = req.parameters.get("monitorID", as: UUID.self),
              let monitor = try await find(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        return monitor
    }
}
