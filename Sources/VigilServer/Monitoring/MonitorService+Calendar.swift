import Fluent
import Foundation

extension MonitorService {
    struct CertificateExpiry: Sendable {
        let monitorID: UUID
        let organisationID: UUID
        let name: String
        let expiresAt: Date
    }

    /// The certificates that the monitors of these organisations saw, expiring by `until` (or
    /// already expired), the soonest first: the compliance calendar's entries.
    func certificateExpiries(organisations ids: [UUID], until: Date, limit: Int, on db: any Database) async throws -> [CertificateExpiry] {
        guard !ids.isEmpty else { return [] }
        return try await MonitorRecord.query(on: db).filter(\.$organisation.$id ~~ ids).filter(\.$certExpiresAt <= until)
            .sort(\.$certExpiresAt).limit(limit).all().compactMap { monitor in
                guard let id = monitor.id, let expires = monitor.certExpiresAt else { return nil }
                return CertificateExpiry(monitorID: id, organisationID: monitor.$organisation.id, name: monitor.name, expiresAt: expires)
            }
    }
}
