import Vapor
import VigilCore

/// One supplier in the API: `GET /api/v1/suppliers/{id}`, and `PATCH` with the fields to change
/// (the others keep their values; the whole is checked as the form checks it).
extension SupplierController {
    struct Patch: Content {
        var name: String?
        var organisation: String?
        var services: String?
        var contacts: String?
        var remoteAccess: String?
        /// `YYYY-MM-DD`, or "" to clear.
        var lastReview: String?
        var reviewResult: String?
        var reviewIntervalMonths: Int?
        var risk: String?
    }

    @Sendable func showJSON(req: Request) async throws -> SupplierDTO {
        SupplierDTO(try await load(req))
    }

    @Sendable func updateJSON(req: Request) async throws -> SupplierDTO {
        let supplier = try await load(req)
        let patch = try req.decodeJSON(Patch.self)
        let draft = SupplierService.Draft(
            name: patch.name ?? supplier.name, organisation: patch.organisation ?? supplier.$organisation.id.uuidString.lowercased(),
            services: patch.services ?? supplier.services, contacts: patch.contacts ?? supplier.contacts,
            remoteAccess: patch.remoteAccess ?? supplier.remoteAccess, lastReview: patch.lastReview ?? supplier.lastReviewOn.map(ISODay.string) ?? "",
            reviewResult: patch.reviewResult ?? supplier.reviewResult,
            reviewIntervalMonths: patch.reviewIntervalMonths.map(String.init) ?? String(supplier.reviewIntervalMonths), risk: patch.risk ?? supplier.risk)
        let saved = try await service.save(draft, existing: supplier, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return SupplierDTO(try await service.find(saved.id!, for: try req.currentUser, on: req.db))
    }
}
