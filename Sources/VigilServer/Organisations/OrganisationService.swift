import Fluent
import Foundation
import VigilCore

/// Creating and changing organisations, for the UI, the API and the command line alike.
struct OrganisationService: Sendable {
    let repository: OrganisationRepository

    struct Draft: Sendable {
        var name: String
        var code: String?
        var kind: OrganisationKind?
        var parentID: UUID?
    }

    /// - Parameter scope: the caller's scope; nil for the command line, which acts as the server.
    func create(_ draft: Draft, scope: AccessScope?, actor: AuditActor, on db: any Database) async throws -> OrganisationRecord {
        var problems = FieldProblems()
        let name = try problems.check { try InputValidation.name(draft.name) }
        let code = try problems.check { try InputValidation.organisationCode(draft.code ?? Self.suggestCode(from: draft.name)) }
        try problems.throwIfAny()
        guard let name, let code else { throw VigilError.internal }
        let parent: OrganisationRecord?
        if let parentID = draft.parentID {
            let found: OrganisationRecord? = if let scope {
                try await repository.find(parentID, in: scope, on: db)
            } else {
                try await OrganisationRecord.find(parentID, on: db)
            }
            guard let found else { throw VigilError.invalid("parent", "validation.parent_unknown") }
            parent = found
        } else {
            // A new root: only the command line or an administrator of a root organisation.
            if let scope, OrganisationTree.depth(ofPath: scope.organisationPath) != 1 || !scope.includesSubtree {
                throw VigilError.invalid("parent", "validation.parent_required")
            }
            parent = nil
        }
        let kind = draft.kind ?? parent.map { $0.kind.allowedChildren.first ?? .unit } ?? .province
        if let parent, !parent.kind.allowedChildren.contains(kind) {
            throw VigilError.invalid("kind", "validation.kind_not_allowed")
        }
        let record = OrganisationRecord(name: name, code: code, kind: kind, parentID: parent?.id, parentPath: parent?.path)
        try await db.change(by: actor) { db, audit in
            try await repository.create(record, on: db)
            var changes = AuditChanges()
            changes.created("name", name)
            changes.created("code", code)
            changes.created("kind", kind.rawValue)
            changes.created("parent", parent?.id?.uuidString.lowercased())
            audit.record(organisationID: record.id, action: "organisation.create", objectType: "organisation",
                         objectID: record.id?.uuidString.lowercased(), changes: changes)
        }
        return record
    }

    func update(_ record: OrganisationRecord, name: String, code: String, actor: AuditActor, on db: any Database) async throws {
        let name = try InputValidation.name(name)
        let code = try InputValidation.organisationCode(code)
        var changes = AuditChanges()
        changes.set("name", from: record.name, to: name)
        changes.set("code", from: record.code, to: code)
        guard !changes.isEmpty else { return }
        record.name = name
        record.code = code
        let recorded = changes
        try await db.change(by: actor) { db, audit in
            try await record.update(on: db)
            audit.record(organisationID: record.id, action: "organisation.update", objectType: "organisation",
                         objectID: record.id?.uuidString.lowercased(), changes: recorded)
        }
    }

    /// Initials of the name's words, for a code nobody typed: "Sở Xây dựng" -> "SXD".
    static func suggestCode(from name: String) -> String {
        let initials = name.split(separator: " ").compactMap { $0.first }
            .map { String($0).folding(options: .diacriticInsensitive, locale: nil).replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d") }
            .joined().uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return initials.count >= 2 ? String(initials.prefix(12)) : "ORG"
    }
}
