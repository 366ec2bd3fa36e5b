import Fluent
import Foundation

/// Reads of the warnings' tables for other capabilities' pages (a host's page lists the warnings
/// that hit it).
struct AdvisoryRepository: Sendable {
    /// The warnings with an unresolved hit on the host, each with its hits, by reference and title.
    func openHits(onHost id: UUID, on db: any Database) async throws -> [(AdvisoryRecord, [AdvisoryMatchRecord])] {
        let hits = try await AdvisoryMatchRecord.query(on: db).filter(\.$hostID == id).filter(\.$resolvedAt == nil).all()
        let warned = try await AdvisoryRecord.query(on: db).filter(\.$id ~~ Set(hits.map(\.advisoryID))).all()
        let byAdvisory = Dictionary(grouping: hits, by: \.advisoryID)
        return warned.map { ($0, byAdvisory[$0.id!] ?? []) }
    }
}
