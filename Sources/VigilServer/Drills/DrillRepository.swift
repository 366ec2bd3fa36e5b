import Fluent
import Foundation
import VigilCore

/// The only code that touches the drill tables. Reads are scoped by the caller (the service checks
/// the drill's organisation against the user's scope); writes run inside the caller's change.
struct DrillRepository: Sendable {
    func find(_ id: UUID, on db: any Database) async throws -> DrillRecord? {
        try await DrillRecord.find(id, on: db)
    }

    /// The drills of these organisations, the latest planned first.
    func drills(ofOrganisations ids: [UUID], on db: any Database) async throws -> [DrillRecord] {
        guard !ids.isEmpty else { return [] }
        return try await DrillRecord.query(on: db).filter(\.$organisationID ~~ ids).sort(\.$plannedAt, .descending).all()
    }

    /// A drill's timeline, in the order things happened.
    func events(ofDrill id: UUID, on db: any Database) async throws -> [DrillEventRecord] {
        try await DrillEventRecord.query(on: db).filter(\.$drillID == id).sort(\.$at).sort(\.$recordedAt).all()
    }

    func tasks(ofDrill id: UUID, on db: any Database) async throws -> [DrillTaskRecord] {
        try await DrillTaskRecord.query(on: db).filter(\.$drillID == id).sort(\.$dueAt).all()
    }

    func task(_ id: UUID, ofDrill drillID: UUID, on db: any Database) async throws -> DrillTaskRecord? {
        try await DrillTaskRecord.query(on: db).filter(\.$id == id).filter(\.$drillID == drillID).first()
    }

    func create(_ drill: DrillRecord, on db: any Database) async throws { try await drill.create(on: db) }
    func update(_ drill: DrillRecord, on db: any Database) async throws { try await drill.update(on: db) }
    func create(_ event: DrillEventRecord, on db: any Database) async throws { try await event.create(on: db) }
    func create(_ task: DrillTaskRecord, on db: any Database) async throws { try await task.create(on: db) }
    func update(_ task: DrillTaskRecord, on db: any Database) async throws { try await task.update(on: db) }
}
