import Fluent
import Foundation
import SQLKit
import VigilCore

/// The only place that queries organisations. Every read takes the caller's scope, so a record
/// outside it is simply not found.
struct OrganisationRepository: Sendable {
    func find(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> OrganisationRecord? {
        guard let record = try await OrganisationRecord.find(id, on: db), scope.contains(path: record.path) else {
            return nil
        }
        return record
    }

    /// Organisations in scope, ordered by path so that a tree reads top-down; `after` is a path.
    func list(in scope: AccessScope, after: String?, limit: Int, on db: any Database) async throws -> [OrganisationRecord] {
        var query = scoped(OrganisationRecord.query(on: db), scope)
        if let after { query = query.filter(\.$path > after) }
        return try await query.sort(\.$path).limit(limit).all()
    }

    func all(in scope: AccessScope, on db: any Database) async throws -> [OrganisationRecord] {
        let select = Self.select(on: db)
        let path = scope.organisationPath
        return try await Self.read(
            (scope.includesSubtree ? select.where("path", .like, SQLBind(Self.likePrefix(path))) : select.where("path", .equal, SQLBind(path)))
                .orderBy("path"))
    }

    func children(of id: UUID, on db: any Database) async throws -> [OrganisationRecord] {
        try await Self.read(Self.select(on: db).where("parent_id", .equal, SQLBind(id)).orderBy("name"))
    }

    /// Every column of `organisations`, read through SQLKit into records filled in directly: the
    /// trees the province's pages read (250 organisations, several times a request) cost a sixth
    /// of the page through Fluent's decoding, which reflects over the model's properties per row.
    private static func select(on db: any Database) -> SQLSelectBuilder {
        (db as! any SQLDatabase).select().columns("id", "created_at", "updated_at", "name", "code", "kind", "path", "parent_id")
            .from(OrganisationRecord.schema)
    }

    private struct Row: Decodable {
        let id: UUID
        let created_at: Date?
        let updated_at: Date?
        let name: String
        let code: String
        let kind: OrganisationKind
        let path: String
        let parent_id: UUID?
    }

    private static func read(_ select: SQLSelectBuilder) async throws -> [OrganisationRecord] {
        try await select.all(decoding: Row.self).map { row in
            let record = OrganisationRecord()
            record.id = row.id
            record.createdAt = row.created_at
            record.updatedAt = row.updated_at
            record.name = row.name
            record.code = row.code
            record.kind = row.kind
            record.path = row.path
            record.$parent.id = row.parent_id
            // As Fluent marks what it read: the record is stored, an update changes it.
            record._$idExists = true
            return record
        }
    }

    func exists(on db: any Database) async throws -> Bool {
        try await OrganisationRecord.query(on: db).count() > 0
    }

    func create(_ record: OrganisationRecord, on db: any Database) async throws {
        try await record.create(on: db)
    }

    private func scoped(_ query: QueryBuilder<OrganisationRecord>, _ scope: AccessScope) -> QueryBuilder<OrganisationRecord> {
        if scope.includesSubtree {
            return query.filter(\.$path, .custom("LIKE"), Self.likePrefix(scope.organisationPath))
        }
        return query.filter(\.$path == scope.organisationPath)
    }

    /// Paths are made of UUIDs and slashes only, so no LIKE wildcard can appear in them.
    static func likePrefix(_ path: String) -> String { path + "%" }
}

extension QueryBuilder {
    /// Only the rows of organisations within the scope, for a query joined with `organisations`.
    func joinedOrganisation(within scope: AccessScope) -> Self {
        if scope.includesSubtree {
            return filter(OrganisationRecord.self, \.$path, .custom("LIKE"), OrganisationRepository.likePrefix(scope.organisationPath))
        }
        return filter(OrganisationRecord.self, \.$path == scope.organisationPath)
    }
}

extension OrganisationRepository {
    /// The organisation, whoever asks (for names the caller may already show, and for the
    /// organisation of the signed-in user).
    func find(_ id: UUID, on db: any Database) async throws -> OrganisationRecord? {
        try await OrganisationRecord.find(id, on: db)
    }
}

extension OrganisationRepository {
    /// The organisations at the top of their trees (provinces, or a lone agency).
    func roots(on db: any Database) async throws -> [OrganisationRecord] {
        try await OrganisationRecord.query(on: db).filter(\.$parent.$id == nil).all()
    }

    /// The organisation at `path` and every one below it.
    func subtree(ofPath path: String, on db: any Database) async throws -> [OrganisationRecord] {
        try await OrganisationRecord.query(on: db).filter(\.$path, .custom("LIKE"), Self.likePrefix(path)).all()
    }

    /// The organisation and every one above it, nearest first (empty when it does not exist).
    func ancestry(of id: UUID, on db: any Database) async throws -> [OrganisationRecord] {
        guard let record = try await find(id, on: db) else { return [] }
        let ids = OrganisationTree.ancestry(ofPath: record.path)
        let byID = Dictionary(uniqueKeysWithValues: try await OrganisationRecord.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        return ids.compactMap { byID[$0] }
    }

    /// Every organisation's id (the jobs that look at all of them).
    func allIDs(on db: any Database) async throws -> [UUID] {
        try await OrganisationRecord.query(on: db).all().compactMap(\.id)
    }

    /// The names of these organisations, by id.
    func names(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await OrganisationRecord.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) })
    }
}
