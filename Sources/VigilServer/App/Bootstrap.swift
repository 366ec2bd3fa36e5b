import Fluent
import Foundation
import Logging
import VigilCore

/// First start on an empty database: a root organisation and an administrator whose one-time
/// password is printed once on the console. There is no default password anywhere.
enum Bootstrap {
    struct FirstAdmin: Sendable {
        let email: String
        let password: String
    }

    static let adminEmail = "admin@vigil.local"
    // The root organisation and the administrator get Vietnamese placeholder names; the
    // administrator renames the root to the real provincial body under Organisations.

    static func ensureAdministrator(users: UserService, organisations: OrganisationService, on db: any Database) async throws -> FirstAdmin? {
        guard try await UserRecord.query(on: db).count() == 0 else { return nil }
        let root: OrganisationRecord
        if let existing = try await OrganisationRecord.query(on: db).filter(\.$parent.$id == nil).sort(\.$createdAt).first() {
            root = existing
        } else {
            root = try await organisations.create(
                .init(name: "Đơn vị điều phối cấp tỉnh", code: "TINH", kind: .province, parentID: nil), scope: nil, actor: .system, on: db)
        }
        let created = try await users.create(
            .init(email: adminEmail, displayName: "Quản trị hệ thống", organisationID: try root.requireID(), roles: [.admin], password: nil),
            scope: nil, actor: .system, on: db)
        return FirstAdmin(email: created.user.email, password: created.oneTimePassword ?? "")
    }
}
