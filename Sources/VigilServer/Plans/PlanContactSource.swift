import Fluent
import Foundation
import VigilCore

/// Where a plan's contacts and escalation chain come from: the contact directory
/// (`DirectoryPlanContacts`, in `Contacts/`), and `FocalPointUsers` while it names nobody.
protocol PlanContactSource: Sendable {
    /// The people to call about an incident of `organisation`'s systems, and the chain of escalation.
    func contacts(for organisation: OrganisationRecord, on db: any Database) async throws -> PlanContacts
}

/// The contacts as the users' roles give them: the focal points of the system's organisation, or of
/// the nearest organisation above it that has one, then its leaders, and the focal points above
/// that (the seed: units report to the Office's focal point, who reports to the Board).
struct FocalPointUsers: PlanContactSource {
    let users: UserRepository
    let organisations: OrganisationRepository

    func contacts(for organisation: OrganisationRecord, on db: any Database) async throws -> PlanContacts {
        // The chain from the organisation itself up to the root.
        let chain = organisation.path.split(separator: "/").reversed().compactMap { UUID(uuidString: String($0)) }
        let names = try await organisations.names(Set(chain), on: db)
        let active = try await users.active(inOrganisations: chain, on: db)
        var people: [PlanContact] = []
        for organisationID in chain {
            let here = active.filter { $0.$organisation.id == organisationID }.sorted { $0.displayName < $1.displayName }
            for (role, code) in [(Role.focalPoint, "focal_point"), (.leader, "leader")] {
                people += here.filter { $0.roles.contains(role) }.map {
                    PlanContact(role: code, name: $0.displayName, organisation: names[organisationID] ?? "", email: $0.email)
                }
            }
        }
        // The nearest focal points first, then the leaders of that organisation, then the focal points above.
        let nearestFocal = people.first { $0.role == "focal_point" }?.organisation
        let escalation = people.filter { $0.role == "focal_point" && $0.organisation == nearestFocal }
            + people.filter { $0.role == "leader" && $0.organisation == nearestFocal }
            + people.filter { $0.role == "focal_point" && $0.organisation != nearestFocal }
        return PlanContacts(people: people, escalation: escalation, fromDirectory: false)
    }
}
