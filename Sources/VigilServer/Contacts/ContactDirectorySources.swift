import Fluent
import Foundation
import VigilCore

/// The contact directory as the response plans read it: the people of the system's organisation,
/// the focal points and outside bodies named above it, and the escalation chain that new incidents
/// follow. An organisation whose chain of organisations names nobody yet gets `fallback` (its
/// users holding the focal point's and the leader's roles), so that a plan is never empty.
struct DirectoryPlanContacts: PlanContactSource {
    let repository: ContactRepository
    let escalations: EscalationService
    let organisations: OrganisationRepository
    let fallback: any PlanContactSource

    func contacts(for organisation: OrganisationRecord, on db: any Database) async throws -> PlanContacts {
        // From the organisation itself up to the root.
        let chain = organisation.path.split(separator: "/").reversed().compactMap { UUID(uuidString: String($0)) }
        let known = try await repository.all(ofOrganisations: chain, on: db)
        guard !known.isEmpty else { return try await fallback.contacts(for: organisation, on: db) }
        let names = try await organisations.names(Set(chain), on: db)
        func contact(_ record: ContactRecord, waitMinutes: Int? = nil) -> PlanContact {
            var contact = PlanContact(role: record.role, name: record.name, organisation: names[record.$organisation.id] ?? "",
                                      phone: record.nationalPhones.joined(separator: ", "),
                                      email: record.email ?? "", availability: record.availability)
            contact.waitMinutes = waitMinutes
            return contact
        }
        // Everyone of the organisation; above it, whom its incidents go up to: focal points,
        // deputies and outside bodies.
        let above: Set<ContactRole> = [.focalPoint, .deputyFocalPoint, .external]
        var people: [PlanContact] = []
        for (depth, organisationID) in chain.enumerated() {
            people += known.filter { $0.$organisation.id == organisationID && (depth == 0 || above.contains($0.contactRole)) }
                .sorted(by: ContactRecord.directoryOrder).map { contact($0) }
        }
        // The chain a new incident of this organisation starts (its steps name contacts of the
        // organisation or of those above it, all in `known`).
        let byID = Dictionary(known.compactMap { record in record.id.map { ($0, record) } }, uniquingKeysWith: { first, _ in first })
        let escalation = try await escalations.chainInForce(for: organisation, on: db)
            .compactMap { step in byID[step.contactID].map { contact($0, waitMinutes: step.waitMinutes) } }
        return PlanContacts(people: people, escalation: escalation, fromDirectory: true)
    }
}

/// The focal point a staff notice names: the organisation's focal point in the directory, with
/// its phone number.
struct DirectoryFocalPoint: FocalPointSource {
    let repository: ContactRepository

    func focalPoint(ofOrganisation organisationID: UUID, on db: any Database) async throws -> FocalPointDirectory.Details? {
        guard let record = try await repository.holder(of: .focalPoint, in: organisationID, on: db) else { return nil }
        return FocalPointDirectory.Details(name: record.name, phone: record.nationalPhones.first)
    }
}
