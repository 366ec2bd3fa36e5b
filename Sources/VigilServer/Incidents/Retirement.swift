import Fluent
import Foundation

/// Rule data that records refer to (sub-scenarios, reporting bodies) is retired, never deleted.
protocol Retirable: Model where IDValue == UUID {
    var retiredAt: Date? { get set }
}

extension SubScenarioRecord: Retirable {}
extension ReportingBodyRecord: Retirable {}

enum Retirement {
    /// Marks the record retired, once, with its audit entry, in one transaction.
    static func retire<Record: Retirable>(_ type: Record.Type, _ id: UUID, action: String, objectType: String, by user: CurrentUser,
                                          address: String?, on db: any Database, now: Date = Date()) async throws {
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            guard let record = try await Record.find(id, on: db) else { throw VigilError.notFound }
            guard record.retiredAt == nil else { return audit.noEntry() }
            record.retiredAt = now
            try await record.update(on: db)
            var changes = AuditChanges()
            changes.set("retired", from: "false", to: "true")
            audit.record(organisationID: nil, action: action, objectType: objectType,
                         objectID: id.uuidString.lowercased(), changes: changes)
        }
    }
}
