import Fluent
import Foundation
import VigilCore

/// Who the staff notice names as the focal point to report to. Until the contact directory
/// exists, the organisation's users holding the `focal_point` role are the focal points; users
/// have no phone number, so the focal point types it into the notice. This is the one place the
/// contacts capability replaces (its focal point and phone for the organisation).
struct FocalPointDirectory: Sendable {
    struct Details: Sendable, Equatable {
        let name: String
        let phone: String?
    }

    let users: UserRepository

    /// The organisation's focal point: the caller when they are one of its focal points, otherwise
    /// the first by name; nil when the organisation has none.
    func focalPoint(ofOrganisation organisationID: UUID, preferring userID: UUID?, on db: any Database) async throws -> Details? {
        let holders = try await users.holders(of: [.focalPoint], inOrganisation: organisationID, on: db).filter { !$0.isSystem }
        guard let chosen = holders.first(where: { $0.id == userID }) ?? holders.first else { return nil }
        return Details(name: chosen.displayName, phone: nil)
    }
}
