import Fluent
import Foundation
import VigilCore

extension OrganisationRepository {
    /// The organisations of the caller's scope, narrowed to `id`'s subtree when one is given: the
    /// lists a compliance figure links to (`?org=ID`) show that organisation's records only. An
    /// organisation outside the scope is not found (404), as everywhere.
    func all(in scope: AccessScope, narrowedTo id: UUID?, on db: any Database) async throws -> [OrganisationRecord] {
        let visible = try await all(in: scope, on: db)
        guard let id else { return visible }
        guard let chosen = visible.first(where: { $0.id == id }) else { throw VigilError.notFound }
        return visible.filter { $0.path.hasPrefix(chosen.path) }
    }
}
