import Vapor

extension WebhookRepository {
    /// The webhook the route names (`webhookID`), within the caller's scope; another
    /// organisation's is not found.
    func load(_ req: Request) async throws -> WebhookRecord {
        guard let id = req.parameters.get("webhookID", as: UUID.self),
              let webhook = try await find(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        return webhook
    }
}
