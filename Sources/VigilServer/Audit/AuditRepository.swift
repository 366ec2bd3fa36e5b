import Fluent
import Foundation
import VigilCore

/// Reads the audit trail, filtered and limited to the caller's organisations.
struct AuditRepository: Sendable {
    struct Filter: Sendable {
        var actor: String?
        var action: String?
        var objectType: String?
        var objectID: String?
        var fromMillis: Int64?
        var toMillis: Int64?
    }

    /// Newest first; `before` is a sequence number from the previous page.
    func list(in scope: AccessScope, organisationIDs: [String], filter: Filter, before: Int64?, limit: Int,
              on db: any Database) async throws -> [AuditEntryRecord] {
        var query = AuditEntryRecord.query(on: db)
        // A root-level subtree sees everything, including entries with no organisation (CLI, system).
        let isWholeTree = scope.includesSubtree && OrganisationTree.depth(ofPath: scope.organisationPath) == 1
        if !isWholeTree { query = query.filter(\.$organisationID ~~ organisationIDs) }
        if let actor = filter.actor, !actor.isEmpty { query = query.filter(\.$actorLabel == actor.lowercased()) }
        if let action = filter.action, !action.isEmpty { query = query.filter(\.$action == action) }
        if let type = filter.objectType, !type.isEmpty { query = query.filter(\.$objectType == type) }
        if let id = filter.objectID, !id.isEmpty { query = query.filter(\.$objectID == id.lowercased()) }
        if let from = filter.fromMillis { query = query.filter(\.$atMillis >= from) }
        if let to = filter.toMillis { query = query.filter(\.$atMillis < to) }
        if let before { query = query.filter(\.$id < before) }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }

    func actions(on db: any Database) async throws -> [String] {
        try await AuditEntryRecord.query(on: db).unique().all(\.$action).sorted()
    }

    /// The chain's last sequence (0 before the first entry): where the records stand.
    func headSequence(on db: any Database) async throws -> Int64 {
        try await AuditHeadRecord.find(AuditHeadRecord.singletonID, on: db)?.lastSequence ?? 0
    }

    /// The entries after `sequence`, oldest first, at most `limit`: each one's sequence and the
    /// organisation it was recorded for (nil: none, a setting or the system).
    func changes(after sequence: Int64, limit: Int, on db: any Database) async throws -> [(sequence: Int64, organisation: String?)] {
        try await AuditEntryRecord.query(on: db).filter(\.$id > sequence).sort(\.$id).limit(limit)
            .field(\.$id).field(\.$organisationID).all().map { ($0.id ?? 0, $0.organisationID) }
    }
}
