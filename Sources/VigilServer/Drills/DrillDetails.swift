import Fluent
import Foundation
import VigilCore

/// Everything a drill's page, its API answer and its report show, read once.
struct DrillDetails: Sendable {
    struct Named: Sendable {
        let id: UUID
        let name: String
    }
    let drill: DrillRecord
    let organisation: String
    let systems: [Named]
    let participants: [Named]
    let events: [DrillEventRecord]
    let tasks: [DrillTaskRecord]
    /// The users a finding's task may be given to: the drill's organisation's.
    let members: [Named]
}

extension DrillService {
    func details(_ drill: DrillRecord, on db: any Database) async throws -> DrillDetails {
        let drillID = try drill.requireID()
        let members = try await users.active(inOrganisations: [drill.organisationID], on: db).filter { !$0.isSystem }.compactMap { user in
            user.id.map { DrillDetails.Named(id: $0, name: user.displayName) }
        }
        let systems = Dictionary(uniqueKeysWithValues: try await assets.systems(drill.systemIDs, on: db).compactMap { system in
            system.id.map { ($0, system.name) }
        })
        let organisation = try await organisations.find(drill.organisationID, on: db)?.name ?? ""
        return DrillDetails(
            drill: drill, organisation: organisation,
            systems: drill.systemIDs.compactMap { id in systems[id].map { .init(id: id, name: $0) } },
            participants: drill.participantIDs.compactMap { id in members.first { $0.id == id } },
            events: try await repository.events(ofDrill: drillID, on: db), tasks: try await repository.tasks(ofDrill: drillID, on: db),
            members: members)
    }
}
