import Fluent
import Foundation
import VigilCore

/// Where the staff notice's focal point comes from when the organisation names one: the contact
/// directory (its focal point, with a phone number).
protocol FocalPointSource: Sendable {
    func focalPoint(ofOrganisation organisationID: UUID, on db: any Database) async throws -> FocalPointDirectory.Details?
}

/// Who the staff notice names as the focal point to report to: the one the contact directory
/// names; while it names none, the organisation's users holding the `focal_point` role (users
/// have no phone number: the focal point types it into the notice).
struct FocalPointDirectory: Sendable {
    struct Details: Sendable, Equatable {
        let name: String
        let phone: String?
    }

    let users: UserRepository
    let directory: (any FocalPointSource)?

    /// The directory's focal point; otherwise the caller when they are one of the organisation's
    /// focal points, or the first by name; nil when the organisation has none.
    func focalPoint(ofOrganisation organisationID: UUID, preferring userID: UUID?, on db: any Database) async throws -> Details? {
        if let named = try await directory?.focalPoint(ofOrganisation: organisationID, on: db) { return named }
        let holders = try await users.holders(of: [.focalPoint], inOrganisation: organisationID, on: db).filter { !$0.isSystem }
        guard let chosen = holders.first(where: { $0.id == userID }) ?? holders.first else { return nil }
        return Details(name: chosen.displayName, phone: nil)
    }
}
