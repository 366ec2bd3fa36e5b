import Fluent
import Foundation
import VigilCore

/// An organisation of the tree: province coordinator, agency or unit.
final class OrganisationRecord: Model, @unchecked Sendable {
    static let schema = "organisations"

    // Managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Data
    @Field(key: "name") var name: String
    /// Short code used as a prefix of reference numbers (e.g. `SXD`).
    @Field(key: "code") var code: String
    @Enum(key: "kind") var kind: OrganisationKind
    /// Materialised path of ids, `/root/…/self/`, for subtree queries by prefix.
    @Field(key: "path") var path: String

    // Relations
    @OptionalParent(key: "parent_id") var parent: OrganisationRecord?

    init() {}

    init(id: UUID = UUID(), name: String, code: String, kind: OrganisationKind, parentID: UUID?, parentPath: String?) {
        self.id = id
        self.name = name
        self.code = code
        self.kind = kind
        self.$parent.id = parentID
        self.path = OrganisationTree.path(forID: id.uuidString.lowercased(), parentPath: parentPath)
    }
}
